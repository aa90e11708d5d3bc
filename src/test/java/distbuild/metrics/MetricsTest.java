package distbuild.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.cli.LocalCluster;
import distbuild.client.Client;
import distbuild.http.HttpClients;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /metrics} of a coordinator and a worker, over HTTP: valid Prometheus text, and counters that move as builds run. */
class MetricsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.metrics");
    /** A sample line of the text format: a name, labels, a value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))( [0-9]+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 2);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        http = HttpClients.create();
    }

    @AfterEach
    void stop() {
        http.close();
        cluster.close();
    }

    @Test
    void countersMoveAsBuildsRunAndEveryLineIsPrometheusText() throws Exception {
        URI coordinator = URI.create(cluster.coordinatorUri() + "/metrics");
        URI worker = URI.create(cluster.workers().getFirst().id().url() + "/metrics");
        Map<String, Double> coordinatorBefore = scrape(coordinator);
        Map<String, Double> workerBefore = scrape(worker);
        assertThat(coordinatorBefore).containsEntry("distbuild_workers_live", 1.0)
                .containsEntry("distbuild_jobs_finished_total{origin=\"ran\"}", 0.0);

        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.file("a.txt", "a\n");
        for (int i = 0; i < 3; i++) {
            graph.shell("job " + i, "cat a.txt; echo " + i, List.of("a.txt"));
        }
        for (int build = 0; build < 2; build++) { // the second replays all three from the cache
            try (Client client = new Client(LOG, cluster.coordinatorUri())) {
                assertThat(client.build(graph.graph(), graph.sourceDir(), new RecordingListener()).succeeded()).isTrue();
            }
        }

        // The client has its outcome a moment before the coordinator has cleaned the build up.
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape(coordinator).get("distbuild_builds_running") == 0.0);
        Map<String, Double> coordinatorAfter = scrape(coordinator);
        assertThat(coordinatorAfter)
                .containsEntry("distbuild_builds_started_total", 2.0)
                .containsEntry("distbuild_builds_ended_total{outcome=\"succeeded\"}", 2.0)
                .containsEntry("distbuild_jobs_finished_total{origin=\"ran\"}", 3.0)
                .containsEntry("distbuild_jobs_finished_total{origin=\"cached\"}", 3.0)
                .containsEntry("distbuild_jobs_run_time_seconds_count", 3.0)
                .containsEntry("distbuild_dispatch_wait_seconds_count", 3.0)
                .containsEntry("distbuild_jobs_queued", 0.0)
                .containsEntry("distbuild_builds_running", 0.0)
                // a.txt (2 bytes) uploaded by the client, then fetched by the worker, which its heartbeats say
                .containsEntry("distbuild_bytes_moved_bytes_total{how=\"uploaded\"}", 2.0)
                .containsEntry("distbuild_bytes_moved_bytes_total{how=\"received\"}", 2.0);
        assertThat(coordinatorAfter.get("distbuild_heartbeats_total"))
                .isGreaterThan(coordinatorBefore.get("distbuild_heartbeats_total"));

        Map<String, Double> workerAfter = scrape(worker);
        assertThat(workerAfter)
                .containsEntry("distbuild_worker_jobs_total{origin=\"ran\",outcome=\"succeeded\"}", 3.0)
                .containsEntry("distbuild_worker_job_phase_seconds_count{phase=\"run\"}", 3.0)
                .containsEntry("distbuild_worker_slots_free", 2.0)
                .containsEntry("distbuild_worker_received_bytes_total{from=\"coordinator\"}", 2.0) // a.txt, once
                .containsEntry("distbuild_worker_received_bytes_total{from=\"peers\"}", 0.0);
        assertThat(workerAfter.get("distbuild_worker_cache_bytes{cache=\"artifacts\"}"))
                .isGreaterThan(workerBefore.get("distbuild_worker_cache_bytes{cache=\"artifacts\"}"));
    }

    /** Every sample of a scrape by name and labels; fails on any line that is not the text format. */
    private Map<String, Double> scrape(URI endpoint) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a Prometheus text line: %s", line).isTrue();
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(sample.group(3)));
        }
        return samples;
    }
}
