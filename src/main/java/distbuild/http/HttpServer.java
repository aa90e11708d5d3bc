package distbuild.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;

/**
 * A Jetty server whose request handling runs on virtual threads, serving several sets of
 * {@link Routes} on one port, each under its own path prefix (the coordinator at
 * {@code /coordinator}, worker <i>i</i> at {@code /worker/i}, or one of them at the root).
 */
public final class HttpServer implements AutoCloseable {
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** How long a request's line and headers may take to arrive; real clients send them in one go. */
    static final Duration HEADER_DEADLINE = Duration.ofSeconds(20);

    private final Logger log;
    private final Server server;
    private final ServerConnector connector;
    private final String scheme;
    private final HeaderDeadline headerDeadline;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();

    /** @param tls the server's TLS context, or null for plain HTTP */
    private HttpServer(Logger log, InetSocketAddress address, SSLContext tls, Duration headerDeadline) {
        this.log = log;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        // Jetty keeps its selector on platform threads and hands every request to a virtual thread.
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("http-request"));
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        if (tls == null) {
            scheme = "http";
            connector = new ServerConnector(server, 1, 1, http);
        } else {
            scheme = "https";
            SslContextFactory.Server sslContexts = new SslContextFactory.Server();
            sslContexts.setSslContext(tls);
            connector = new ServerConnector(server, 1, 1,
                    new ConnectionFactory[] {new SslConnectionFactory(sslContexts, http.getProtocol()), http});
        }
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        this.headerDeadline = new HeaderDeadline(log, connector, headerDeadline);
        server.setHandler(contexts);
        server.setStopTimeout(2_000);
    }

    /** Binds {@code address} (port 0 picks a free one) and serves each handler under its prefix, over plain HTTP. */
    public static HttpServer start(Logger log, InetSocketAddress address, Map<String, ? extends Handler> mounts)
            throws Exception {
        return start(log, address, null, mounts);
    }

    /** The same over TLS with {@code tls}'s certificate (plain HTTP when it is null). */
    public static HttpServer start(Logger log, InetSocketAddress address, SSLContext tls,
            Map<String, ? extends Handler> mounts) throws Exception {
        return start(log, address, tls, HEADER_DEADLINE, mounts);
    }

    static HttpServer start(Logger log, InetSocketAddress address, SSLContext tls, Duration headerDeadline,
            Map<String, ? extends Handler> mounts) throws Exception {
        HttpServer http = new HttpServer(log, address, tls, headerDeadline);
        mounts.forEach(http::mount);
        http.server.start();
        http.headerDeadline.start();
        log.info("listening on {} ({})", http.baseUri(), String.join(", ",
                mounts.keySet().stream().map(prefix -> prefix.isEmpty() ? "/" : prefix).sorted().toList()));
        return http;
    }

    /** Adds a handler under {@code prefix} ("" for the root); works before and after start. */
    public void mount(String prefix, Handler handler) {
        ContextHandler context = new ContextHandler(handler, prefix.isEmpty() ? "/" : prefix);
        context.setAllowNullPathInContext(true);
        contexts.addHandler(context);
        if (server.isStarted()) {
            try {
                context.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the handler under " + prefix, e);
            }
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} (or https), with the host as bound (0.0.0.0 shown as 127.0.0.1 so it is usable). */
    public URI baseUri() {
        String host = connector.getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create(scheme + "://" + host + ":" + port());
    }

    @Override
    public void close() {
        headerDeadline.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server on {} failed: {}", baseUri(), e.toString());
        }
    }
}
