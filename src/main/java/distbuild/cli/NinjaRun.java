package distbuild.cli;

import distbuild.client.Client;
import distbuild.files.FileTrees;
import distbuild.model.Id;
import distbuild.ninja.NinjaEdge;
import distbuild.ninja.NinjaGraph;
import distbuild.ninjaplan.BuildDirectory;
import distbuild.ninjaplan.ClientEdges;
import distbuild.ninjaplan.NinjaPlan;
import distbuild.ninjaplan.NinjaPlanner;
import distbuild.ninjaplan.TreeLayout;
import distbuild.ninjaplan.UnsentReadsException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A ninja build ({@code -C DIR}) for a person: the edges the cluster can run go there, as one
 * build with progress and summary; the edges that must run here (console pool, generator) run
 * here when what they wait for is done; and so on until the targets are built. The build
 * directory ends as ninja would leave it.
 */
final class NinjaRun {
    private final BuildSource source;
    private final ProgressOptions progress;
    private final Path dir;
    private final List<NinjaEdge> edges;
    private final TreeLayout layout;
    private final NinjaPlanner planner;
    private final List<NinjaEdge> onClient;
    /** The first round's plan, made before any cluster is needed. */
    private NinjaPlan firstPlan;

    private NinjaRun(BuildSource source, ProgressOptions progress, Path dir, List<NinjaEdge> edges, TreeLayout layout,
            NinjaPlanner planner, List<NinjaEdge> onClient) {
        this.source = source;
        this.progress = progress;
        this.dir = dir;
        this.edges = edges;
        this.layout = layout;
        this.planner = planner;
        this.onClient = onClient;
    }

    /** Reads and plans the build ({@code source} is a ninja one); bad input is refused here, before a cluster is used. */
    static NinjaRun read(BuildSource source, ProgressOptions progress) throws IOException, InterruptedException {
        if (progress.output != null) {
            throw new IllegalArgumentException("a ninja build's outputs land in its build directory, as with ninja: --output is for build files");
        }
        Path dir = source.ninjaDirectory();
        // The planner names each compiler by its digest: kept for later builds, not read each time.
        distbuild.files.FileDigests.rememberProgramsIn(LocalCluster.defaultDataDir().resolveSibling("program-digests"));
        NinjaGraph graph = NinjaGraph.load(dir, source.ninjaFile());
        List<NinjaEdge> edges = graph.edgesFor(graph.targets(source.requestedTargets()));
        // The whole graph's sources, not only the targets': a job's identity must not depend on which targets were asked for.
        TreeLayout layout = TreeLayout.of(dir, sourcesOutside(graph, graph.edges()));
        NinjaPlanner planner = new NinjaPlanner(graph, layout);
        List<NinjaEdge> onClient = new ArrayList<>(edges.stream().filter(NinjaPlanner::runsOnClient).toList());
        if (source.noLocal && !onClient.isEmpty()) {
            throw new IllegalArgumentException("--no-local: " + onClient.size() + " edges would run on this machine: "
                    + String.join(", ", onClient.stream().limit(5).map(NinjaRun::describe).toList())
                    + (onClient.size() > 5 ? ", …" : "") + " (console-pool and generator edges run where the build was started)");
        }
        NinjaRun run = new NinjaRun(source, progress, dir, edges, layout, planner, onClient);
        run.firstPlan = planner.plan(edges, Set.of());
        return run;
    }

