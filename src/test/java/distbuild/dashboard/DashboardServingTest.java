package distbuild.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cli.LocalCluster;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.http.HttpServer;
import distbuild.http.Routes;
import distbuild.model.Job;
import distbuild.protocol.BuildDetails;
import distbuild.protocol.BuildDetails.JobRow;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.WireFormat;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's files and the documents behind it, over HTTP from a local cluster: what the page
 * needs to draw a build, and what it must never be tricked into.
 */
class DashboardServingTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.dashboard");

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();
    private URI root;

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 2);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        root = cluster.coordinatorUri().resolve("/");
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        cluster.close();
    }

    @Test
    void thePageAndItsFilesComeWithAPolicyThatRunsNothingButThem() throws Exception {
        HttpResponse<String> page = get(root);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("content=\"/coordinator\"", "<script src=\"/dashboard.js\" defer></script>")
                .doesNotContain("<script>", "style=");
        assertThat(get(root.resolve("dashboard.js")).headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(get(root.resolve("dashboard.css")).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get(root.resolve("favicon.svg")).statusCode()).isEqualTo(200);
        assertThat(get(root.resolve("no-such-file.js")).statusCode()).isEqualTo(404);
        assertThat(get(root.resolve("dashboard.js")).body()).as("job names and output are set as text only")
                .doesNotContain("innerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }

    @Test
    void withTheApiAtTheRootThePageMovesToDashboardAndWorksWithOrWithoutTheFinalSlash() throws Exception {
        String api = "";
        String path = Dashboard.pathBeside(api);
        try (HttpServer server = HttpServer.start(LOG, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of(api, new Routes(LOG), path, new Dashboard(api).routes(LOG)))) {
            for (String page : List.of("/dashboard", "/dashboard/")) {
                HttpResponse<String> answer = get(server.baseUri().resolve(page));
                assertThat(answer.statusCode()).as(page).isEqualTo(200);
                assertThat(answer.body()).contains("content=\"\"", "src=\"/dashboard/dashboard.js\"");
            }
            assertThat(get(server.baseUri().resolve("/dashboard/dashboard.js")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBuildsDocumentHasEveryJobWithItsTimesAndAFailedJobsOutput() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.file("input.txt", "some input\n");
        Job first = graph.shell("first", "cat input.txt > {{.OutputDir}}/copy", List.of("input.txt"));
        // Its output is longer than what is kept: the end, where the error is, stays.
        graph.shell("breaks", "head -c 100000 /dev/zero | tr '\\0' x; echo; echo 'the real error' >&2; exit 7",
                List.of(), first);
        graph.shell("never", "true", List.of(), graph.shell("blocked", "sleep 30", List.of()));
        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome;
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            outcome = client.build(graph.graph(), graph.sourceDir(), listener);
        }
        assertThat(outcome.failure()).contains("exit code 7");

        ClusterStatus status = WireFormat.decodeClusterStatus(bytes(cluster.coordinatorUri() + "/status"));
        ClusterStatus.Build ended = status.builds().getFirst();
        assertThat(ended.state()).isEqualTo("failed");
        assertThat(ended.failure()).contains("'breaks'", "exit code 7");
        assertThat(ended.submitter()).matches(".+@.+ from 127\\.0\\.0\\.1:\\d+");
        assertThat(ended.jobs()).isEqualTo(4);
        assertThat(status.totals().bytesMoved()).as("input.txt up to the coordinator and down to the worker")
                .isGreaterThanOrEqualTo(2 * "some input\n".length());

        BuildDetails details = WireFormat.decodeBuildDetails(bytes(cluster.coordinatorUri() + "/status/build?id=" + ended.id()));
        assertThat(details.jobs()).extracting(JobRow::name).containsExactly("first", "breaks", "blocked", "never");
        JobRow ran = details.jobs().getFirst();
        assertThat(ran.state()).isEqualTo("ran");
        assertThat(ran.tries()).isEqualTo(1);
        assertThat(ran.readyAtMillis()).isNotNegative().isLessThanOrEqualTo(ran.startedAtMillis());
        assertThat(ran.startedAtMillis()).isLessThanOrEqualTo(ran.finishedAtMillis());
        assertThat(ran.worker()).isEqualTo(cluster.workers().getFirst().id().url());
        assertThat(ran.stdout()).as("kept only for failed jobs").isNull();
        JobRow broke = details.jobs().get(1);
        assertThat(broke.state()).isEqualTo("failed");
        assertThat(broke.exitCode()).isEqualTo(7);
        assertThat(broke.stderr()).isEqualTo("the real error\n");
        assertThat(broke.stdout()).startsWith("… (").endsWith("xxx\n").hasSizeLessThan(70_000);
        assertThat(details.jobs().get(2).state()).as("ended with the build").isEqualTo("cancelled");
        assertThat(details.jobs().get(3).state()).isEqualTo("cancelled");
        assertThat(details.jobs().get(3).readyAtMillis()).as("never ready").isEqualTo(-1);
    }

    @Test
    void aBuildThatIsNotKnownOrABadIdIsAClearError() throws Exception {
        HttpResponse<String> unknown = get(URI.create(cluster.coordinatorUri() + "/status/build?id=" + "ab".repeat(20)));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("build abab", "is not known here");

        HttpResponse<String> bad = get(URI.create(cluster.coordinatorUri() + "/status/build?id=%3Cscript%3E"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(get(URI.create(cluster.coordinatorUri() + "/status/build")).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ByteArrayInputStream bytes(String uri) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return new ByteArrayInputStream(response.body());
    }
}
