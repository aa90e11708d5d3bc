package distbuild.protocol;

import distbuild.http.HttpClients;
import distbuild.model.Id;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The client's side of {@code POST /build} and {@code POST /signal}. Interrupting the caller
 * cancels a call in flight; closing the returned {@link BuildStream} cancels the build.
 */
public final class BuildClient implements BuildCalls {
    /** How long a coordinator may take to accept a build (to start its answer); a silent one is given up on. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** A signal is answered at once; one that is not must not hold up the client's end. */
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(30);

    private final Logger log;
    private final HttpClient http;
    private final URI coordinator;

    /** @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator} */
    public BuildClient(Logger log, HttpClient http, URI coordinator) {
        this.log = log;
        this.http = http;
        this.coordinator = coordinator;
    }

    /**
     * Starts a build and returns once {@link BuildStarted} arrived.
     *
     * @throws distbuild.http.RemoteCallException if the coordinator refused the build (bad graph…)
     */
    @Override
    public BuildStream startBuild(BuildRequest request) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(coordinator, "/build");
        log.debug("starting a build of {} jobs at {}", request.graph().jobs().size(), endpoint);
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .timeout(START_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.encode(request)))
                .build();
        HttpResponse<InputStream> response = this.http.send(http, HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = HttpClients.successBody(response);
        Optional<Duration> keepAlive = response.headers().firstValue(BuildHandler.KEEP_ALIVE_HEADER)
                .filter(value -> value.matches("\\d{1,9}")).map(value -> Duration.ofMillis(Long.parseLong(value)));
        try {
            return new HttpBuildStream(log, body, keepAlive);
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
    }

    @Override
    public SignalResponse signalBuild(Id buildId, SignalRequest signal) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(coordinator, "/signal", "build_id", buildId.hex());
        log.debug("signal {} to build {}", signal, buildId.shortHex());
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .timeout(SIGNAL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.encode(signal)))
                .build();
        HttpResponse<InputStream> response = this.http.send(http, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = HttpClients.successBody(response)) {
            return WireFormat.decodeSignalResponse(body);
        }
    }
}