    /** Builds it on the cluster of {@code client}, edges that must run here here, and returns the exit code. */
    int run(Client client, URI coordinator, PrintStream out) throws IOException, InterruptedException {
        BuildDirectory directory = new BuildDirectory(layout);
        ClientEdges here = new ClientEdges(dir);
        Set<NinjaEdge> done = new HashSet<>();
        int ranHere = 0;
        Path treeRoot = layout.clientRoot().orElse(null);
        Path linkedRoot = treeRoot == null ? linkedTreeRoot(layout) : null;
        try {
            while (true) {
                boolean advanced = false;
                NinjaPlan plan = firstPlan != null ? firstPlan : planner.plan(edges, done);
                firstPlan = null;
                for (var runHere : plan.runHere().entrySet()) {
                    if (!onClient.contains(runHere.getKey())) {
                        if (source.noLocal) {
                            throw new IllegalArgumentException("--no-local: " + describe(runHere.getKey())
                                    + " would run on this machine: " + runHere.getValue());
                        }
                        out.println("[here] " + describe(runHere.getKey()) + " runs on this machine: " + runHere.getValue());
                        onClient.add(runHere.getKey());
                    }
                }
                if (!plan.edges().isEmpty()) {
                    List<Id> jobs = plan.build().graph().jobs().stream().map(distbuild.model.Job::id).toList();
                    BuildDirectory.ArtifactFetcher fetcher = (id, into) -> client.fetchArtifact(id, into);
                    LandingAsJobsFinish landing = new LandingAsJobsFinish(directory, plan, fetcher);
                    int exitCode;
                    try {
                        exitCode = ConsoleBuild.run(client, coordinator,
                                new BuildSource.Loaded(plan.build(), treeRoot != null ? treeRoot : linkedRoot, jobs), progress, out,
                                landing);
                    } finally {
                        landing.awaitLanded();
                    }
                    try {
                        landing.throwIfReadUnsentFiles();
                        if (exitCode != 0) {
                            return exitCode;
                        }
                        directory.land(plan, fetcher); // what no event announced, such as jobs finished before a coordinator restart
                    } catch (UnsentReadsException e) {
                        out.println("build FAILED: " + e.getMessage());
                        return Main.BUILD_FAILED;
                    }
                    done.addAll(plan.edges().values());
                    advanced = true;
                }
                for (NinjaEdge edge : onClient) {
                    if (done.contains(edge) || !done.containsAll(planner.waitsFor(edge))) {
                        continue;
                    }
                    out.println("[here] " + describe(edge));
                    out.flush();
                    int exitCode = here.run(edge);
                    if (exitCode != 0) {
                        out.println("build FAILED: " + describe(edge) + ", run on this machine, exited with " + exitCode);
                        return Main.BUILD_FAILED;
                    }
                    directory.ranHere(edge);
                    done.add(edge);
                    ranHere++;
                    advanced = true;
                }
                if (!advanced) {
                    if (!plan.blocked().isEmpty()) {
                        var first = plan.blocked().entrySet().iterator().next();
                        throw new NinjaBuildStuckException(plan.blocked().size() + " edges cannot be built, such as "
                                + describe(first.getKey()) + ": " + first.getValue());
                    }
                    break;
                }
            }
        } finally {
            directory.cleanUp(); // what a landing cut short left, however the build ends
            directory.writeNinjaRecords(); // what landed is recorded for ninja, however the build ends
            if (linkedRoot != null) {
                FileTrees.deleteRecursively(linkedRoot);
            }
        }
        out.println("build directory " + dir + ": " + directory.written() + " files written, " + directory.unchanged()
                + " unchanged" + (ranHere > 0 ? "; " + ranHere + " edges ran on this machine" : ""));
        out.flush();
        return 0;
    }

    /** A directory whose {@code source} and {@code build} lead to the client's two: what sources are read from when they lie apart. */
    private static Path linkedTreeRoot(TreeLayout layout) throws IOException {
        Path root = Files.createTempDirectory("distbuild-tree");
        Files.createSymbolicLink(root.resolve("source"), layout.sourceDir());
        Files.createSymbolicLink(root.resolve("build"), layout.buildDir());
        return root;
    }

    /** The files the edges read that no edge makes and that lie outside the build directory: where the sources are. */
    private static List<Path> sourcesOutside(NinjaGraph graph, List<NinjaEdge> edges) {
        List<Path> sources = new ArrayList<>();
        for (NinjaEdge edge : edges) {
            for (String input : edge.allInputs()) {
                Path path = graph.directory().resolve(input).normalize();
                if (!path.startsWith(graph.directory()) && graph.node(input).flatMap(node -> node.producer()).isEmpty()
                        && Files.isRegularFile(path)) {
                    sources.add(path);
                }
            }
        }
        return sources;
    }

    private static String describe(NinjaEdge edge) {
        return NinjaPlanner.describe(edge);
    }
}
