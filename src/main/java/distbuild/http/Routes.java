package distbuild.http;

import distbuild.security.AccessDeniedException;
import distbuild.security.Gate;
import distbuild.security.Role;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;

/**
 * A set of endpoints by exact path and method, mountable under any prefix. Lets a request reach
 * its endpoint only through the {@link Gate} (with the roles that endpoint allows), runs each
 * endpoint on the request's virtual thread, turns exceptions into plain-text error answers, and
 * interrupts the endpoint when the request fails underneath it (server stopping, connection
 * dropped while Jetty was watching it).
 */
public final class Routes extends Handler.Abstract {
    /** An error answer: room for every problem of a large invalid graph, not for an echoed megabyte. */
    private static final int MAX_ANSWERED_CHARS = 64 * 1024;
    /** A log line about a refused request. */
    private static final int MAX_LOGGED_CHARS = 500;

    private final Logger log;
    private final Gate gate;
    /** Replaced whole on every registration, so requests read it without a lock while routes are added. */
    private volatile Map<String, Map<String, Route>> endpoints = Map.of();
    /** Endpoints for every path under a prefix (ending in '/'), by prefix; the longest matching prefix wins. */
    private volatile Map<String, Map<String, Route>> trees = Map.of();

    /** An endpoint and the roles whose callers may reach it. */
    private record Route(Endpoint endpoint, Set<Role> allowed) {}

    /** Routes open to every caller: for a server with no credentials, and for tests. */
    public Routes(Logger log) {
        this(log, Gate.OPEN);
    }

    public Routes(Logger log, Gate gate) {
        super(InvocationType.BLOCKING);
        this.log = log;
        this.gate = gate;
    }

    /** {@code GET path}, for callers of {@code role} only (when the gate is closed). */
    public Routes get(String path, Role role, Endpoint endpoint) {
        return add("GET", path, EnumSet.of(role), endpoint);
    }

    public Routes put(String path, Role role, Endpoint endpoint) {
        return add("PUT", path, EnumSet.of(role), endpoint);
    }

    public Routes post(String path, Role role, Endpoint endpoint) {
        return add("POST", path, EnumSet.of(role), endpoint);
    }

    /**
     * {@code GET path} for anyone, credentials or not: only for what reveals nothing and must be
     * reachable by what cannot hold a token (a service manager's or Kubernetes' health probes).
     */
    public Routes getPublic(String path, Endpoint endpoint) {
        return add("GET", path, Set.of(), endpoint);
    }

    /** {@code GET path} for a client or a worker (not a cache reader, which reads only the HTTP caches). */
    public Routes get(String path, Endpoint endpoint) {
        return add("GET", path, EnumSet.of(Role.CLIENT, Role.WORKER), endpoint);
    }

    public Routes put(String path, Endpoint endpoint) {
        return add("PUT", path, EnumSet.of(Role.CLIENT, Role.WORKER), endpoint);
    }

    public Routes post(String path, Endpoint endpoint) {
        return add("POST", path, EnumSet.of(Role.CLIENT, Role.WORKER), endpoint);
    }

