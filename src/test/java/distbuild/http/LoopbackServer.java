package distbuild.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;

/**
 * A real {@link HttpServer} on a free loopback port serving one handler under a path prefix —
 * by default {@value #PREFIX}, the way the reference deployment mounts the coordinator.
 */
public final class LoopbackServer implements AutoCloseable {
    public static final String PREFIX = "/coordinator";

    private final HttpServer server;
    private final String prefix;

    private LoopbackServer(HttpServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    /** Registers the endpoints first, then starts serving them under {@value #PREFIX}. */
    public static LoopbackServer serve(Logger log, Consumer<Routes> endpoints) throws Exception {
        Routes routes = new Routes(log);
        endpoints.accept(routes);
        return serve(log, PREFIX, routes);
    }

    /** Serves {@code handler} under {@code prefix}. */
    public static LoopbackServer serve(Logger log, String prefix, Handler handler) throws Exception {
        InetSocketAddress anyFreePort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return new LoopbackServer(HttpServer.start(log, anyFreePort, Map.of(prefix, handler)), prefix);
    }

    /** The base URL of the mounted handler, such as {@code http://127.0.0.1:41234/coordinator}. */
    public URI base() {
        return URI.create(server.baseUri() + prefix);
    }

    /** {@code http://127.0.0.1:port}, outside every prefix. */
    public URI root() {
        return server.baseUri();
    }

    /** A base URL on a loopback port that nothing listens on (it was free a moment ago). */
    public static URI nothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + PREFIX);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
