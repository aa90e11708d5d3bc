package distbuild.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One identity per worker, through the command line and real processes: credentials made with
 * {@code --worker alpha --worker beta}, a coordinator and the two workers over TLS. The build
 * works; the shared worker credential no longer lets anyone heartbeat; one worker cannot speak as
 * the other; and a name added to {@code revoked-workers} shuts that worker out at once while the
 * other goes on building.
 */
class WorkerIdentitiesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    @Test
    void eachWorkerIsKnownByItsOwnCredentialAndOneCanBeRevokedAlone() throws Exception {
        Path secrets = temp.resolve("credentials");
        assertThat(Main.run("credentials", secrets.toString(), "--tls-host", "127.0.0.1", "--worker", "alpha=127.0.0.1",
                "--worker", "beta=127.0.0.1,localhost")).isZero();
        Path project = CredentialsClusterTest.writeProject(temp.resolve("project"));
        String client = secrets.resolve("client").toString();

        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("data"), 0, 1,
                List.of("--credentials", secrets.resolve("coordinator").toString(), "--worker-timeout", "2s"), List.of())) {
            int alpha = cluster.addWorker(1, "--credentials", secrets.resolve("worker-alpha").toString());
            int beta = cluster.addWorker(1, "--credentials", secrets.resolve("worker-beta").toString());

            JavaProcess build = cluster.client(project, "--credentials", client, "--output", temp.resolve("out").toString());
            assertThat(build.awaitExit(TIMEOUT)).as(build.output()).isZero();
            assertThat(Files.readString(temp.resolve("out/joined.txt"))).isEqualTo("left\nright\n");

            // Health probes need no credential and say nothing else; everything else still does.
            Credentials trusting = Credentials.load(secrets.resolve("client"));
            try (HttpClient anonymous = HttpClient.newBuilder().sslContext(trusting.tls().orElseThrow().clientContext()).build()) {
                for (String base : List.of(cluster.coordinatorUrl(), cluster.workerUrls().get(alpha))) {
                    assertThat(get(anonymous, base + "/healthz").statusCode()).isEqualTo(200);
                    HttpResponse<String> ready = get(anonymous, base + "/readyz");
                    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                }
                assertThat(get(anonymous, cluster.coordinatorUrl() + "/status").statusCode()).isEqualTo(401);
                assertThat(get(anonymous, cluster.coordinatorUrl() + "/metrics").statusCode()).isEqualTo(401);
            }

            // Heartbeats by hand: the shared worker credential, then beta's for alpha's worker ID.
            String alphaId = cluster.workerUrls().get(alpha);
            HttpResponse<String> shared = heartbeat(cluster, secrets.resolve("worker/worker.token"), alphaId);
            assertThat(shared.statusCode()).isEqualTo(401);
            assertThat(shared.body()).contains("knows each worker by a credential of its own", "worker-NAME");
            HttpResponse<String> impostor = heartbeat(cluster, secrets.resolve("worker-beta/identity.token"), alphaId);
            assertThat(impostor.statusCode()).isEqualTo(403);
            assertThat(impostor.body()).contains("belongs to worker alpha", "worker beta's");

            // Alpha revoked: its next heartbeat is refused, it is lost, and beta alone builds.
            Files.writeString(secrets.resolve("coordinator/revoked-workers"), "alpha\n", StandardOpenOption.APPEND);
            assertThat(heartbeat(cluster, secrets.resolve("worker-alpha/identity.token"), alphaId).body())
                    .contains("worker alpha's credential is revoked");
            await().atMost(TIMEOUT).until(() -> {
                JavaProcess status = JavaProcess.start("status", List.of("-Xmx128m"), Main.class,
                        List.of("status", "--coordinator", cluster.coordinatorUrl(), "--credentials", client), temp);
                status.awaitExit(TIMEOUT);
                return status.stdout().stream().anyMatch(line -> line.contains(alphaId) && line.contains(" lost "));
            });
            try (HttpClient anonymous = HttpClient.newBuilder().sslContext(trusting.tls().orElseThrow().clientContext()).build()) {
                await().atMost(TIMEOUT).until(() -> get(anonymous, alphaId + "/readyz").statusCode() == 503);
                assertThat(get(anonymous, alphaId + "/readyz").body()).contains("not ready: the coordinator does not answer",
                        "revoked");
            }
            Files.writeString(project.resolve("distbuild.yaml"), Files.readString(project.resolve("distbuild.yaml"))
                    .replace("echo left", "echo LEFT"));
            JavaProcess afterRevoking = cluster.client(project, "--credentials", client, "--progress", "plain",
                    "--output", temp.resolve("out2").toString());
            assertThat(afterRevoking.awaitExit(TIMEOUT)).as(afterRevoking.output()).isZero();
            assertThat(Files.readString(temp.resolve("out2/joined.txt"))).isEqualTo("LEFT\nright\n");
            assertThat(afterRevoking.stdout()).filteredOn(line -> line.contains(" start ")).isNotEmpty()
                    .noneMatch(line -> line.contains(cluster.workerName(alpha)))
                    .anyMatch(line -> line.contains(cluster.workerName(beta)));
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> heartbeat(ProcessCluster cluster, Path tokenFile, String workerId) throws Exception {
        Credentials trusting = Credentials.load(tokenFile.getParent());
        try (HttpClient http = HttpClient.newBuilder().sslContext(trusting.tls().orElseThrow().clientContext()).build()) {
            String body = "{\"WorkerID\": \"" + workerId + "\", \"RunningJobs\": [], \"FreeSlots\": 0, \"FinishedJob\": [],"
                    + " \"AddedArtifacts\": []}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.coordinatorUrl() + "/heartbeat"))
                    .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void eachNamedWorkerHoldsAKeyAndCertificateOfItsOwn() throws Exception {
        Path secrets = temp.resolve("credentials");
        assertThat(Main.run("credentials", secrets.toString(), "--tls-host", "build.example", "--tls-host", "10.0.0.1",
                "--worker", "alpha=10.0.0.11,alpha.example", "--worker", "beta=10.0.0.12")).isZero();
        X509Certificate authority = certificate(secrets.resolve("client/ca.pem"));
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("coordinator", "distbuild coordinator|[build.example, 10.0.0.1]");
        expected.put("worker", "distbuild worker|[build.example, 10.0.0.1]");
        expected.put("worker-alpha", "distbuild worker alpha|[10.0.0.11, alpha.example]");
        expected.put("worker-beta", "distbuild worker beta|[10.0.0.12]");
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (var each : expected.entrySet()) {
            Path dir = secrets.resolve(each.getKey());
            X509Certificate own = certificate(dir.resolve("cert.pem"));
            own.verify(authority.getPublicKey());
            assertThat(certificate(dir.resolve("ca.pem"))).isEqualTo(authority);
            String names = own.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList().toString();
            assertThat(own.getSubjectX500Principal().getName().replace("CN=", "") + "|" + names).as(each.getKey())
                    .isEqualTo(each.getValue());
            keys.add(Files.readString(dir.resolve("key.pem")));
            // The key beside the certificate is its own: what it signs, the certificate's public key verifies.
            var tls = Tls.load(dir).orElseThrow();
            assertThat(tls.canServe()).isTrue();
            tls.serverContext();
        }
        assertThat(keys).as("no two processes share a key").hasSize(4);
        assertThat(secrets.resolve("client/key.pem")).doesNotExist();
        try (var files = Files.list(secrets)) {
            assertThat(files.map(path -> path.getFileName().toString())).as("the authority's key thrown away")
                    .containsExactlyInAnyOrder("coordinator", "worker", "client", "cache-reader", "worker-alpha", "worker-beta");
        }

        assertThat(Main.run("credentials", temp.resolve("no-tls").toString(), "--worker", "alpha=10.0.0.11")).isNotZero();
        assertThat(temp.resolve("no-tls")).doesNotExist();
        assertThat(Main.run("credentials", temp.resolve("bad").toString(), "--tls-host", "x", "--worker", "alpha=a b")).isNotZero();
        assertThat(temp.resolve("bad")).doesNotExist();
        assertThat(Main.run("credentials", temp.resolve("no-hosts").toString(), "--tls-host", "x", "--worker", "alpha"))
                .as("a certificate naming every TLS host could pass for the coordinator").isNotZero();
        assertThat(Main.run("credentials", temp.resolve("wild").toString(), "--tls-host", "x", "--worker", "alpha=*.example"))
                .isNotZero();
        assertThat(temp.resolve("wild")).doesNotExist();
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
