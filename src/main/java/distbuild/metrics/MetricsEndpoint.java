package distbuild.metrics;

import distbuild.http.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * One component's meters and the {@code GET /metrics} that serves them as Prometheus text
 * (version 0.0.4, what every Prometheus scrapes). Open to any role the component's gate knows:
 * a scraper holds whichever token its operator gives it.
 */
public final class MetricsEndpoint {
    /** The content type of Prometheus' text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Where the component registers its meters. */
    public MeterRegistry registry() {
        return registry;
    }

    public void register(Routes routes) {
        routes.get("/metrics", exchange -> exchange.respond(200, CONTENT_TYPE,
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }
}
