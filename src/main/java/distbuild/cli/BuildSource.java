package distbuild.cli;

import distbuild.buildfile.BuildFile;
import distbuild.buildfile.BuildPlan;
import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a build comes from: a build file ({@code distbuild.yaml} in the current directory by
 * default, {@code -f FILE} for another), a wire graph ({@code --graph}) or a ninja build
 * ({@code -C DIR}, or {@code -f FILE.ninja}), and which of its jobs to build ({@code --target} or
 * targets after the options, by default the jobs nothing depends on, or ninja's defaults).
 */
final class BuildSource {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = {"The build file (default: ./" + BuildFile.DEFAULT_NAME + "); its directory is the source root.",
                "A FILE.ninja is a ninja build, read as ninja -f reads it."})
    Path file;

    @Option(names = "-C", paramLabel = "DIR",
            description = "Build the ninja build in DIR (DIR/build.ninja, or -f FILE.ninja in it), as ninja -C does:"
                    + " a CMake or Meson build directory.")
    Path ninjaDirectory;

    @Parameters(paramLabel = "TARGET", description = "What to build: ninja targets for a ninja build, else job names (as --target).")
    List<String> positionalTargets = new ArrayList<>();

    @Option(names = "--no-local", description = "A ninja build's edges that would run on this machine (console pool, generator) are refused instead, by name.")
    boolean noLocal;

    @Option(names = "--graph", paramLabel = "GRAPH.json", description = "Build a graph in the wire format instead of a build file.")
    Path graph;

    @Option(names = "--src", paramLabel = "DIR",
            description = "With --graph: the source tree its paths are relative to (default: the graph file's directory).")
    Path src;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME",
            description = "Build this job and what it needs (repeatable; a foreach rule's name means all its jobs)."
                    + " Default: the jobs nothing depends on.")
    List<String> targets = new ArrayList<>();

    /** What to build, read and checked. */
    record Loaded(BuildPlan plan, Path sourceDir, List<Id> targets) {}

    /** Whether this is a ninja build: {@code -C DIR} or {@code -f FILE.ninja}. */
    boolean isNinja() {
        return ninjaDirectory != null || file != null && file.getFileName().toString().endsWith(".ninja");
    }

    /** The ninja build's directory and its file there, as {@code ninja [-C DIR] [-f FILE]} finds them. */
    Path ninjaDirectory() {
        return (ninjaDirectory != null ? ninjaDirectory : Path.of(".")).toAbsolutePath().normalize();
    }

    String ninjaFile() {
        return file != null ? file.toString() : "build.ninja";
    }

    /** The targets named, with --target or after the options. */
    List<String> requestedTargets() {
        List<String> all = new ArrayList<>(targets);
        all.addAll(positionalTargets);
        return all;
    }

    Loaded load() throws IOException {
        if (isNinja()) {
            throw new IllegalStateException("a ninja build is run by NinjaRun, not loaded as a plan");
        }
        if (noLocal) {
            throw new IllegalArgumentException("--no-local is for ninja builds (-C DIR); a build file's jobs all run on the cluster");
        }
        if (graph != null && file != null) {
            throw new IllegalArgumentException("give either a build file (-f) or a wire graph (--graph), not both");
        }
        if (graph == null && src != null) {
            throw new IllegalArgumentException("--src goes with --graph; a build file's source root is its own directory");
        }
        BuildPlan plan;
        Path sourceDir;
        if (graph != null) {
            plan = BuildPlan.of(GraphFile.read(graph));
            sourceDir = src != null ? src : graph.toAbsolutePath().getParent();
        } else {
            Path buildFile = file != null ? file : Path.of(BuildFile.DEFAULT_NAME);
            plan = BuildFile.load(buildFile);
            sourceDir = buildFile.toAbsolutePath().getParent();
        }
        List<String> named = requestedTargets();
        List<Id> chosen = named.isEmpty() ? plan.defaultTargets() : plan.targets(named);
        return new Loaded(named.isEmpty() ? plan : plan.restrictTo(chosen), sourceDir, chosen);
    }
}
