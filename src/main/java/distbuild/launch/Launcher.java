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

    /** How it starts processes, in a few words, for a person reading a worker's first lines. */
    String describe();

    /** The fastest launcher this JVM and machine can use, chosen once. */
    static Launcher best() {
        return Best.CHOICE.launcher();
    }

    /** What {@link #best()} is, and when it is the JDK's way, why posix_spawn is not used. */
    static String describeBest() {
        Best.Choice choice = Best.CHOICE;
        return choice.launcher().describe() + (choice.whyNotDirect() == null ? ""
                : " (posix_spawn cannot be used: " + choice.whyNotDirect() + ")");
    }

    /** The JDK's own way, always there. */
    static Launcher jdk() {
        return JdkLauncher.INSTANCE;
    }

    /** The choice, made on first use. The property {@code distbuild.launcher=jdk} forces the JDK's way. */
    final class Best {
        private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
        private static final String DIRECT = "distbuild.launch.PosixSpawnLauncher";
        static final Choice CHOICE = choose();

        private Best() {}

        /** The launcher chosen, and why it is not the direct one (null when it is). */
        record Choice(Launcher launcher, String whyNotDirect) {}

        private static Choice choose() {
            String notTried = null;
            if ("jdk".equals(System.getProperty("distbuild.launcher"))) {
                notTried = "-Ddistbuild.launcher=jdk";
            } else if (Runtime.version().feature() < 22) {
                notTried = "it needs JDK 22 or later, this is " + Runtime.version().feature();
            } else if (!System.getProperty("os.name", "").equals("Linux")) {
                notTried = "it is used on Linux only";
            }
            if (notTried != null) {
                return new Choice(JdkLauncher.INSTANCE, notTried);
            }
            try {
                return new Choice((Launcher) Class.forName(DIRECT).getDeclaredConstructor().newInstance(), null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
                Throwable why = unavailable.getCause() != null ? unavailable.getCause() : unavailable;
                LOG.debug("processes start through the JDK: {}", why.toString());
                return new Choice(JdkLauncher.INSTANCE, why.getMessage());
            }
        }
    }
}
