package distbuild.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.coordinator.Coordinator;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.dashboard.Dashboard;
import distbuild.http.HttpClients;
import distbuild.http.HttpServer;
import distbuild.model.WorkerId;
import distbuild.scheduler.Clock;
import distbuild.worker.Worker;
import distbuild.worker.WorkerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every endpoint of a coordinator and a worker with credentials, over real HTTPS: anonymous callers
 * and callers with a token nobody issued get 401, a caller of the wrong role gets 403, and the
 * right role gets past the gate. Callers that do not trust the cluster's CA never connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.access");
    private static final String SOME_ID = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    static Path temp;

    private Path credentials;
    private Coordinator coordinator;
    private Worker worker;
    private HttpServer coordinatorServer;
    private HttpServer workerServer;
    private URI coordinatorUri;
    private URI workerUri;

    @BeforeAll
    void startSecuredCoordinatorAndWorker() throws Exception {
        credentials = temp.resolve("credentials");
        CredentialsDirectory.create(credentials, List.of("127.0.0.1"));
        Credentials coordinatorSide = Credentials.load(credentials.resolve("coordinator"));
        coordinator = Coordinator.open(LOG, new CoordinatorConfig(temp.resolve("coordinator")).withCredentials(coordinatorSide),
                Clock.system());
        coordinatorServer = HttpServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                coordinatorSide.serverContext().orElseThrow(), Map.of("/coordinator", coordinator.routes(), "", new Dashboard("/coordinator").routes(LOG)));
        coordinatorUri = URI.create(coordinatorServer.baseUri() + "/coordinator");

        Credentials workerSide = Credentials.load(credentials.resolve("worker"));
        workerServer = HttpServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                workerSide.serverContext().orElseThrow(), Map.of());
        workerUri = workerServer.baseUri();
        worker = Worker.open(LOG, new WorkerConfig(new WorkerId(workerUri.toString()), coordinatorUri,
                temp.resolve("worker"), 1).withCredentials(workerSide));
        workerServer.mount("", worker.routes());
    }

    @AfterAll
    void stop() throws Exception {
        worker.close();
        workerServer.close();
        coordinator.close();
        coordinatorServer.close();
    }

    @ParameterizedTest(name = "{0} {1} on the {2} wants a {3} credential")
    @CsvSource({
        "POST, /build,     coordinator, client",
        "POST, /signal,    coordinator, client",
        "PUT,  /file,      coordinator, client",
        "GET,  /artifact,  coordinator, client",
        "GET,  /file,      coordinator, worker",
        "POST, /heartbeat, coordinator, worker",
        "GET,  /status,    coordinator, client",
        "GET,  /status/build, coordinator, client",
        "GET,  /artifact,  worker,      worker",
        "GET,  /result,    worker,      worker",
    })
    void everyEndpointAdmitsOnlyItsRole(String method, String path, String server, String role) throws Exception {
        URI target = URI.create((server.equals("worker") ? workerUri : coordinatorUri) + path + "?id=" + SOME_ID
                + "&build_id=" + SOME_ID);
        Role right = Role.valueOf(role.toUpperCase());
        Role wrong = right == Role.CLIENT ? Role.WORKER : Role.CLIENT;

        HttpResponse<String> anonymous = call(caller(Map.of()), method, target);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(anonymous.body()).contains("needs a " + role + " credential");

        assertThat(call(caller(Map.of(right, Token.generate())), method, target).statusCode())
                .as("a token nobody issued").isEqualTo(401);

        HttpResponse<String> wrongRole = call(caller(Map.of(wrong, issued(wrong))), method, target);
        if (server.equals("worker")) { // a worker holds no client token, so it cannot even tell a client from a stranger
            assertThat(wrongRole.statusCode()).isEqualTo(401);
        } else {
            assertThat(wrongRole.statusCode()).isEqualTo(403);
            assertThat(wrongRole.body()).contains("a " + wrong.word() + " credential may not do this");
        }

        HttpResponse<String> rightRole = call(caller(Map.of(right, issued(right))), method, target);
        assertThat(rightRole.statusCode()).as(rightRole.body()).isNotIn(401, 403).isLessThan(500);
    }

    @Test
    void theDashboardsPageIsOpenButTheDataBehindItIsNot() throws Exception {
        URI root = URI.create(coordinatorUri.toString().replace("/coordinator", "/"));

        HttpResponse<String> page = call(caller(Map.of()), "GET", root);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<meta name=\"distbuild-api\" content=\"/coordinator\">");
        assertThat(call(caller(Map.of()), "GET", root.resolve("dashboard.js")).statusCode()).isEqualTo(200);
        assertThat(call(caller(Map.of()), "GET", URI.create(coordinatorUri + "/status")).statusCode()).isEqualTo(401);
    }

    @Test
    void callersThatDoNotTrustTheClustersAuthorityNeverConnect() throws Exception {
        Path other = temp.resolve("other-cluster");
        CredentialsDirectory.create(other, List.of("127.0.0.1"));
        Credentials foreign = Credentials.load(other.resolve("client"));
        try (HttpClient http = HttpClients.create(foreign, Role.CLIENT)) {
            assertThatThrownBy(() -> call(http, "POST", URI.create(coordinatorUri + "/build")))
                    .hasRootCauseInstanceOf(java.security.cert.CertPathValidatorException.class)
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void credentialsAreOwnerOnlyAndNeverOverwritten() throws Exception {
        for (String file : List.of("coordinator/client.token", "coordinator/worker.token", "coordinator/key.pem",
                "worker/worker.token", "worker/key.pem", "client/client.token")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        assertThat(credentials.resolve("client/worker.token")).doesNotExist();
        assertThat(credentials.resolve("worker/client.token")).doesNotExist();
        assertThat(credentials.resolve("client/key.pem")).doesNotExist();
        String before = Files.readString(credentials.resolve("client/client.token"));

        assertThatThrownBy(() -> CredentialsDirectory.create(credentials, List.of()))
                .hasMessageContaining("already exists and is not empty");
        assertThat(Files.readString(credentials.resolve("client/client.token"))).isEqualTo(before);
        assertThatThrownBy(() -> CredentialsDirectory.create(temp.resolve("bad-host"), List.of("a b")))
                .hasMessageContaining("not a host name");
    }

    @Test
    void tokenFilesThatCannotBeSecretsAreRefused() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("weak"));
        Files.writeString(dir.resolve("client.token"), "short\n");
        assertThatThrownBy(() -> Credentials.load(dir)).hasMessageContaining("at least 16 printable");
        Files.writeString(dir.resolve("client.token"), "x".repeat(20) + " y\n");
        assertThatThrownBy(() -> Credentials.load(dir)).hasMessageContaining("one line");
        Files.delete(dir.resolve("client.token"));
        assertThatThrownBy(() -> Credentials.load(dir).require(Role.CLIENT, Role.WORKER))
                .hasMessageContaining("has no client.token and worker.token");
        Files.writeString(dir.resolve("cert.pem"), "");
        assertThatThrownBy(() -> Credentials.load(dir)).hasMessageContaining("cert.pem but no key.pem");
        assertThatThrownBy(() -> Credentials.load(temp.resolve("missing"))).hasMessageContaining("no credentials directory");
        String secret = Files.readString(credentials.resolve("client/client.token")).strip();
        Credentials loaded = Credentials.load(credentials.resolve("client"));
        assertThat(loaded.toString()).as("credentials never print their secrets").doesNotContain(secret);
        assertThat(Token.read(credentials.resolve("client/client.token")).toString()).doesNotContain(secret);
    }

    private Token issued(Role role) throws Exception {
        return Token.read(credentials.resolve("coordinator").resolve(role.tokenFile()));
    }

    /** A caller that trusts the cluster's CA and presents these tokens (none: anonymous). */
    private HttpClient caller(Map<Role, Token> tokens) throws Exception {
        Credentials trustOnly = Credentials.load(credentials.resolve("client"));
        Credentials presenting = new Credentials(tokens, trustOnly.tls());
        return HttpClients.create(presenting, tokens.keySet().stream().findFirst().orElse(Role.CLIENT));
    }

    private static HttpResponse<String> call(HttpClient http, String method, URI target) throws Exception {
        try (http) {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
