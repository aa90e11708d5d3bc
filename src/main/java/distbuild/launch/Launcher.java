package distbuild.launch;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts processes. */
public interface Launcher {
    /**
     * Starts the process.
     *
     * @throws IOException when it cannot be started; the message names the program and holds the
     *     system's reason ("No such file or directory")
     */
    Launched start(Launch launch) throws IOException;

    /** The fastest launcher this JVM and machine can use, chosen once. */
    static Launcher best() {
        return Best.LAUNCHER;
    }

    /** The JDK's own way, always there. */
    static Launcher jdk() {
        return JdkLauncher.INSTANCE;
    }

    /** The choice, made on first use. The property {@code distbuild.launcher=jdk} forces the JDK's way. */
    final class Best {
        private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
        private static final String DIRECT = "distbuild.launch.PosixSpawnLauncher";
        static final Launcher LAUNCHER = choose();

        private Best() {}

        private static Launcher choose() {
            if ("jdk".equals(System.getProperty("distbuild.launcher")) || Runtime.version().feature() < 22
                    || !System.getProperty("os.name", "").equals("Linux")) {
                return JdkLauncher.INSTANCE;
            }
            try {
                return (Launcher) Class.forName(DIRECT).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
                Throwable why = unavailable.getCause() != null ? unavailable.getCause() : unavailable;
                LOG.debug("processes start through the JDK: {}", why.toString());
                return JdkLauncher.INSTANCE;
            }
        }
    }
}
