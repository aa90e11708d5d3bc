package distbuild.protocol;

import static distbuild.protocol.SampleBuild.BUILD;
import static distbuild.protocol.SampleBuild.COMPILED;
import static distbuild.protocol.SampleBuild.GRAPH;
import static distbuild.protocol.SampleBuild.LINK_FAILED;
import static distbuild.protocol.SampleBuild.MAIN_C;
import static distbuild.protocol.SampleBuild.UTIL_H;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.RemoteCallException;
import distbuild.http.RequestException;
import distbuild.model.Id;
import distbuild.model.InvalidGraphException;
import distbuild.model.InvalidInputException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /build} through real HTTP on loopback: a fake {@link BuildService} writes the
 * stream, {@link BuildClient} and {@link BuildStream} read it.
 */
class BuildOverHttpTest {
    private static final Logger LOG = LoggerFactory.getLogger(BuildOverHttpTest.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final BuildRequest REQUEST = new BuildRequest(GRAPH);
    private static final BuildStarted STARTED = new BuildStarted(BUILD, List.of(MAIN_C, UTIL_H));

    private final HttpClient http = HttpClients.create();
    private LoopbackServer server;

    @AfterEach
    void stop() {
        http.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** What a build does with its writer; signals are refused as for a build that is not running. */
    @FunctionalInterface
    interface Build {
        void run(BuildRequest request, StatusWriter writer) throws Exception;
    }

    private BuildClient serve(Build build) throws Exception {
        return serve(new BuildService() {
            @Override
            public void startBuild(BuildRequest request, StatusWriter writer) throws Exception {
                build.run(request, writer);
            }

            @Override
            public SignalResponse signalBuild(Id buildId, SignalRequest signal) {
                throw RequestException.notFound("unknown build " + buildId.hex());
            }
        });
    }

    private BuildClient serve(BuildService service) throws Exception {
        server = LoopbackServer.serve(LOG, routes -> new BuildHandler(LOG, service).register(routes));
        return new BuildClient(LOG, http, server.base());
    }

    /** Starts the build, failing the test instead of hanging if BuildStarted never arrives. */
    private static BuildStream start(BuildClient client) {
        return assertTimeoutPreemptively(DEADLINE, () -> client.startBuild(REQUEST),
                "BuildStarted must reach the client as soon as the service writes it");
    }

    /** Everything after BuildStarted up to the end of the stream. */
    private static List<StatusUpdate> readToEnd(BuildStream stream) {
        return assertTimeoutPreemptively(DEADLINE, () -> {
            List<StatusUpdate> updates = new ArrayList<>();
            for (StatusUpdate update; (update = stream.next()) != null; ) {
                updates.add(update);
            }
            return updates;
        });
    }

    @Test
    void aBuildStreamsBuildStartedThenEveryUpdateUpToTheFinalOne() throws Exception {
        AtomicReference<BuildRequest> received = new AtomicReference<>();
        BuildClient client = serve((request, writer) -> {
            received.set(request);
            writer.started(STARTED);
            writer.update(StatusUpdate.ofJob(COMPILED));
            writer.update(StatusUpdate.ofJob(LINK_FAILED));
            writer.update(StatusUpdate.failed("job 'link app' (fb13a503) failed: exit code 127"));
        });

        try (BuildStream stream = start(client)) {
            assertThat(stream.started()).isEqualTo(STARTED);
            assertThat(readToEnd(stream)).containsExactly(
                    StatusUpdate.ofJob(COMPILED),
                    StatusUpdate.ofJob(LINK_FAILED),
                    StatusUpdate.failed("job 'link app' (fb13a503) failed: exit code 127"));
            assertThat(stream.next()).as("after the end, next() keeps answering null").isNull();
        }
        assertThat(received.get().graph()).as("the graph as the coordinator decoded it").isEqualTo(REQUEST.graph());
        assertThat(received.get().submitter()).as("a client that does not say who it is is its address")
                .matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void everyUpdateReachesTheClientAsSoonAsItIsWrittenNotWhenTheBuildEnds() throws Exception {
        CountDownLatch clientSawTheJob = new CountDownLatch(1);
        BuildClient client = serve((request, writer) -> {
            writer.started(STARTED);
            writer.update(StatusUpdate.ofJob(COMPILED));
            if (!clientSawTheJob.await(DEADLINE.toSeconds(), SECONDS)) {
                throw new IllegalStateException("the client never saw the finished job");
            }
            writer.update(StatusUpdate.finished());
        });

        try (BuildStream stream = start(client)) {
            assertThat(assertTimeoutPreemptively(DEADLINE, stream::next)).isEqualTo(StatusUpdate.ofJob(COMPILED));
            clientSawTheJob.countDown();
            assertThat(readToEnd(stream)).containsExactly(StatusUpdate.finished());
        }
    }

    @Test
    void buildStartedReachesTheClientWhileTheServiceIsStillRunningAndClosingTheStreamCancelsTheBuild()
            throws Exception {
        CountDownLatch serviceEnded = new CountDownLatch(1);
        AtomicReference<Throwable> howItEnded = new AtomicReference<>();
        BuildClient client = serve((request, writer) -> {
            try {
                writer.started(STARTED);
                // Waiting for uploads that will never come, the way a coordinator waits: it sends
                // keep-alives, which is also how it notices that the client went away.
                while (true) {
                    writer.keepAlive();
                    Thread.sleep(10); // the service's own pacing between keep-alives
                }
            } catch (InterruptedException | IOException cancelled) {
                howItEnded.set(cancelled);
                throw cancelled;
            } finally {
                serviceEnded.countDown();
            }
        });

        BuildStream stream = start(client);

        assertThat(stream.started()).isEqualTo(STARTED);
        assertThat(serviceEnded.getCount()).as("the service is still running when BuildStarted arrives").isEqualTo(1);

        stream.close();

        assertThat(serviceEnded.await(DEADLINE.toSeconds(), SECONDS))
                .as("closing the client's stream cancels the build on the server")
                .isTrue();
        assertThat(howItEnded.get())
                .as("the service learns of the cancellation by an interrupt or a failed write")
                .isInstanceOfAny(InterruptedException.class, IOException.class);
    }

    @Test
    void aServiceThatFailsAfterStartingEndsTheStreamWithBuildFailedCarryingItsError() throws Exception {
        BuildClient client = serve((request, writer) -> {
            writer.started(STARTED);
            writer.update(StatusUpdate.ofJob(COMPILED));
            throw new IllegalStateException("worker http://127.0.0.1:7000/worker/1 died while running 'link app'");
        });

        try (BuildStream stream = start(client)) {
            assertThat(stream.next()).isEqualTo(StatusUpdate.ofJob(COMPILED));
            StatusUpdate last = stream.next();
            assertThat(last.buildFailed()).isEqualTo("worker http://127.0.0.1:7000/worker/1 died while running 'link app'");
            assertThat(last.isFinal()).isTrue();
            assertThat(stream.next()).as("the stream ends after BuildFailed").isNull();
        }
    }

    @Test
    void aServiceFailureWithoutAMessageStillSaysWhatHappened() throws Exception {
        BuildClient client = serve((request, writer) -> {
            writer.started(STARTED);
            throw new NullPointerException();
        });

        try (BuildStream stream = start(client)) {
            assertThat(stream.next().buildFailed()).contains("NullPointerException");
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    void aServiceThatEndsTheBuildItselfIsNotFollowedByAnotherFinalUpdate() throws Exception {
        BuildClient client = serve((request, writer) -> {
            writer.started(STARTED);
            writer.update(StatusUpdate.finished());
            throw new IllegalStateException("cleanup after the build failed");
        });

        try (BuildStream stream = start(client)) {
            assertThat(readToEnd(stream)).containsExactly(StatusUpdate.finished());
        }
    }

    static Stream<Arguments> failuresBeforeStarting() {
        return Stream.of(
                Arguments.of(new InvalidGraphException(List.of("job 'link app' (fb13a503) depends on unknown job 28c75690")),
                        400),
                Arguments.of(new InvalidInputException("a build needs at least one job"), 400),
                Arguments.of(RequestException.badRequest("source path \"../secret\" leaves the source tree"), 400),
                Arguments.of(RequestException.notFound("no such coordinator endpoint for this build"), 404),
                Arguments.of(new RequestException(503, "the coordinator is shutting down"), 503),
                Arguments.of(new IllegalStateException("the file cache directory is gone"), 500));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failuresBeforeStarting")
    void aServiceThatFailsBeforeStartingAnswersAnHttpErrorWithItsMessage(Exception failure, int status) throws Exception {
        BuildClient client = serve((request, writer) -> {
            throw failure;
        });

        RemoteCallException refused = catchThrowableOfType(RemoteCallException.class, () -> client.startBuild(REQUEST));

        assertThat(refused).as("startBuild fails with the coordinator's answer").isNotNull();
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused).hasMessage(failure.getMessage());
    }

    @Test
    void keepAliveLinesBetweenUpdatesAreSkippedByTheReader() throws Exception {
        BuildClient client = serve((request, writer) -> {
            writer.keepAlive(); // before BuildStarted there is no stream yet: nothing is written
            writer.started(STARTED);
            writer.keepAlive();
            writer.keepAlive();
            writer.update(StatusUpdate.ofJob(COMPILED));
            writer.keepAlive();
            writer.update(StatusUpdate.finished());
            writer.keepAlive(); // after the end: nothing is written either
        });

        try (BuildStream stream = start(client)) {
            assertThat(stream.started()).isEqualTo(STARTED);
            assertThat(readToEnd(stream)).containsExactly(StatusUpdate.ofJob(COMPILED), StatusUpdate.finished());
        }
    }

    @Test
    void onTheWireTheStreamIsOneBareDocumentPerLineWithBlankKeepAliveLinesBetween() throws Exception {
        serve((request, writer) -> {
            writer.started(STARTED);
            writer.keepAlive();
            writer.update(StatusUpdate.ofJob(COMPILED));
            writer.update(StatusUpdate.finished());
        });
        HttpRequest request = HttpRequest.newBuilder(HttpClients.uri(server.base(), "/build"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.encode(REQUEST)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).as("a keep-alive is a blank line").isBlank();
        JsonEquivalence.assertEquivalent(lines.get(0), WireFormat.encode(STARTED));
        JsonEquivalence.assertEquivalent(lines.get(2), WireFormat.encode(StatusUpdate.ofJob(COMPILED)));
        JsonNode last = WireFormat.parse(lines.get(3).getBytes(UTF_8));
        assertThat(last.get("BuildFinished").isObject()).as("BuildFinished is {} in %s", last).isTrue();
        assertThat(response.body()).endsWith("\n");
    }

    @Test
    void aStreamThatEndsWithoutAFinalUpdateIsAnErrorForTheClient() throws Exception {
        BuildClient client = serve((request, writer) -> {
            writer.started(STARTED);
            writer.update(StatusUpdate.ofJob(COMPILED));
            // returns without BuildFinished or BuildFailed: a broken coordinator
        });

        try (BuildStream stream = start(client)) {
            assertThat(stream.next()).isEqualTo(StatusUpdate.ofJob(COMPILED));
            Throwable thrown = catchThrowable(stream::next);
            assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("ended without BuildFinished or BuildFailed");
            assertThat(stream.next()).as("and then the stream is over").isNull();
        }
    }

    @Test
    void aServiceThatReturnsWithoutStartingIsAnErrorForTheClient() throws Exception {
        BuildClient client = serve((request, writer) -> {});

        Throwable thrown = catchThrowable(() -> client.startBuild(REQUEST));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("before sending BuildStarted");
    }

    @Test
    void aMalformedBuildRequestIs400WithTheDecodingErrorAndNeverReachesTheService() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        serve((request, writer) -> called.countDown());
        String badDep = """
                {"Graph":{"SourceFiles":null,"Jobs":[{"ID":"fb13a50309cb340f02d23fd2eebaa85d315d0106","Name":"link app",
                 "Deps":["f1bfb209"],"Cmds":[{"Exec":["cc"]}]}]}}""";
        HttpRequest request = HttpRequest.newBuilder(HttpClients.uri(server.base(), "/build"))
                .POST(HttpRequest.BodyPublishers.ofString(badDep))
                .build();

        RemoteCallException refused = catchThrowableOfType(RemoteCallException.class,
                () -> HttpClients.successBytes(http.send(request, HttpResponse.BodyHandlers.ofInputStream())));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused).hasMessageStartingWith("BuildRequest.Graph.Jobs[0].Deps[0]: invalid ID \"f1bfb209\"");
        assertThat(called.getCount()).isEqualTo(1);
    }

    @Test
    void aStreamTheClientCannotDecodeIsAWireFormatErrorSayingWhere() throws Exception {
        server = LoopbackServer.serve(LOG, routes -> routes.post("/build", exchange -> {
            try (var out = exchange.streamResponse(200, "application/x-ndjson")) {
                out.write(WireFormat.encode(STARTED));
                out.write("\n{\"JobFinished\":{\"ID\":\"main.o\"}}\n".getBytes(UTF_8));
            }
        }));
        BuildClient client = new BuildClient(LOG, http, server.base());

        try (BuildStream stream = start(client)) {
            assertThat(catchThrowable(stream::next)).isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("StatusUpdate.JobFinished.ID: invalid ID \"main.o\"");
        }
    }

    @Test
    void startingABuildAgainstAPortWithNothingListeningFailsAtOnceWithConnectException() throws Exception {
        BuildClient client = new BuildClient(LOG, http, LoopbackServer.nothingListening());

        Throwable thrown = assertTimeoutPreemptively(DEADLINE, () -> catchThrowable(() -> client.startBuild(REQUEST)));

        assertThat(thrown).isInstanceOf(ConnectException.class);
    }
}
