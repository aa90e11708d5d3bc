package distbuild.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a build shows itself: progress style, job output, a trace file, and where its outputs go. */
final class ProgressOptions {
    enum Style { auto, tty, plain }

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "STYLE",
            description = "tty: a status area redrawn in place; plain: a line per event; auto (default): tty when"
                    + " stdout is a terminal.")
    Style progress;

    @Option(names = "--show-output", description = "Print what successful jobs printed too (a failed job's output is always shown).")
    boolean showOutput;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write the build as Chrome trace-event JSON (open it in https://ui.perfetto.dev or chrome://tracing).")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Put the targets' outputs in DIR, at their declared paths (also when they were cached).")
    Path output;
}
