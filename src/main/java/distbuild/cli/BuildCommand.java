package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.client.Client;
import distbuild.client.CoordinatorWaits;
import distbuild.scheduler.Share;
import distbuild.security.Role;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {
            "Run a build on a running coordinator: distbuild.yaml in the current directory (or -f FILE, or --graph),",
            "or the ninja build of a CMake or Meson build directory (-C DIR [TARGET...]).",
            "Exits 0 when the build succeeded, 1 when it failed, 2 when it could not run."
        })
final class BuildCommand implements Callable<Integer> {
    @Mixin
    CoordinatorOption coordinatorOption;

    @Option(names = "--reconnect", defaultValue = "1m", converter = Converters.Time.class, paramLabel = "TIME",
            description = {"How long to wait for a coordinator lost mid-build (restarted, or gone silent) to come back,",
                "then resume the build without redoing finished work (default: ${DEFAULT-VALUE}; 0s to fail at once)."})
    Duration reconnect;

    @Option(names = "--wait-for-coordinator", defaultValue = "15s", converter = Converters.Time.class, paramLabel = "TIME",
            description = {"How long to keep trying a coordinator that cannot be reached before the build starts (it may be",
                "restarting), saying so once; a wrong address fails after it (default: ${DEFAULT-VALUE}; 0s to fail at once)."})
    Duration waitForCoordinator;

    @Mixin
    BuildSource source;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--priority", defaultValue = "0", paramLabel = "N", description = {
        "Among the builds running at once, ask for a lower (down to -3: yield to others) or higher level (up to what",
        "the coordinator allows, --highest-build-priority): each level up about doubles this build's share of slots."})
    int priority;

    @Mixin
    CredentialsOptions credentials;

    @Mixin
    Logging logging;

    @Override
    public Integer call() throws Exception {
        URI coordinator = coordinatorOption.url;
        logging.apply(Level.WARN);
        BuildSource.Loaded build = source.isNinja() ? null : source.load();
        NinjaRun ninja = source.isNinja() ? NinjaRun.read(source, progress) : null;
        if (priority < Share.LOWEST || priority > Share.HIGHEST) {
            throw new IllegalArgumentException("--priority is from " + Share.LOWEST + " to " + Share.HIGHEST + ", got " + priority);
        }
        try (Client client = new Client(LoggerFactory.getLogger("distbuild.client"), coordinator,
                new CoordinatorWaits(waitForCoordinator, reconnect), credentials.load(Role.CLIENT), priority)) {
            return ninja != null ? ninja.run(client, coordinator, System.out)
                    : ConsoleBuild.run(client, coordinator, build, progress, System.out);
        }
    }
}
