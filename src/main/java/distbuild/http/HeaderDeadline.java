package distbuild.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** Connections looked at, with which request of theirs it was, the bytes they had read, and since when. */
    private final Map<EndPoint, Sighting> seen = new HashMap<>();

    /** @param midHead whether a head was arriving (else it was idle between requests, with {@code bytes} read) */
    private record Sighting(long request, long bytes, long since, boolean midHead) {}

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
        Map<EndPoint, Sighting> stillSeen = new HashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            Sighting before = seen.get(endPoint);
            Sighting sighting = sight(endPoint, before, now);
            if (sighting == null) {
                continue;
            }
            if (sighting.midHead() && now - sighting.since() >= deadline.toNanos()) {
                log.info("closing the connection from {}: its request head took over {} ms", endPoint.getRemoteSocketAddress(),
                        deadline.toMillis());
                endPoint.close();
            } else {
                stillSeen.put(endPoint, sighting);
            }
        }
        seen.clear();
        seen.putAll(stillSeen);
    }

    /**
     * What the connection is doing now, given what it did at the last look: null when it is
     * between requests or busy with a body, which the idle timeout looks after.
     */
    private static Sighting sight(EndPoint endPoint, Sighting before, long now) {
        Connection connection = endPoint.getConnection();
        if (connection instanceof SslConnection tls) {
            if (!isHandshakeDone(tls)) { // a handshake sent a byte at a time is a head that never ends
                long opened = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - endPoint.getCreatedTimeStamp());
                return new Sighting(-1, -1, now - opened, true);
            }
            connection = tls.getSslEndPoint().getConnection();
        }
        if (!(connection instanceof HttpConnection http)) {
            return null;
        }
        HttpParser parser = http.getParser();
        if (!parser.inHeaderState()) {
            return null; // reading or writing a body
        }
        long request = http.getMessagesIn();
        long bytes = http.getBytesIn();
        boolean sameRequest = before != null && before.request() == request;
        if (sameRequest && before.midHead()) {
            return before; // still the head that was arriving: its deadline runs from then
        }
        // Past the start of a request; or still at the start, where Jetty skips blank lines, with
        // bytes arriving all the same: a head trickled a blank line at a time.
        boolean midHead = !parser.isState(HttpParser.State.START) || sameRequest && bytes > before.bytes();
        return new Sighting(request, bytes, now, midHead);
    }

    private static boolean isHandshakeDone(SslConnection tls) {
        javax.net.ssl.SSLEngineResult.HandshakeStatus status = tls.getSSLEngine().getHandshakeStatus();
        return status == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || status == javax.net.ssl.SSLEngineResult.HandshakeStatus.FINISHED;
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
