package distbuild.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import distbuild.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How {@link Routes} on an {@link HttpServer} answer: by path and method, under a prefix, errors as text. */
class RoutesTest {
    private static final Logger LOG = LoggerFactory.getLogger(RoutesTest.class);

    private final HttpClient http = HttpClients.create();
    private AutoCloseable server;
    private LoopbackServer loopback;

    @AfterEach
    void stop() throws Exception {
        http.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private URI serve(java.util.function.Consumer<Routes> endpoints) throws Exception {
        loopback = LoopbackServer.serve(LOG, endpoints);
        server = loopback;
        return loopback.base();
    }

    private HttpResponse<String> send(String method, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The way every client of this system reads an answer: 2xx body, or the server's text as an exception. */
    private String call(String method, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return new String(HttpClients.successBytes(http.send(request, HttpResponse.BodyHandlers.ofInputStream())), UTF_8);
    }

    private RemoteCallException refusal(String method, URI uri) {
        return catchThrowableOfType(RemoteCallException.class, () -> call(method, uri));
    }

    private static void answer(Exchange exchange, String text) throws IOException {
        exchange.respond(200, "text/plain", text.getBytes(UTF_8));
    }

    @Test
    void anEndpointAnswersUnderThePrefixItIsMountedAt() throws Exception {
        URI base = serve(routes -> routes.get("/ping", exchange -> answer(exchange, "pong from " + exchange.path())));

        assertThat(base.getPath()).isEqualTo(LoopbackServer.PREFIX);
        assertThat(call("GET", HttpClients.uri(base, "/ping")))
                .as("the endpoint sees its path below the prefix")
                .isEqualTo("pong from /ping");
    }

    @Test
    void anEndpointIsNotReachableOutsideItsPrefix() throws Exception {
        serve(routes -> routes.get("/ping", exchange -> answer(exchange, "pong")));

        assertThat(refusal("GET", HttpClients.uri(loopback.root(), "/ping")).status()).isEqualTo(404);
    }

    @Test
    void severalRouteSetsShareOnePortEachUnderItsOwnPrefix() throws Exception {
        Map<String, Routes> mounts = new LinkedHashMap<>();
        for (String prefix : new String[] {"/coordinator", "/worker/0", "/worker/1"}) {
            mounts.put(prefix, new Routes(LOG).get("/whoami", exchange -> answer(exchange, prefix + exchange.path()))
                    .get("/", exchange -> answer(exchange, prefix + " root")));
        }
        HttpServer http = HttpServer.start(LOG, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), mounts);
        server = http;

        for (String prefix : mounts.keySet()) {
            assertThat(call("GET", HttpClients.uri(http.baseUri(), prefix + "/whoami"))).isEqualTo(prefix + "/whoami");
            assertThat(call("GET", HttpClients.uri(http.baseUri(), prefix + "/"))).isEqualTo(prefix + " root");
            assertThat(call("GET", HttpClients.uri(http.baseUri(), prefix))).as("without the final slash")
                    .isEqualTo(prefix + " root");
        }
    }

    @Test
    void anUnknownPathIs404WithATextMessageNamingIt() throws Exception {
        URI base = serve(routes -> routes.get("/ping", exchange -> answer(exchange, "pong")));

        HttpResponse<String> response = send("GET", HttpClients.uri(base, "/no/such/thing"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("/no/such/thing");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405ListingTheAllowedMethods() throws Exception {
        URI base = serve(routes -> routes
                .get("/file", exchange -> answer(exchange, "content"))
                .put("/file", exchange -> answer(exchange, "stored")));

        HttpResponse<String> response = send("POST", HttpClients.uri(base, "/file"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, PUT");
        assertThat(response.body()).contains("POST is not allowed on /file").contains("GET or PUT");
    }

    @Test
    void aRequestExceptionAnswersItsStatusWithItsMessageAsPlainText() throws Exception {
        URI base = serve(routes -> routes.get("/conflict", exchange -> {
            throw new RequestException(409, "artifact 3f2a9c01 is being written by another upload");
        }));

        RemoteCallException refused = refusal("GET", HttpClients.uri(base, "/conflict"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused).hasMessage("artifact 3f2a9c01 is being written by another upload");
    }

    @Test
    void invalidInputIsABadRequest() throws Exception {
        URI base = serve(routes -> routes.get("/check", exchange -> {
            throw new InvalidInputException("path \"../etc/passwd\" leaves the source tree");
        }));

        RemoteCallException refused = refusal("GET", HttpClients.uri(base, "/check"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused).hasMessage("path \"../etc/passwd\" leaves the source tree");
    }

    @Test
    void aPlainIllegalArgumentIsTheServersOwnFaultNotTheCallers() throws Exception {
        URI base = serve(routes -> routes.get("/bug", exchange -> {
            throw new IllegalArgumentException("negative array size in the scheduler");
        }));

        RemoteCallException refused = refusal("GET", HttpClients.uri(base, "/bug"));

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused).hasMessage("negative array size in the scheduler");
    }

    @Test
    void anyOtherFailureIsAServerErrorThatStillSaysWhatWentWrong() throws Exception {
        URI base = serve(routes -> routes
                .get("/broken", exchange -> {
                    throw new IllegalStateException("the file cache directory is gone");
                })
                .get("/npe", exchange -> {
                    throw new NullPointerException();
                }));

        RemoteCallException broken = refusal("GET", HttpClients.uri(base, "/broken"));
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken).hasMessage("the file cache directory is gone");

        RemoteCallException npe = refusal("GET", HttpClients.uri(base, "/npe"));
        assertThat(npe.status()).isEqualTo(500);
        assertThat(npe.getMessage()).as("an exception without a message is named by its type").contains("NullPointerException");
    }

    @Test
    void aMissingOrMalformedQueryParameterIsABadRequestNamingIt() throws Exception {
        URI base = serve(routes -> routes.get("/file", exchange -> answer(exchange, exchange.idParameter("id").hex())));

        RemoteCallException missing = refusal("GET", HttpClients.uri(base, "/file"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing).hasMessage("missing query parameter \"id\"");

        RemoteCallException malformed = refusal("GET", HttpClients.uri(base, "/file", "id", "abc"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.getMessage()).startsWith("query parameter \"id\": ").contains("\"abc\"");

        String id = "406e031b8824ea26ae0bf4d7579a1d89e3fb5906";
        assertThat(call("GET", HttpClients.uri(base, "/file", "id", id))).isEqualTo(id);
    }

    @Test
    void anEndpointThatWritesNothingAnswers204() throws Exception {
        URI base = serve(routes -> routes.put("/file", exchange -> exchange.requestBody().readAllBytes()));

        HttpResponse<String> response = send("PUT", HttpClients.uri(base, "/file"));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void anEndpointReadsTheRequestBodyAsAStream() throws Exception {
        URI base = serve(routes -> routes.put("/echo", exchange -> {
            try (InputStream in = exchange.requestBody()) {
                exchange.respond(200, "application/octet-stream", in.readAllBytes());
            }
        }));
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }

        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(HttpClients.uri(base, "/echo")).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void aFailureAfterTheResponseStartedBreaksTheBodyInsteadOfEndingItCleanly() throws Exception {
        URI base = serve(routes -> routes.get("/stream", exchange -> {
            OutputStream out = exchange.streamResponse(200, "text/plain");
            out.write("first half".getBytes(UTF_8));
            out.flush();
            throw new IllegalStateException("the disk went away mid-stream");
        }));

        IOException broken = catchThrowableOfType(IOException.class, () -> send("GET", HttpClients.uri(base, "/stream")));

        assertThat(broken)
                .as("a reader must not mistake a cut-off stream for a complete one")
                .isNotNull();
    }
}
