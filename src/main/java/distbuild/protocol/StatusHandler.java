package distbuild.protocol;

import distbuild.http.Routes;
import distbuild.security.Role;
import java.util.function.IntFunction;

/**
 * Serves {@code GET /status[?waiting=N]} (our extension): the cluster at a glance as JSON, with at
 * most N waiting jobs listed (default {@value #DEFAULT_WAITING}).
 */
public final class StatusHandler {
    public static final int DEFAULT_WAITING = 100;
    /** The most waiting jobs one answer lists. */
    public static final int MOST_WAITING = 10_000;

    private final IntFunction<ClusterStatus> status;

    /** @param status the cluster's status, listing at most so many waiting jobs */
    public StatusHandler(IntFunction<ClusterStatus> status) {
        this.status = status;
    }

    public void register(Routes routes) {
        routes.get("/status", Role.CLIENT, exchange -> {
            int waiting = exchange.optionalIntParameter("waiting", DEFAULT_WAITING, 0, MOST_WAITING);
            exchange.respondJson(WireFormat.encode(status.apply(waiting)));
        });
    }
}
