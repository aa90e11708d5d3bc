package distbuild.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.http.LoopbackServer;
import distbuild.http.RequestException;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.protocol.BuildHandler;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildService;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.SignalResponse;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a client follows a build through a coordinator that misbehaves, played over real HTTP by a
 * stand-in that speaks the protocol: one that keeps taking the build and failing it, one slow to take files.
 */
class ResumableBuildTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.resume");
    private static final byte[] CONTENT = "source\n".getBytes(StandardCharsets.UTF_8);
    private static final Id FILE = Id.ofContent(CONTENT);

    @TempDir
    Path temp;

    private LoopbackServer server;
    private final AtomicInteger submissions = new AtomicInteger();
    private final Map<Id, CountDownLatch> uploadsDone = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(30) // a window not honoured would resubmit for ever
    void aCoordinatorThatKeepsTakingTheBuildAndFailingItGetsNoMoreThanTheWindow() throws Exception {
        serve(exchange -> {
            throw new RequestException(500, "the disk is full");
        });

        try (Client client = new Client(LOG, server.base(), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.build(graph(), source(), BuildListener.NONE))
                    .isInstanceOf(IOException.class).hasMessageContaining("did not take the build back within 2s");
        }

        assertThat(submissions.get()).as("resubmissions wait their backoff").isBetween(2, 12);
    }

    @Test
    void aLongUploadIsNotMistakenForASilentCoordinator() throws Exception {
        serve(exchange -> {
            exchange.requestBody().readAllBytes();
            try {
                Thread.sleep(7_000); // slower than the 5 s of silence that mean a lost coordinator
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.respond(204, "text/plain", new byte[0]);
        });

        try (Client client = new Client(LOG, server.base(), Duration.ZERO)) {
            assertThat(client.build(graph(), source(), BuildListener.NONE).succeeded()).isTrue();
        }
        assertThat(submissions.get()).isEqualTo(1);
    }

    private void serve(distbuild.http.Endpoint fileUpload) throws Exception {
        BuildService service = new BuildService() {
            @Override
            public void startBuild(BuildRequest request, StatusWriter writer) throws Exception {
                Id build = Id.ofContent(("build " + submissions.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
                CountDownLatch uploaded = new CountDownLatch(1);
                uploadsDone.put(build, uploaded);
                writer.started(new BuildStarted(build, List.of(FILE)));
                while (!uploaded.await(500, TimeUnit.MILLISECONDS)) {
                    writer.keepAlive();
                }
                writer.update(StatusUpdate.finished());
            }

            @Override
            public SignalResponse signalBuild(Id buildId, SignalRequest signal) {
                uploadsDone.get(buildId).countDown();
                return new SignalResponse();
            }

            @Override
            public Optional<Duration> keepAliveInterval() {
                return Optional.of(Duration.ofMillis(500));
            }
        };
        server = LoopbackServer.serve(LOG, routes -> {
            new BuildHandler(LOG, service).register(routes);
            routes.put("/file", fileUpload);
        });
    }

    private Path source() throws IOException {
        Path source = Files.createDirectories(temp.resolve("src"));
        Files.write(source.resolve("a.txt"), CONTENT);
        return source;
    }

    private static Graph graph() {
        Job job = new Job(Id.ofContent("job".getBytes(StandardCharsets.UTF_8)), "job", List.of("a.txt"), List.of(),
                List.of(new Cmd.Exec(List.of("true"))));
        return new Graph(Map.of(FILE, "a.txt"), List.of(job));
    }
}
