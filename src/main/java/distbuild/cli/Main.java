package distbuild.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code distbuild <command> [options]}. */
@Command(
        name = "distbuild",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "A distributed build system: a coordinator schedules the jobs of a build graph onto workers,",
            "which cache every job's output so that nothing ever runs twice.",
            "",
            "Try it:  distbuild local -f examples/c/distbuild.yaml --output out"
        },
        subcommands = {
            LocalCommand.class,
            BuildCommand.class,
            GraphCommand.class,
            CoordinatorCommand.class,
            WorkerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    /** Exit code of a build that ran and failed. */
    static final int BUILD_FAILED = 1;
    /** Exit code of bad usage or of a problem that kept the command from doing its job. */
    static final int ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            cmd.getErr().println("distbuild " + cmd.getCommandName() + ": " + Problems.describe(exception));
            return ERROR;
        });
        commandLine.setExitCodeExceptionMapper(exception -> ERROR);
        return commandLine.execute(args);
    }
}
