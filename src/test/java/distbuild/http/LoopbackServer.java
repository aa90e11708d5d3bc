package distbuild.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A real {@link HttpServer} on a free loopback port serving one set of {@link Routes} under
 * {@value #PREFIX}, the way the reference deployment mounts the coordinator.
 */
public final class LoopbackServer implements AutoCloseable {
    public static final String PREFIX = "/coordinator";

    private final HttpServer server;

    private LoopbackServer(HttpServer server) {
        this.server = server;
    }

    /** Registers the endpoints first, then starts serving them. */
    public static LoopbackServer serve(Logger log, Consumer<Routes> endpoints) throws Exception {
        Routes routes = new Routes(log);
        endpoints.accept(routes);
        InetSocketAddress anyFreePort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return new LoopbackServer(HttpServer.start(log, anyFreePort, Map.of(PREFIX, routes)));
    }

    /** The base URL of the mounted routes, such as {@code http://127.0.0.1:41234/coordinator}. */
    public URI base() {
        return URI.create(server.baseUri() + PREFIX);
    }

    /** {@code http://127.0.0.1:port}, outside every prefix. */
    public URI root() {
        return server.baseUri();
    }

    @Override
    public void close() {
        server.close();
    }
}
