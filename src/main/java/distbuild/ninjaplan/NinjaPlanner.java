package distbuild.ninjaplan;

import distbuild.buildfile.BuildPlan;
import distbuild.buildfile.Lowering;
import distbuild.model.Cmd;
import distbuild.model.ContentHash;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.InvalidInputException;
import distbuild.model.Job;
import distbuild.model.Needs;
import distbuild.ninja.NinjaEdge;
import distbuild.ninja.NinjaGraph;
import distbuild.ninja.NinjaPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the edges of a ninja build into jobs of a wire graph, each running its edge's command
 * unchanged: in the build directory, with the tree seen at the client's paths
 * ({@link TreeLayout}), the files it reads sent with it (its declared inputs and those
 * {@link InputDiscovery} finds), the edges making them as its deps, and the programs it runs
 * pinned by content ({@link Programs}). Its declared outputs, and any other file its command
 * writes in the build directory, are its artifact; symbolic links travel as small files beside it,
 * which the next job and the client make links again.
 *
 * <p>Edges the client runs itself ({@link #runsOnClient}) are left out, and so is everything
 * waiting for one of them not yet run: the caller runs those and plans again.
 */
public final class NinjaPlanner {
    private final NinjaGraph graph;
    private final TreeLayout layout;
    private final InputDiscovery discovery;
    private final Programs programs;
    private final Map<Path, NinjaEdge> producers = new HashMap<>();
    private final Map<Path, Id> contentIds = new HashMap<>();
    /** Every job planned so far, by edge: a later round's job may depend on one. */
    private final Map<NinjaEdge, Draft> drafted = new HashMap<>();

    /** A planner that finds each compile's headers by scanning them, and adds what ninja recorded of a last build. */
    public NinjaPlanner(NinjaGraph graph, TreeLayout layout) throws IOException {
        this(graph, layout, null);
    }

    /** @param discovery what finds the files an edge reads; null for the scan and ninja's records */
    NinjaPlanner(NinjaGraph graph, TreeLayout layout, InputDiscovery discovery) throws IOException {
        this.graph = graph;
        this.layout = layout;
        this.programs = new Programs(layout);
        for (NinjaEdge edge : graph.edges()) {
            for (String output : edge.allOutputs()) {
                Path path = absolute(output);
                producers.put(path, edge);
            }
        }
        this.discovery = discovery != null ? discovery
                : new BothDiscoveries(new ScannedIncludes(layout), new RecordedDeps(layout.buildDir()));
    }

    /** Console-pool edges (they talk to the person at the terminal) and generator edges (they rewrite build.ninja) run on the client. */
    public static boolean runsOnClient(NinjaEdge edge) {
        return !edge.isPhony() && (edge.generator() || edge.pool().name().equals(NinjaPool.CONSOLE.name()));
    }

    /**
     * The jobs for {@code edges} (in dependency order, as {@link NinjaGraph#edgesFor} gives them)
     * that can run now, given the edges already {@code done} (their outputs are on the client).
     *
     * @throws InvalidInputException naming an input that is missing and that no edge makes, or
     *     a file outside the source and build directories that is not the machine's own
     */
    public NinjaPlan plan(List<NinjaEdge> edges, Set<NinjaEdge> done) throws IOException {
        Map<NinjaEdge, Integer> inBuild = new HashMap<>();
        for (int i = 0; i < edges.size(); i++) {
            inBuild.put(edges.get(i), i);
        }
        Set<Path> generatedHere = new HashSet<>();
        for (NinjaEdge edge : edges) {
            if (!edge.isPhony()) {
                edge.allOutputs().forEach(output -> generatedHere.add(absolute(output)));
            }
        }
        discovery.lookAgain(generatedHere);
        Map<NinjaEdge, Id> jobOf = new LinkedHashMap<>();
        Map<NinjaEdge, Draft> drafts = new LinkedHashMap<>();
        Set<NinjaEdge> carried = new LinkedHashSet<>();
        Map<NinjaEdge, String> blocked = new LinkedHashMap<>();
        Map<NinjaEdge, String> runHere = new LinkedHashMap<>();
        for (NinjaEdge edge : edges) {
            if (edge.isPhony() || done.contains(edge) || runsOnClient(edge)) {
                continue;
            }
            Draft draft = draft(edge, new Context(done, inBuild, jobOf, runHere, carried, blocked));
            if (draft == null && runHere.containsKey(edge)) {
                continue;
            }
            if (draft == null) {
                blocked.putIfAbsent(edge, "it waits for another edge");
                continue;
            }
            drafts.put(edge, draft);
            jobOf.put(edge, draft.id());
            drafted.put(edge, draft);
        }
        // Jobs done in an earlier round that this round's jobs depend on are in its graph again (each
        // replays from the cache): a job depends on the job making a file, whenever that was made, so
        // that its ID is the same whether the file existed when it was planned or not.
        Map<NinjaEdge, Draft> again = new LinkedHashMap<>();
        for (NinjaEdge edge : carried) {
            again.put(edge, drafted.get(edge));
        }
        again.putAll(drafts);
        drafts = again;
        // Each content once in the wire graph, at its first path; a job reading it elsewhere copies it there.
        Map<Id, String> canonical = new TreeMap<>();
        for (Draft draft : drafts.values()) {
            draft.inputs().forEach((path, id) -> canonical.merge(id, path, (a, b) -> a.compareTo(b) <= 0 ? a : b));
        }
        List<Job> jobs = new ArrayList<>();
        Map<String, List<Id>> names = new LinkedHashMap<>();
        Map<Id, NinjaEdge> edgeOfJob = new LinkedHashMap<>();
        Map<Id, List<String>> outputs = new LinkedHashMap<>();
        Map<Id, NinjaPlan.JobReads> reads = new LinkedHashMap<>();
        for (Map.Entry<NinjaEdge, Draft> entry : drafts.entrySet()) {
            Draft draft = entry.getValue();
            Job job = lower(draft, canonical);
            jobs.add(job);
            names.computeIfAbsent(job.name(), n -> new ArrayList<>()).add(job.id());
            if (!carried.contains(entry.getKey())) { // landed already
                edgeOfJob.put(job.id(), entry.getKey());
                outputs.put(job.id(), draft.outputs());
                reads.put(job.id(), draft.reads());
            }
        }
        Map<Id, String> sourceFiles = new LinkedHashMap<>();
        canonical.forEach(sourceFiles::put);
        discovery.planned();
        return new NinjaPlan(new BuildPlan(new Graph(sourceFiles, jobs), names, outputs), layout, edgeOfJob, blocked,
                runHere, reads);
    }

    /** What one edge's job is made of, before its commands are written. */
    private record Draft(NinjaEdge edge, Id id, String name, SortedTreeInputs inputs, List<Id> deps, Set<NinjaEdge> depEdges,
            List<String> outputs, String rspfile, Needs needs, JobPaths paths, NinjaPlan.JobReads reads) {}

    /** What drafting one edge needs to know of the round: what is done, what this build holds, what is planned. */
    /** @param inBuild each edge of the build with its place in dependency order */
    private record Context(Set<NinjaEdge> done, Map<NinjaEdge, Integer> inBuild, Map<NinjaEdge, Id> jobOf, Map<NinjaEdge, String> runHere,
            Set<NinjaEdge> carried, Map<NinjaEdge, String> blocked) {}

    /** Tree path → content ID, sorted by path. */
    private static final class SortedTreeInputs extends TreeMap<String, Id> {}

    /**
     * The edge's job; or null if it must wait (for an edge not run yet that the cluster cannot run
     * now, or for generated headers to exist), or must run on the client (then noted in the round's {@code runHere}).
     */
    private Draft draft(NinjaEdge edge, Context round) throws IOException {
        Set<Path> reads = new LinkedHashSet<>();
        for (String input : edge.inputs()) {
            reads.add(absolute(input));
        }
        for (String input : edge.implicitInputs()) {
            reads.add(absolute(input));
        }
        List<Path> machineDirectories = List.of();
        switch (discovery.readsOf(edge)) {
            case InputDiscovery.Reads.Unknowable unknowable -> {
                round.runHere().put(edge, unknowable.why());
                return null;
            }
            case InputDiscovery.Reads.AfterGenerated after -> {
                round.blocked().put(edge, "its includes are known only once " + after.generated().iterator().next() + " is made");
                return null; // planned again once those files exist
            }
            case InputDiscovery.Reads.Known known -> {
                reads.addAll(known.files());
                machineDirectories = known.machineDirectories();
            }
        }
        // What must be made first but is not read (order-only inputs): the edges making it are deps all
        // the same, for a file they make without saying so (a header a custom target writes) is read.
        Set<Path> orderOnly = new LinkedHashSet<>();
        edge.orderOnlyInputs().forEach(input -> orderOnly.add(absolute(input)));
        SortedTreeInputs inputs = new SortedTreeInputs();
        // By the first output of the edge that makes each: an order its commands can list them in that
        // does not change when a dep's ID does, so that a job's action key (early cutoff) stays as it was.
        Map<String, Id> deps = new TreeMap<>();
        // Deps for what the job reads make its identity; deps only for order (ninja's order-only
        // inputs) do not, as with ninja: a change to them rebuilds nothing.
        Set<Id> readDeps = new TreeSet<>();
        Set<NinjaEdge> depEdges = new LinkedHashSet<>();
        Set<Path> sent = new LinkedHashSet<>();
        Set<Path> needed = expandPhony(withThinArchiveMembers(reads));
        Set<Path> ordered = expandPhony(orderOnly);
        Set<Path> all = new LinkedHashSet<>(needed);
        all.addAll(ordered);
        for (Path path : all) {
            NinjaEdge producer = producers.get(path);
            if (producer == edge) {
                // What it writes itself, named through a phony target: CMake's `zstdcat` stands for the
                // custom command that makes the link zstdcat, which the command's words then name.
                continue;
            }
            if (producer != null && !producer.isPhony() && round.inBuild().containsKey(producer)
                    && round.inBuild().get(producer) > round.inBuild().get(edge)) {
                continue; // made after this edge (a library's soname named in its own link): not something it reads
            }
            if (producer != null && !producer.isPhony() && round.inBuild().containsKey(producer)) {
                Id dep;
                if (!round.done().contains(producer)) {
                    dep = round.jobOf().get(producer);
                    if (dep == null) {
                        round.blocked().put(edge, "it needs " + path + ", which " + describe(producer) + " makes"
                                + (round.runHere().containsKey(producer) ? " on this machine" : ""));
                        return null; // made on the client, or waiting for something made there
                    }
                } else if (drafted.containsKey(producer)) {
                    dep = drafted.get(producer).id();
                    carry(producer, round.carried());
                } else {
                    dep = null; // the client made it: a file like any other, below
                }
                if (dep != null) {
                    deps.put(producer.allOutputs().getFirst(), dep);
                    if (needed.contains(path)) {
                        readDeps.add(dep);
                    }
                    depEdges.add(producer);
                    producer.allOutputs().forEach(output -> sent.add(absolute(output)));
                    sent.add(path);
                    continue;
                }
            }
            if (!needed.contains(path) || Files.isDirectory(path)) {
                continue; // ordering only, or a directory ninja looks at for its time
            }
            if (!Files.isRegularFile(path)) {
                if (producer == null && (edge.inputs().contains(graphPath(path)) || edge.implicitInputs().contains(graphPath(path)))) {
                    throw new InvalidInputException("'" + graphPath(path) + "', needed by '" + edge.outputs().getFirst()
                            + "', is missing and no edge makes it");
                }
                continue; // a header the scan looked for where it is not: the compiler will not find it there either
            }
            var treePath = layout.treePath(path);
            if (treePath.isEmpty()) {
                continue; // the machine's own (a system header): part of the toolchain, not sent
            }
            inputs.put(treePath.get(), contentId(path));
            sent.add(path);
        }
        List<String> outputs = new ArrayList<>();
        for (String output : edge.allOutputs()) {
            String treePath = treePathOf(edge, absolute(output));
            if (!outputs.contains(treePath)) {
                outputs.add(treePath);
            }
        }
        if (!edge.depfile().isEmpty()) {
            String depfile = treePathOf(edge, absolute(edge.depfile()));
            if (!outputs.contains(depfile)) {
                outputs.add(depfile);
            }
        }
        String rspfile = edge.rspfile().isEmpty() ? null : treePathOf(edge, absolute(edge.rspfile()));
        JobPaths paths = JobPaths.of(edge, layout);
        Needs needs = new Needs(paths.treeAt(), programs.of(CompilerLaunchers.strip(edge.command())));
        String name = edge.description().isBlank() ? edge.outputs().isEmpty() ? "edge " + edge.id() : edge.outputs().getFirst()
                : edge.description();
        Id id = identity(edge, paths, inputs, readDeps, outputs, rspfile, needs);
        return new Draft(edge, id, name, inputs, List.copyOf(new LinkedHashSet<>(deps.values())), depEdges, outputs, rspfile, needs, paths,
                new NinjaPlan.JobReads(sent, machineDirectories, paths.fixed()));
    }

    /**
     * A job's ID, from what it is rather than from its lowered commands: its command, response
     * file, inputs by path and content, deps, outputs and needs. (Which path of a content the wire
     * graph lists is a matter of the whole graph and must not change an ID.) The commands wrapped
     * around the edge's (copying deps in, collecting outputs) are left out: a change to them must
     * change the scheme's name, {@code distbuild-ninja-edge-vN}, or cached results made the old way
     * would be taken for the new.
     */
    private Id identity(NinjaEdge edge, JobPaths paths, Map<String, Id> inputs, Collection<Id> deps, List<String> outputs,
            String rspfile, Needs needs) {
        ContentHash hash = new ContentHash("distbuild-ninja-edge-v3");
        hash.add(paths.command()).add(paths.buildDir());
        hash.add(rspfile == null ? "" : rspfile).add(rspfile == null ? "" : edge.rspfileContent());
        hash.add("inputs:" + inputs.size());
        inputs.forEach((path, id) -> hash.add(path).add(id));
        hash.add("deps:" + deps.size());
        deps.forEach(hash::add);
        hash.add("outputs:" + outputs.size()).addAll(new TreeSet<>(outputs));
        needs.treeAt().forEach((dir, at) -> hash.add(dir).add(at));
        needs.programs().forEach((program, sha) -> hash.add(program).add(sha));
        new TreeMap<>(Lowering.DEFAULT_ENVIRONMENT).forEach((key, value) -> hash.add(key).add(value)); // Map.of's order varies by run
        return hash.build();
    }

    private Job lower(Draft draft, Map<Id, String> canonical) {
        Map<String, String> copies = new TreeMap<>();
        Set<String> wireInputs = new TreeSet<>();
        for (Map.Entry<String, Id> input : draft.inputs().entrySet()) {
            String first = canonical.get(input.getValue());
            wireInputs.add(first);
            if (!first.equals(input.getKey())) {
                copies.put(input.getKey(), first);
            }
        }
        List<String> strays = wireInputs.stream().filter(path -> !draft.inputs().containsKey(path)).toList();
        Set<String> directories = new TreeSet<>(layout.directoriesNamed());
        directories.addAll(directoriesClimbedIn(draft.edge().command()));
        draft.outputs().forEach(output -> directories.add(output.contains("/") ? output.substring(0, output.lastIndexOf('/')) : "."));
        String buildDirInTree = layout.buildDirInTree().isEmpty() ? "." : "./" + layout.buildDirInTree();
        List<Cmd> cmds = NinjaLowering.lower(copies, strays, draft.deps(), directories, buildDirInTree, draft.paths(),
                draft.rspfile(), draft.edge().rspfileContent(), draft.outputs());
        return new Job(draft.id(), draft.name(), List.copyOf(wireInputs), draft.deps(), cmds, null, false, draft.needs());
    }

    /**
     * The build's own directories a command climbs out of ({@code /src/build/cmake/../../lib}): they
     * must exist in the job's tree for the path to resolve, though no file may be sent there.
     */
    private Set<String> directoriesClimbedIn(String command) {
        Set<String> directories = new TreeSet<>();
        for (List<String> simple : ShellWords.simpleCommands(command)) {
            for (String word : simple) {
                int climb = word.indexOf("/..");
                while (climb > 0) {
                    int start = Math.max(word.lastIndexOf('=', climb), word.lastIndexOf(',', climb)) + 1;
                    String before = word.substring(start, climb);
                    if (before.startsWith("-I") || before.startsWith("-L")) {
                        before = before.substring(2);
                    }
                    try {
                        Path dir = graph.directory().resolve(before).normalize();
                        layout.treePath(dir).ifPresent(directories::add);
                    } catch (java.nio.file.InvalidPathException notAPath) {
                        // not a path after all
                    }
                    climb = word.indexOf("/..", climb + 3);
                }
            }
        }
        return directories;
    }

    /** How messages name an edge: {@code 'its description'}, else its first output. */
    public static String describe(NinjaEdge edge) {
        return edge.description().isBlank() ? edge.outputs().isEmpty() ? "edge " + edge.id() : edge.outputs().getFirst()
                : "'" + edge.description() + "'";
    }

    /** Puts a job done in an earlier round, and the earlier jobs it depends on, in this round's graph again. */
    private void carry(NinjaEdge edge, Set<NinjaEdge> carried) {
        Deque<NinjaEdge> pending = new ArrayDeque<>(List.of(edge));
        while (!pending.isEmpty()) {
            NinjaEdge next = pending.poll();
            Draft draft = drafted.get(next);
            if (draft != null && carried.add(next)) {
                pending.addAll(draft.depEdges());
            }
        }
    }

    /** The edges that make what {@code edge} reads or waits for (order-only inputs too), phony edges seen through. */
    public Set<NinjaEdge> waitsFor(NinjaEdge edge) {
        Set<Path> inputs = new LinkedHashSet<>();
        edge.allInputs().forEach(input -> inputs.add(absolute(input)));
        Set<NinjaEdge> makers = new LinkedHashSet<>();
        for (Path path : expandPhony(inputs)) {
            NinjaEdge producer = producers.get(path);
            if (producer != null && !producer.isPhony()) {
                makers.add(producer);
            }
        }
        return makers;
    }

    /**
     * The paths, and the members of any thin archive among them (Meson's static libraries: {@code
     * ar csrDT}), which the archive names rather than holds: whoever reads the archive reads them too.
     */
    private Set<Path> withThinArchiveMembers(Set<Path> paths) {
        Set<Path> all = new LinkedHashSet<>();
        Deque<Path> pending = new ArrayDeque<>(paths);
        while (!pending.isEmpty()) {
            Path path = pending.poll();
            if (!all.add(path)) {
                continue;
            }
            NinjaEdge producer = producers.get(path);
            if (producer != null && !producer.isPhony() && isThinArchive(producer)) {
                producer.inputs().forEach(member -> pending.add(absolute(member)));
            }
        }
        return all;
    }

    private static boolean isThinArchive(NinjaEdge edge) {
        for (List<String> simple : ShellWords.simpleCommands(edge.command())) {
            if (simple.size() >= 2 && simple.getFirst().matches("(.*/)?(.*-)?(gcc-|llvm-)?ar")
                    && !simple.get(1).startsWith("-") && simple.get(1).contains("T")) {
                return true;
            }
        }
        return false;
    }

    /** Paths with phony edges' outputs replaced by what those edges stand for. */
    private Set<Path> expandPhony(Set<Path> paths) {
        Set<Path> expanded = new LinkedHashSet<>();
        Deque<Path> pending = new ArrayDeque<>(paths);
        Set<Path> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Path path = pending.poll();
            if (!seen.add(path)) {
                continue;
            }
            NinjaEdge producer = producers.get(path);
            if (producer != null && producer.isPhony() && !producer.allInputs().isEmpty()) {
                producer.allInputs().forEach(input -> pending.add(absolute(input)));
            } else {
                expanded.add(path);
            }
        }
        return expanded;
    }

    private String treePathOf(NinjaEdge edge, Path file) {
        return layout.treePath(file).orElseThrow(() -> new InvalidInputException("edge '" + edge.description()
                + "' writes " + file + ", outside the source directory " + layout.sourceDir() + " and the build directory "
                + layout.buildDir() + ": a job can write only there"));
    }

    private Id contentId(Path file) throws IOException {
        Id known = contentIds.get(file);
        if (known == null) {
            known = Id.ofContent(Files.readAllBytes(file));
            contentIds.put(file, known);
        }
        return known;
    }

    private Path absolute(String ninjaPath) {
        return graph.directory().resolve(ninjaPath).normalize();
    }

    private String graphPath(Path absolute) {
        return absolute.startsWith(graph.directory()) ? graph.directory().relativize(absolute).toString() : absolute.toString();
    }
}