    /**
     * {@code method} on every path under {@code prefix} (which ends in '/'), for callers of
     * {@code allowed}: for stores whose keys are paths (the HTTP caches). An exact path wins over a prefix.
     */
    public synchronized Routes under(String prefix, String method, Set<Role> allowed, Endpoint endpoint) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix starts and ends with '/': " + prefix);
        }
        Map<String, Map<String, Route>> updated = new TreeMap<>(trees);
        Map<String, Route> byMethod = new LinkedHashMap<>(updated.getOrDefault(prefix, Map.of()));
        if (byMethod.putIfAbsent(method, new Route(endpoint, Set.copyOf(allowed))) != null) {
            throw new IllegalStateException(method + " " + prefix + "* is registered twice");
        }
        updated.put(prefix, Collections.unmodifiableMap(byMethod));
        trees = Collections.unmodifiableMap(updated);
        return this;
    }

    /** The endpoints for {@code path}: its own, else those of the longest prefix it lies under; null if none. */
    private Map<String, Route> endpointsFor(String path) {
        Map<String, Route> exact = endpoints.get(path);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String prefix : trees.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : trees.get(best);
    }

    private synchronized Routes add(String method, String path, Set<Role> allowed, Endpoint endpoint) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint path starts with '/': " + path);
        }
        Map<String, Map<String, Route>> updated = new TreeMap<>(endpoints);
        Map<String, Route> byMethod = new LinkedHashMap<>(updated.getOrDefault(path, Map.of()));
        if (byMethod.putIfAbsent(method, new Route(endpoint, Set.copyOf(allowed))) != null) {
            throw new IllegalStateException(method + " " + path + " is registered twice");
        }
        updated.put(path, Collections.unmodifiableMap(byMethod)); // keeps the order for Allow
        endpoints = Collections.unmodifiableMap(updated);
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response);
        // The mount point itself without its final slash ("/dashboard") is its root.
        Map<String, Route> byMethod = endpointsFor(exchange.path().isEmpty() ? "/" : exchange.path());
        Route route = byMethod == null ? null : byMethod.get(request.getMethod());
        EndpointThread thread = new EndpointThread(Thread.currentThread());
        request.addFailureListener(failure -> {
            if (thread.interrupt()) {
                log.debug("{} {} failed underneath its endpoint: {}", exchange.method(), loggedPath(exchange),
                        failure.toString());
            }
        });
        try {
            if (byMethod == null) {
                throw RequestException.notFound("no endpoint " + exchange.path() + " here");
            }
            if (route == null) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", byMethod.keySet()));
                throw new RequestException(405, exchange.method() + " is not allowed on " + exchange.path()
                        + "; use " + String.join(" or ", byMethod.keySet()));
            }
            admit(request, response, route, exchange);
            route.endpoint().handle(exchange);
            exchange.finish();
            callback.succeeded();
        } catch (Throwable failure) {
            answerFailure(exchange, failure, callback);
        } finally {
            exchange.release();
            thread.finished();
        }
        return true;
    }

    /** Refuses a caller the gate does not let through to this route: 401 (who are you?) or 403 (not you). */
    private void admit(Request request, Response response, Route route, Exchange exchange) {
        if (route.allowed().isEmpty()) {
            return; // a public endpoint (health probes)
        }
        try {
            exchange.caller(gate.admit(request.getHeaders().get(HttpHeader.AUTHORIZATION), route.allowed()));
        } catch (AccessDeniedException e) {
            if (!e.authenticated()) {
                // Both schemes: some clients can send a token only as basic authentication's password.
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"distbuild\", Basic realm=\"distbuild\"");
            }
            throw new RequestException(e.authenticated() ? 403 : 401, e.getMessage());
        }
    }

    /** Jetty's end-of-stream on the connection (a {@link org.eclipse.jetty.io.QuietException}) anywhere in the causes. */
    private static boolean clientWentAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    /** The thread running an endpoint, interruptible only until the endpoint is done. */
    private static final class EndpointThread {
        private final Thread thread;
        private boolean running = true;

        EndpointThread(Thread thread) {
            this.thread = thread;
        }

        synchronized boolean interrupt() {
            if (running) {
                thread.interrupt();
            }
            return running;
        }

        /** After this no interrupt can reach the thread, and none left over leaks to its next task. */
        synchronized void finished() {
            running = false;
            Thread.interrupted();
        }
    }

    private void answerFailure(Exchange exchange, Throwable failure, Callback callback) {
        int status = RequestException.statusOf(failure);
        String message = shortened(failure.getMessage() == null ? failure.toString() : failure.getMessage(),
                MAX_ANSWERED_CHARS);
        boolean answerStarted = exchange.hasResponded() || exchange.isCommitted();
        if (failure instanceof InterruptedException) {
            // The request was cancelled underneath the endpoint: the client left or the server is stopping.
            log.debug("{} {} from {} cancelled", exchange.method(), loggedPath(exchange), exchange.remoteAddress());
            answerQuietly(exchange, 503, "the request was cancelled: the server is stopping", callback);
            return;
        }
        if (clientWentAway(failure) || failure instanceof IOException && answerStarted) {
            // Reading the request or writing the answer failed: the client hung up. Nothing is wrong on this side.
            log.debug("{} {} from {}: the client went away ({})", exchange.method(), loggedPath(exchange),
                    exchange.remoteAddress(), shortened(message, MAX_LOGGED_CHARS));
            callback.failed(failure);
            return;
        }
        if (status >= 500 && !(failure instanceof RequestException)) {
            log.error("{} {} from {} failed", exchange.method(), loggedPath(exchange), exchange.remoteAddress(), failure);
        } else if (status >= 500) {
            log.warn("{} {} from {} answered {}: {}", exchange.method(), loggedPath(exchange), exchange.remoteAddress(),
                    status, shortened(message, MAX_LOGGED_CHARS));
        } else {
            log.info("{} {} from {} refused ({}): {}", exchange.method(), loggedPath(exchange), exchange.remoteAddress(),
                    status, shortened(message, MAX_LOGGED_CHARS));
        }
        if (exchange.hasResponded() || exchange.isCommitted()) {
            // Too late for a status code: cut the connection so the client sees a broken body, not a short one.
            callback.failed(failure);
            return;
        }
        answerQuietly(exchange, status, message, callback);
    }

    /** The request's path as a log line quotes it: the client chose it, so it is cut short. */
    private static String loggedPath(Exchange exchange) {
        return shortened(exchange.path(), MAX_LOGGED_CHARS);
    }

    /**
     * {@code text} cut to {@code max} characters, saying how much was left out: a message may
     * quote what the client sent, and that must cost a log or an answer no more than a line.
     */
    static String shortened(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
    }

    /** Answers with an error text if the response has not started; a client already gone is no news. */
    private static void answerQuietly(Exchange exchange, int status, String message, Callback callback) {
        if (exchange.hasResponded() || exchange.isCommitted()) {
            callback.failed(new EofException("the answer had already started"));
            return;
        }
        try {
            exchange.respondText(status, message);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(new EofException(e));
        }
    }
}
