package distbuild.http;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} and {@code GET /readyz}, open to anyone (probes hold no token) and saying
 * nothing but whether: live means the process answers; ready means it does its part now (a worker
 * that reaches its coordinator and is not draining), else a 503 with the reason in one line.
 */
public final class HealthEndpoints {
    private HealthEndpoints() {}

    /** @param notReady why the process is not ready now, or empty when it is */
    public static void register(Routes routes, Supplier<Optional<String>> notReady) {
        routes.getPublic("/healthz", exchange -> exchange.respondText(200, "live\n"));
        routes.getPublic("/readyz", exchange -> {
            Optional<String> why = notReady.get();
            exchange.respondText(why.isPresent() ? 503 : 200, why.map(reason -> "not ready: " + reason + "\n").orElse("ready\n"));
        });
    }
}
