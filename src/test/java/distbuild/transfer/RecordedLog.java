package distbuild.transfer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logger to hand to a handler under test that keeps everything logged to it, debug included,
 * so a test can see what the handler did (stored a file, found it already there) from outside.
 * Nothing recorded here reaches the console.
 */
final class RecordedLog {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final ch.qos.logback.classic.Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    RecordedLog(String name) {
        logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                "test.recorded." + name + "." + NAMES.incrementAndGet());
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        appender.start();
        logger.addAppender(appender);
    }

    Logger logger() {
        return logger;
    }

    /** Every message so far, arguments filled in. */
    List<String> messages() {
        synchronized (appender) { // ListAppender appends under this lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    long count(String start, String containing) {
        return messages().stream().filter(message -> message.startsWith(start) && message.contains(containing)).count();
    }
}
