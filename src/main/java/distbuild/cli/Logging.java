package distbuild.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code -v}/{@code --verbose}: how much the command logs, on top of its own quiet default. */
final class Logging {
    @Option(names = {"-v", "--verbose"}, description = "Log more: once for the components' progress, twice for every request.")
    boolean[] verbosity = new boolean[0];

    /** Sets the log level: {@code quiet} for the default, INFO and DEBUG for one and two {@code -v}. */
    void apply(Level quiet) {
        Level level = switch (verbosity.length) {
            case 0 -> quiet;
            case 1 -> Level.INFO;
            default -> Level.DEBUG;
        };
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
        ((Logger) LoggerFactory.getLogger("distbuild")).setLevel(level);
    }
}
