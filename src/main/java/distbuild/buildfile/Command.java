package distbuild.buildfile;

import java.util.List;

/** One command of a job as the build file writes it. */
public sealed interface Command {
    /** A shell script, run with {@code sh -ec} so that a failing line fails the job. */
    record Shell(String script) implements Command {}

    /** A program and its arguments, run without a shell. */
    record Argv(List<String> argv) implements Command {
        public Argv {
            argv = List.copyOf(argv);
        }
    }
}
