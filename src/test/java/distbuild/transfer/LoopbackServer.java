package distbuild.transfer;

import distbuild.http.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;

/** A real HTTP server on 127.0.0.1 (free port) serving one handler under a path prefix, as deployed. */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer http;
    private final String prefix;

    private LoopbackServer(HttpServer http, String prefix) {
        this.http = http;
        this.prefix = prefix;
    }

    static LoopbackServer serve(Logger log, String prefix, Handler handler) throws Exception {
        return new LoopbackServer(HttpServer.start(log, new InetSocketAddress("127.0.0.1", 0), Map.of(prefix, handler)), prefix);
    }

    /** The base URL of the mounted handler, prefix included, such as {@code http://127.0.0.1:4711/coordinator}. */
    URI base() {
        return URI.create(http.baseUri() + prefix);
    }

    @Override
    public void close() {
        http.close();
    }
}
