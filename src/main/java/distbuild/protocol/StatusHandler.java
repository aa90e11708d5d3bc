package distbuild.protocol;

import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.security.Role;

/**
 * Serves the coordinator's status documents (our extension), to clients:
 * <ul>
 *   <li>{@code GET /status[?waiting=N]}: the cluster at a glance, with at most N waiting jobs
 *       listed (default {@value #DEFAULT_WAITING});
 *   <li>{@code GET /status/build?id=HEX[&jobs=N]}: one running or recently ended build, job by
 *       job, listing its failed and started jobs and others up to N (default {@value #DEFAULT_JOBS}).
 * </ul>
 */
public final class StatusHandler {
    public static final int DEFAULT_WAITING = 100;
    /** The most waiting jobs one answer lists. */
    public static final int MOST_WAITING = 10_000;
    public static final int DEFAULT_JOBS = 1_000;
    /** The most jobs of a build one answer lists, beyond the failed and started ones. */
    public static final int MOST_JOBS = 10_000;

    private final StatusService service;

    public StatusHandler(StatusService service) {
        this.service = service;
    }

    public void register(Routes routes) {
        routes.get("/status", Role.CLIENT, exchange -> {
            int waiting = exchange.optionalIntParameter("waiting", DEFAULT_WAITING, 0, MOST_WAITING);
            exchange.respondJson(WireFormat.encode(service.status(waiting)));
        });
        routes.get("/status/build", Role.CLIENT, exchange -> {
            Id build = exchange.idParameter("id");
            int jobs = exchange.optionalIntParameter("jobs", DEFAULT_JOBS, 0, MOST_JOBS);
            BuildDetails details = service.buildDetails(build, jobs).orElseThrow(() -> RequestException.notFound(
                    "build " + build.hex() + " is not known here: it never ran here, or ended long ago"));
            exchange.respondJson(WireFormat.encode(details));
        });
    }
}
