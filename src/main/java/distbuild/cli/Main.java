package distbuild.cli;

import java.util.Arrays;
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
            StatusCommand.class,
            CredentialsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    /** Exit code of a build that ran and failed. */
    static final int BUILD_FAILED = 1;
    /** Exit code of bad usage or of a problem that kept the command from doing its job. */
    static final int ERROR = 2;

    public static void main(String[] args) {
        followAddressChanges();
        System.exit(run(args));
    }

    /**
     * Names are looked up again after 5 s rather than the JDK's 30: a coordinator that comes back
     * on another machine or address under the same name is found again within seconds, by workers
     * and clients that keep running. Must happen before the first lookup.
     */
    static void followAddressChanges() {
        if (java.security.Security.getProperty("networkaddress.cache.ttl") == null) {
            java.security.Security.setProperty("networkaddress.cache.ttl", "5");
        }
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "1");
    }

    public static int run(String... args) {
        CommandLine commandLine = commandLine(args);
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + Problems.describe(exception));
            return ERROR;
        });
        commandLine.setExitCodeExceptionMapper(exception -> ERROR);
        return commandLine.execute(commandLine.getCommandSpec().userObject() instanceof Main ? args
                : Arrays.copyOfRange(args, 1, args.length));
    }

    /**
     * The command line for these arguments: for {@code distbuild <command> …} only that command's,
     * since picocli reads every command's options by reflection, and a client's start-up is the
     * whole time of a cached build; otherwise all of them (for {@code --help}, {@code help} or a typo).
     * The commands are the ones {@link Main}'s annotation lists, so the two cannot drift apart.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> command : Main.class.getAnnotation(Command.class).subcommands()) {
                Command annotation = command.getAnnotation(Command.class);
                if (annotation.name().equals(args[0]) && command != CommandLine.HelpCommand.class) {
                    CommandLine alone = new CommandLine(command, CommandLine.defaultFactory());
                    alone.setCommandName("distbuild " + args[0]);
                    return alone;
                }
            }
        }
        return new CommandLine(new Main());
    }
}
