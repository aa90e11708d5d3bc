package distbuild.cli;

import distbuild.buildfile.BuildFile;
import distbuild.buildfile.BuildPlan;
import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a build comes from: a build file ({@code distbuild.yaml} in the current directory by
 * default, {@code -f FILE} for another) or a wire graph ({@code --graph}), and which of its jobs
 * to build ({@code --target}, by default the jobs nothing depends on).
 */
final class BuildSource {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The build file (default: ./" + BuildFile.DEFAULT_NAME + "); its directory is the source root.")
    Path file;

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

    Loaded load() throws IOException {
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
        List<Id> chosen = targets.isEmpty() ? plan.defaultTargets() : plan.targets(targets);
        return new Loaded(targets.isEmpty() ? plan : plan.restrictTo(chosen), sourceDir, chosen);
    }
}
