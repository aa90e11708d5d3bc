package distbuild.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code -v}/{@code --verbose}: how much the command logs, on top of its own quiet default; and
 * {@code --log-format}: lines for people, or JSON objects for a log pipeline.
 */
final class Logging {
    enum Format { text, json }

    @Option(names = {"-v", "--verbose"}, description = "Log more: once for the components' progress, twice for every request.")
    boolean[] verbosity = new boolean[0];

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
            description = {"text (default) or json: one JSON object per log line on stderr, with the build's or",
                "the job's ID (mdc.build, mdc.job) on the lines logged while running it."})
    Format format;

    /** Sets the log level: {@code quiet} for the default, INFO and DEBUG for one and two {@code -v}. */
    void apply(Level quiet) {
        Level level = switch (verbosity.length) {
            case 0 -> quiet;
            case 1 -> Level.INFO;
            default -> Level.DEBUG;
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        ((Logger) LoggerFactory.getLogger("distbuild")).setLevel(level);
        if (format == Format.json) {
            useJson(root);
        }
    }

    /** Swaps the encoder of the console appender (logback.xml's STDERR) for Logback's JSON encoder. */
    private static void useJson(Logger root) {
        if (!(root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console)) {
            throw new IllegalStateException("the logging configuration has no STDERR console appender to make JSON");
        }
        JsonEncoder json = new JsonEncoder();
        json.setContext(console.getContext());
        // The message as a person would read it, once; not Logback's template, its arguments and its own context.
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithContext(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.start();
        console.stop();
        console.setEncoder(json);
        console.start();
    }
}
