package distbuild.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;

/**
 * Closes connections whose request head takes longer than a deadline to arrive. Jetty's idle
 * timeout restarts with every byte, so a client trickling a header a byte at a time would hold a
 * connection (and, by the thousand, the server) forever. Watched from one virtual thread that
 * looks at every connection a few times per deadline; a connection between requests, or reading
 * or writing a body, is left to the idle timeout.
 */
final class HeaderDeadline implements AutoCloseable {
    private final Logger log;
    private final ServerConnector connector;
    private final Duration deadline;
    private final Thread watcher;
    /** Connections seen mid-head, with which request of theirs that was and since when. */
    private final Map<HttpConnection, Sighting> midHead = new HashMap<>();

    private record Sighting(long request, long since) {}

    HeaderDeadline(Logger log, ServerConnector connector, Duration deadline) {
        this.log = log;
        this.connector = connector;
        this.deadline = deadline;
        this.watcher = Thread.ofVirtual().name("http-header-deadline").unstarted(this::watch);
    }

    void start() {
        watcher.start();
    }

    private void watch() {
        long tick = Math.max(1, deadline.toMillis() / 4);
        try {
            while (true) {
                Thread.sleep(tick); // a periodic check, not a wait for something to happen
                check(System.nanoTime());
            }
        } catch (InterruptedException stopped) {
            // the server is stopping
        }
    }

    private void check(long now) {
        Map<HttpConnection, Sighting> stillMidHead = new HashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            HttpConnection http = httpConnection(endPoint.getConnection());
            if (http == null || !isMidHead(http.getParser())) {
                continue;
            }
            Sighting before = midHead.get(http);
            Sighting sighting = before != null && before.request() == http.getMessagesIn() ? before
                    : new Sighting(http.getMessagesIn(), now);
            if (now - sighting.since() >= deadline.toNanos()) {
                log.info("closing the connection from {}: its request head took over {} ms", endPoint.getRemoteSocketAddress(),
                        deadline.toMillis());
                endPoint.close();
            } else {
                stillMidHead.put(http, sighting);
            }
        }
        midHead.clear();
        midHead.putAll(stillMidHead);
    }

    /** Past the start of a request and short of its body. */
    private static boolean isMidHead(HttpParser parser) {
        return parser.inHeaderState() && !parser.isState(HttpParser.State.START);
    }

    private static HttpConnection httpConnection(Connection connection) {
        if (connection instanceof SslConnection tls) {
            connection = tls.getSslEndPoint().getConnection();
        }
        return connection instanceof HttpConnection http ? http : null;
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
