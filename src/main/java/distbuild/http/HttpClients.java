package distbuild.http;

import distbuild.security.Credentials;
import distbuild.security.Role;
import distbuild.security.Token;
import distbuild.security.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/** The one way this system makes HTTP clients and reads their answers. */
public final class HttpClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** How long a download may stop coming, mid-answer, before it is given up (and its job tried again). */
    public static final Duration DOWNLOAD_SILENCE_LIMIT = Duration.ofSeconds(60);

    private HttpClients() {}

    /** An HTTP/1.1 client whose asynchronous work runs on virtual threads, with no credentials. The caller closes it. */
    public static HttpClient create() {
        return builder().build();
    }

    /**
     * A client that calls others as {@code role}: it presents that role's token (if the
     * credentials hold one) on every request and checks TLS servers against their CA.
     */
    public static HttpClient create(Credentials credentials, Role role) {
        HttpClient.Builder builder = builder();
        credentials.tls().ifPresent(tls -> builder.sslContext(tls.clientContext()));
        return authorizing(builder.build(), credentials, role);
    }

    /**
     * Like {@link #create(Credentials, Role)} for a program that talks to {@code only} and nothing
     * else (a build's client and its coordinator). When that is plain {@code http}, the client never
     * makes a TLS connection, so it skips loading the JDK's trusted certificates, which costs a
     * short-lived process about 30 ms.
     */
    public static HttpClient createFor(URI only, Credentials credentials, Role role) {
        HttpClient.Builder builder = builder();
        if ("http".equalsIgnoreCase(only.getScheme())) {
            builder.sslContext(Tls.trustingOnly(List.of())); // trusts nobody: no TLS is made with it
        } else {
            credentials.tls().ifPresent(tls -> builder.sslContext(tls.clientContext()));
        }
        return authorizing(builder.build(), credentials, role);
    }

    /**
     * A worker's client: like {@link #create(Credentials, Role)} with the worker role, but to its
     * coordinator it presents its own token when it has one ({@code distbuild credentials --worker
     * NAME}), by which the coordinator knows which worker it is; to its peers, the shared one.
     */
    public static HttpClient createForWorker(Credentials credentials, URI coordinator) {
        HttpClient.Builder builder = builder();
        credentials.tls().ifPresent(tls -> builder.sslContext(tls.clientContext()));
        HttpClient client = builder.build();
        Optional<Token> shared = credentials.token(Role.WORKER);
        Optional<Token> own = credentials.ownWorkerToken();
        if (own.isEmpty()) {
            return authorizing(client, credentials, Role.WORKER);
        }
        String base = coordinator.toString().endsWith("/") ? coordinator.toString() : coordinator + "/";
        return new AuthorizingHttpClient(client, uri -> uri.toString().startsWith(base) || shared.isEmpty()
                ? own.get() : shared.get());
    }

    private static HttpClient authorizing(HttpClient client, Credentials credentials, Role role) {
        return credentials.token(role).<HttpClient>map(token -> new AuthorizingHttpClient(client, token)).orElse(client);
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /** {@code base + path + "?name=value"}, the value URL-encoded. */
    public static URI uri(URI base, String path, String name, String value) {
        return URI.create(base.toString() + path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    public static URI uri(URI base, String path) {
        return URI.create(base.toString() + path);
    }

    /** {@code GET uri}, the body of a 2xx answer as a stream; otherwise a {@link RemoteCallException}. */
    public static InputStream get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return successBody(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /**
     * Like {@link #get(HttpClient, URI)}, failing with an {@link java.net.http.HttpTimeoutException}
     * if the answer has not begun within {@code timeout} (a peer that accepts and then says nothing).
     */
    public static InputStream get(HttpClient http, URI uri, java.time.Duration timeout) throws IOException, InterruptedException {
        return successBody(http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Like {@link #download(HttpClient, URI, Duration)}, telling {@code received} of the bytes as they are read. */
    public static InputStream download(HttpClient http, URI uri, Duration silence, java.util.function.LongConsumer received)
            throws IOException, InterruptedException {
        return new CountingInputStream(download(http, uri, silence), received);
    }

    /**
     * Like {@link #get(HttpClient, URI, Duration)}, and also failing once a read of the body has
     * waited {@code silence} for it: for downloads from peers, which may hang half-way.
     */
    public static InputStream download(HttpClient http, URI uri, Duration silence) throws IOException, InterruptedException {
        String source = uri.getHost() + ":" + uri.getPort();
        try {
            return new SilenceLimitedStream(get(http, uri, silence), silence, source);
        } catch (HttpTimeoutException e) {
            throw new HttpTimeoutException(source + " did not answer within " + silence.toMillis() + " ms");
        }
    }

    /**
     * Returns the body of a 2xx answer; otherwise reads the server's plain-text error, closes
     * the body and throws it as a {@link RemoteCallException}.
     */
    public static InputStream successBody(HttpResponse<InputStream> response) throws IOException {
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        String message;
        try (InputStream body = response.body()) {
            message = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
        }
        if (message.isEmpty()) {
            message = "HTTP " + response.statusCode() + " from " + response.request().uri();
        }
        throw new RemoteCallException(response.statusCode(), message);
    }

    /** Like {@link #successBody} for calls whose answer is small: the whole body. */
    public static byte[] successBytes(HttpResponse<InputStream> response) throws IOException {
        try (InputStream body = successBody(response)) {
            return body.readAllBytes();
        }
    }
}
