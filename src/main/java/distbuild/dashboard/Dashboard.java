package distbuild.dashboard;

import distbuild.http.Exchange;
import distbuild.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * Serves the dashboard's files: {@code /} (the page), {@code /dashboard.js}, {@code /dashboard.css}
 * and {@code /favicon.svg}. They hold no data, so they are open to anyone who can reach the port;
 * the data behind them needs a client token when the cluster has credentials.
 */
public final class Dashboard {
    /**
     * Only the page's own files, no inline script or style, no framing by other sites: whatever a
     * job name or a job's output holds, it cannot run in the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] page;
    private final byte[] script;
    private final byte[] styles;
    private final byte[] icon;

    /** @param api the path the coordinator's API is served under, such as {@code /coordinator} */
    public Dashboard(String api) {
        // Its files are named from the root, so that the page works at its path with or without a final slash.
        String base = pathBeside(api);
        page = read("index.html").replace("{{API}}", escapeAttribute(api)).replace("{{BASE}}", escapeAttribute(base))
                .getBytes(StandardCharsets.UTF_8);
        script = read("dashboard.js").getBytes(StandardCharsets.UTF_8);
        styles = read("dashboard.css").getBytes(StandardCharsets.UTF_8);
        icon = read("favicon.svg").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where the dashboard goes beside an API served under {@code apiPrefix}: the root of the port,
     * or {@code /dashboard} when the API itself is at the root.
     */
    public static String pathBeside(String apiPrefix) {
        return apiPrefix.isEmpty() ? "/dashboard" : "";
    }

    /** The dashboard's routes, open to all: to be mounted at the root of the coordinator's port. */
    public Routes routes(Logger log) {
        Routes routes = new Routes(log);
        routes.get("/", exchange -> send(exchange, "text/html; charset=utf-8", page));
        routes.get("/dashboard.js", exchange -> send(exchange, "text/javascript; charset=utf-8", script));
        routes.get("/dashboard.css", exchange -> send(exchange, "text/css; charset=utf-8", styles));
        routes.get("/favicon.svg", exchange -> send(exchange, "image/svg+xml", icon));
        return routes;
    }

    private static void send(Exchange exchange, String contentType, byte[] body) throws IOException {
        exchange.setResponseHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.setResponseHeader("X-Content-Type-Options", "nosniff");
        exchange.setResponseHeader("Referrer-Policy", "no-referrer");
        // A new coordinator's page must not run an old script: they are small, so always asked for again.
        exchange.setResponseHeader("Cache-Control", "no-cache");
        exchange.respond(200, contentType, body);
    }

    private static String read(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
