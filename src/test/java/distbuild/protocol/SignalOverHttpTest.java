package distbuild.protocol;

import static distbuild.protocol.SampleBuild.BUILD;
import static distbuild.protocol.SampleBuild.COMPILED;
import static distbuild.protocol.SampleBuild.GRAPH;
import static distbuild.protocol.SampleBuild.MAIN_C;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.RemoteCallException;
import distbuild.http.RequestException;
import distbuild.model.Id;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /signal?build_id=…} through real HTTP on loopback, alone and in the conversation
 * of SPEC §5: start a build, learn the missing files, signal UploadDone, read the results.
 */
class SignalOverHttpTest {
    private static final Logger LOG = LoggerFactory.getLogger(SignalOverHttpTest.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClients.create();
    private final Coordinator coordinator = new Coordinator();
    private LoopbackServer server;
    private BuildClient client;

    @AfterEach
    void stop() {
        http.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private void serve() throws Exception {
        server = LoopbackServer.serve(LOG, routes -> new BuildHandler(LOG, coordinator).register(routes));
        client = new BuildClient(LOG, http, server.base());
    }

    /**
     * A fake coordinator with one build, {@link SampleBuild#BUILD}: it reports src/main.c as
     * missing, waits for UploadDone, then reports the compile job and the end of the build.
     */
    private static final class Coordinator implements BuildService {
        final Map<Id, CountDownLatch> uploadsDone = new ConcurrentHashMap<>();
        final Map<Id, SignalRequest> signals = new ConcurrentHashMap<>();

        @Override
        public void startBuild(BuildRequest request, StatusWriter writer) throws Exception {
            CountDownLatch uploadDone = new CountDownLatch(1);
            uploadsDone.put(BUILD, uploadDone);
            try {
                writer.started(new BuildStarted(BUILD, List.of(MAIN_C)));
                if (!uploadDone.await(DEADLINE.toSeconds(), SECONDS)) {
                    throw new IllegalStateException("the client never signalled UploadDone");
                }
                writer.update(StatusUpdate.ofJob(COMPILED));
                writer.update(StatusUpdate.finished());
            } finally {
                uploadsDone.remove(BUILD);
            }
        }

        @Override
        public SignalResponse signalBuild(Id buildId, SignalRequest signal) {
            CountDownLatch uploadDone = uploadsDone.get(buildId);
            if (uploadDone == null) {
                throw RequestException.notFound("unknown build " + buildId.hex());
            }
            signals.put(buildId, signal);
            if (signal.uploadDone()) {
                uploadDone.countDown();
            }
            return new SignalResponse();
        }
    }

    @Test
    void aBuildWaitsForUploadDoneThenStreamsItsResults() throws Exception {
        serve();

        try (BuildStream stream = assertTimeoutPreemptively(DEADLINE, () -> client.startBuild(new BuildRequest(GRAPH)))) {
            assertThat(stream.started().missingFiles()).containsExactly(MAIN_C);
            // (the client would upload src/main.c here)
            assertThat(client.signalBuild(stream.started().id(), SignalRequest.UPLOAD_DONE)).isEqualTo(new SignalResponse());

            assertThat(assertTimeoutPreemptively(DEADLINE, stream::next)).isEqualTo(StatusUpdate.ofJob(COMPILED));
            assertThat(assertTimeoutPreemptively(DEADLINE, stream::next)).isEqualTo(StatusUpdate.finished());
            assertThat(stream.next()).isNull();
        }
        assertThat(coordinator.signals).containsEntry(BUILD, SignalRequest.UPLOAD_DONE);
    }

    @Test
    void aSignalForAnUnknownBuildIs404WithTheCoordinatorsText() throws Exception {
        serve();
        Id unknown = Id.ofContent("no such build".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        RemoteCallException refused = catchThrowableOfType(RemoteCallException.class,
                () -> client.signalBuild(unknown, SignalRequest.UPLOAD_DONE));

        assertThat(refused).as("the signal fails with the coordinator's answer").isNotNull();
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.isNotFound()).isTrue();
        assertThat(refused).hasMessage("unknown build " + unknown.hex());
    }

    @Test
    void aSignalWithAMalformedOrMissingBuildIdIs400NamingTheParameter() throws Exception {
        serve();

        RemoteCallException malformed = catchThrowableOfType(RemoteCallException.class,
                () -> postSignal(HttpClients.uri(server.base(), "/signal", "build_id", "b84a59af"), "{\"UploadDone\":{}}"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed).hasMessageStartingWith("query parameter \"build_id\": invalid ID \"b84a59af\"");

        RemoteCallException missing = catchThrowableOfType(RemoteCallException.class,
                () -> postSignal(HttpClients.uri(server.base(), "/signal"), "{\"UploadDone\":{}}"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing).hasMessage("missing query parameter \"build_id\"");
    }

    @Test
    void aMalformedSignalBodyIs400WithTheDecodingError() throws Exception {
        serve();

        RemoteCallException refused = catchThrowableOfType(RemoteCallException.class,
                () -> postSignal(HttpClients.uri(server.base(), "/signal", "build_id", BUILD.hex()), "{\"UploadDone\":\"yes\"}"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused).hasMessageStartingWith("SignalRequest.UploadDone: expected an object or null");
    }

    private byte[] postSignal(java.net.URI uri, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClients.successBytes(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }
}
