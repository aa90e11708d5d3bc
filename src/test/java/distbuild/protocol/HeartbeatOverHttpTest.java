package distbuild.protocol;

import static distbuild.protocol.SampleBuild.HEARTBEAT;
import static distbuild.protocol.SampleBuild.WORK_FOR_WORKER_0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.RemoteCallException;
import distbuild.http.RequestException;
import distbuild.model.Id;
import distbuild.model.InvalidInputException;
import distbuild.model.WorkerId;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

/** {@code POST /heartbeat} through real HTTP on loopback, between {@link HeartbeatClient} and a fake service. */
class HeartbeatOverHttpTest {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatOverHttpTest.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClients.create();
    private LoopbackServer server;

    @AfterEach
    void stop() {
        http.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private HeartbeatClient serve(HeartbeatService service) throws Exception {
        server = LoopbackServer.serve(LOG, routes -> new HeartbeatHandler(LOG, service).register(routes));
        return new HeartbeatClient(LOG, http, server.base());
    }

    /** Sends a raw body the way a peer with a bug would, read back the way every client reads answers. */
    private byte[] postRaw(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(HttpClients.uri(server.base(), "/heartbeat"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClients.successBytes(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    @Test
    void theWorkersReportReachesTheServiceAndItsAnswerReachesTheWorker() throws Exception {
        AtomicReference<HeartbeatRequest> received = new AtomicReference<>();
        HeartbeatClient client = serve(request -> {
            received.set(request);
            return WORK_FOR_WORKER_0;
        });

        HeartbeatResponse response = client.heartbeat(HEARTBEAT);

        assertThat(received.get()).as("the request as the coordinator decoded it").isEqualTo(HEARTBEAT);
        assertThat(response).as("the answer as the worker decoded it").isEqualTo(WORK_FOR_WORKER_0);
    }

    @Test
    void jobsToCancelReachTheWorker() throws Exception {
        HeartbeatResponse cancelLink = new HeartbeatResponse(Map.of(), List.of(SampleBuild.LINK));
        HeartbeatClient client = serve(request -> cancelLink);

        assertThat(client.heartbeat(HEARTBEAT).jobsToCancel()).containsExactly(SampleBuild.LINK);
    }

    @Test
    void anIdleHeartbeatWithNothingToReportWorks() throws Exception {
        HeartbeatRequest idle = new HeartbeatRequest(new WorkerId("http://10.0.0.7:7001"), List.of(), 4, List.of(), List.of());
        HeartbeatClient client = serve(request -> HeartbeatResponse.empty());

        assertThat(client.heartbeat(idle)).isEqualTo(HeartbeatResponse.empty());
    }

    static Stream<Arguments> serviceFailures() {
        return Stream.of(
                Arguments.of(RequestException.badRequest("worker http://10.0.0.7:7001 reported job f1bfb209 it was never given"),
                        400),
                Arguments.of(new InvalidInputException("FreeSlots 64 is more than this coordinator allows (16)"), 400),
                Arguments.of(RequestException.notFound("no build wants job f1bfb209 any more"), 404),
                Arguments.of(new RequestException(503, "the coordinator is shutting down"), 503),
                Arguments.of(new IllegalStateException("scheduler invariant broken: job queued twice"), 500));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("serviceFailures")
    void aServiceErrorReachesTheWorkerWithItsStatusAndText(Exception failure, int status) throws Exception {
        HeartbeatClient client = serve(request -> {
            throw failure;
        });

        RemoteCallException refused = catchThrowableOfType(RemoteCallException.class, () -> client.heartbeat(HEARTBEAT));

        assertThat(refused).as("the heartbeat fails with the server's answer").isNotNull();
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused).hasMessage(failure.getMessage());
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("", "HeartbeatRequest: the body is empty, expected a JSON object"),
                Arguments.of("WorkerID: http://10.0.0.7:7001", "HeartbeatRequest: not valid JSON"),
                Arguments.of("{\"WorkerID\":\"http://10.0.0.7:7001\",\"RunningJobs\":[\"f1bfb209\"]}",
                        "HeartbeatRequest.RunningJobs[0]: invalid ID \"f1bfb209\": expected 40 hex characters, got 8"),
                Arguments.of("{\"WorkerID\":\"http://10.0.0.7:7001\",\"FreeSlots\":\"many\"}",
                        "HeartbeatRequest.FreeSlots: expected an integer, got string \"many\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedBodies")
    void aMalformedHeartbeatIs400WithTheDecodingErrorAsText(String body, String message) throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        serve(request -> {
            called.countDown();
            return HeartbeatResponse.empty();
        });

        RemoteCallException refused = catchThrowableOfType(RemoteCallException.class, () -> postRaw(body));

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).startsWith(message);
        assertThat(called.getCount()).as("the service never sees a malformed heartbeat").isEqualTo(1);
    }

    @Test
    void anAnswerTheWorkerCannotDecodeIsAWireFormatErrorSayingWhere() throws Exception {
        server = LoopbackServer.serve(LOG, routes -> routes.post("/heartbeat", exchange -> exchange.respondJson("""
                {"JobsToRun":{"link":{"ID":"fb13a50309cb340f02d23fd2eebaa85d315d0106"}}}""".getBytes(UTF_8))));
        HeartbeatClient client = new HeartbeatClient(LOG, http, server.base());

        Throwable thrown = catchThrowable(() -> client.heartbeat(HEARTBEAT));

        assertThat(thrown).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("HeartbeatResponse.JobsToRun[\"link\"]: invalid ID \"link\"");
    }

    @Test
    void interruptingTheWorkerCancelsAHeartbeatTheCoordinatorIsHolding() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch workArrives = new CountDownLatch(1);
        CompletableFuture<String> serviceOutcome = new CompletableFuture<>();
        HeartbeatClient client = serve(request -> {
            if (request.freeSlots() == 0) {
                return HeartbeatResponse.empty(); // the follow-up heartbeat below: answered at once
            }
            holding.countDown();
            try {
                workArrives.await(); // a long poll: hold the worker until there is work for it
                serviceOutcome.complete("returned its answer");
                return WORK_FOR_WORKER_0;
            } catch (InterruptedException e) {
                serviceOutcome.complete("was interrupted");
                throw e;
            }
        });
        CompletableFuture<Throwable> callOutcome = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("worker-heartbeat").start(() -> {
            try {
                HeartbeatResponse response = client.heartbeat(HEARTBEAT);
                callOutcome.completeExceptionally(new AssertionError("the heartbeat returned " + response));
            } catch (Throwable t) {
                callOutcome.complete(t);
            }
        });
        assertThat(holding.await(DEADLINE.toSeconds(), SECONDS)).as("the coordinator is holding the heartbeat").isTrue();

        worker.interrupt();

        Throwable ended = callOutcome.get(DEADLINE.toSeconds(), SECONDS);
        assertThat(ended).as("the cancelled call ends promptly with").isInstanceOfAny(InterruptedException.class, IOException.class);
        // The coordinator may or may not notice the worker left while it holds the request; either
        // way, once it answers, nothing breaks and the next heartbeat is served.
        workArrives.countDown();
        assertThat(serviceOutcome.get(DEADLINE.toSeconds(), SECONDS)).isIn("returned its answer", "was interrupted");
        HeartbeatRequest next = new HeartbeatRequest(HEARTBEAT.workerId(), List.of(), 0, List.of(), List.of());
        assertThat(client.heartbeat(next)).isEqualTo(HeartbeatResponse.empty());
    }

    @Test
    void aHeartbeatToAPortWithNothingListeningFailsAtOnceWithConnectException() throws Exception {
        HeartbeatClient client = new HeartbeatClient(LOG, http, LoopbackServer.nothingListening());

        Throwable thrown = assertTimeoutPreemptively(DEADLINE, () -> catchThrowable(() -> client.heartbeat(HEARTBEAT)));

        assertThat(thrown).isInstanceOf(ConnectException.class);
    }

    @Test
    void heartbeatsFromSeveralWorkersAreServedConcurrently() throws Exception {
        CountDownLatch bothArrived = new CountDownLatch(2);
        HeartbeatClient client = serve(request -> {
            bothArrived.countDown();
            // Each long poll returns only once the other worker's heartbeat is in as well.
            if (!bothArrived.await(DEADLINE.toSeconds(), SECONDS)) {
                throw new IllegalStateException("the other heartbeat never arrived while this one was held");
            }
            return new HeartbeatResponse(Map.of(), request.runningJobs());
        });
        Id first = SampleBuild.COMPILE;
        Id second = SampleBuild.LINK;

        CompletableFuture<HeartbeatResponse> one = CompletableFuture.supplyAsync(() -> call(client, first),
                command -> Thread.ofVirtual().start(command));
        CompletableFuture<HeartbeatResponse> two = CompletableFuture.supplyAsync(() -> call(client, second),
                command -> Thread.ofVirtual().start(command));

        assertThat(one.get(DEADLINE.toSeconds(), SECONDS).jobsToCancel()).containsExactly(first);
        assertThat(two.get(DEADLINE.toSeconds(), SECONDS).jobsToCancel()).containsExactly(second);
    }

    private static HeartbeatResponse call(HeartbeatClient client, Id running) {
        try {
            return client.heartbeat(new HeartbeatRequest(SampleBuild.WORKER_0, List.of(running), 1, List.of(), List.of()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
