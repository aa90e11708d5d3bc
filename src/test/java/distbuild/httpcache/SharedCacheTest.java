package distbuild.httpcache;

import static org.assertj.core.api.Assertions.assertThat;

import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.OutputFile;
import distbuild.cli.LocalCluster;
import distbuild.http.HttpServer;
import distbuild.security.Gate;
import distbuild.security.Role;
import distbuild.security.Token;
import distbuild.store.Digests;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shared HTTP caches over real HTTP: what each tool's requests get, and what is refused. */
class SharedCacheTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.httpcache");
    private static final long SMALL_LIMIT = 10_000;

    @TempDir
    static Path temp;

    private static LocalCluster cluster;
    private static HttpServer guarded;
    private static final Token CLIENT = Token.generate();
    private static final Token READER = Token.generate();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 1);
        // The same store behind a gate, with a small limit per entry.
        HttpCaches small = HttpCaches.of(LOG, cluster.coordinator(), SMALL_LIMIT);
        guarded = HttpServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                Map.of(HttpCaches.MOUNT, small.routes(Gate.of(Map.of(Role.CLIENT, CLIENT, Role.CACHE_READER, READER)))));
    }

    @AfterAll
    static void stop() throws Exception {
        guarded.close();
        cluster.close();
    }

    private static URI open(String path) {
        return URI.create(cluster.cacheUri() + path);
    }

    private static URI gated(String path) {
        return URI.create(guarded.baseUri() + HttpCaches.MOUNT + path);
    }

    private static HttpResponse<String> send(String method, URI uri, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, URI uri, byte[] body) throws Exception {
        return send(method, uri, body, null);
    }

    @Test
    void entriesOfEachKeyedToolAreStoredReadAndMissedByTheirOwnKeys() throws Exception {
        for (String tool : HttpCaches.KEYED_TOOLS) {
            String key = "/" + tool + "/ab/cdef0123-" + tool;
            assertThat(send("GET", open(key), null).statusCode()).isEqualTo(404);
            assertThat(send("PUT", open(key), ("entry of " + tool).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
            HttpResponse<String> got = send("GET", open(key), null);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo("entry of " + tool);
            HttpResponse<String> head = send("HEAD", open(key), null);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(("entry of " + tool).length());
            assertThat(send("PUT", open(key), "replaced".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
            assertThat(send("GET", open(key), null).body()).isEqualTo("replaced");
        }
        assertThat(send("GET", open("/gradle/ab/cdef0123-ccache"), null).statusCode()).as("tools do not see each other's keys")
                .isEqualTo(404);
    }

    @Test
    void bazelsCasKeysAreTheContentsHashAndABodyThatIsNotIsRefused() throws Exception {
        byte[] content = "bazel blob".getBytes(StandardCharsets.UTF_8);
        String hash = Digests.of(com.google.protobuf.ByteString.copyFrom(content)).getHash();
        assertThat(send("GET", open("/bazel/cas/" + hash), null).statusCode()).isEqualTo(404);
        HttpResponse<String> corrupted = send("PUT", open("/bazel/cas/" + hash), "something else".getBytes(StandardCharsets.UTF_8));
        assertThat(corrupted.statusCode()).isEqualTo(400);
        assertThat(corrupted.body()).contains("is not its content");
        assertThat(send("GET", open("/bazel/cas/" + hash), null).statusCode()).as("nothing was stored").isEqualTo(404);
        assertThat(send("PUT", open("/bazel/cas/" + hash), content).statusCode()).isEqualTo(201);
        assertThat(send("GET", open("/bazel/cas/" + hash), null).body()).isEqualTo("bazel blob");
        assertThat(send("GET", open("/bazel/cas/not-a-hash"), null).statusCode()).isEqualTo(400);
    }

    @Test
    void bazelsActionResultsAreTakenOnlyWhenTheirBlobsAreHeld() throws Exception {
        byte[] output = "an output".getBytes(StandardCharsets.UTF_8);
        var digest = Digests.of(com.google.protobuf.ByteString.copyFrom(output));
        String action = "a".repeat(63) + "1";
        ActionResult result = ActionResult.newBuilder()
                .addOutputFiles(OutputFile.newBuilder().setPath("out.txt").setDigest(digest)).build();
        HttpResponse<String> early = send("PUT", open("/bazel/ac/" + action), result.toByteArray());
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("does not hold").contains(digest.getHash());
        assertThat(send("PUT", open("/bazel/cas/" + digest.getHash()), output).statusCode()).isEqualTo(201);
        assertThat(send("PUT", open("/bazel/ac/" + action), result.toByteArray()).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(open("/bazel/ac/" + action)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ActionResult.parseFrom(got.body())).isEqualTo(result);
        assertThat(send("PUT", open("/bazel/ac/" + "b".repeat(64)), "not a protobuf message \u0000\u00ff".getBytes(
                StandardCharsets.ISO_8859_1)).statusCode()).isEqualTo(400);
    }

    @Test
    void sccachesWebDavCallsAreAnswered() throws Exception {
        assertThat(send("MKCOL", open("/sccache/a/b/"), null).statusCode()).isEqualTo(201);
        assertThat(send("PUT", open("/sccache/a/b/entry"), "compiled".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        HttpResponse<String> stat = send("PROPFIND", open("/sccache/a/b/entry"), null);
        assertThat(stat.statusCode()).isEqualTo(207);
        assertThat(stat.body()).contains("<D:getcontentlength>8</D:getcontentlength>").contains("/cache/sccache/a/b/entry");
        assertThat(send("PROPFIND", open("/sccache/a/b/"), null).body()).contains("<D:collection/>");
        assertThat(send("PROPFIND", open("/sccache/a/b/none"), null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", open("/sccache/a/b/entry"), null).statusCode()).isEqualTo(204);
        assertThat(send("GET", open("/sccache/a/b/entry"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void anEntryOverTheLimitIsRefusedBeforeItIsStoredAnnouncedOrNot() throws Exception {
        byte[] big = new byte[(int) SMALL_LIMIT + 1];
        new Random(7).nextBytes(big);
        String auth = CLIENT.authorization();
        HttpResponse<String> declared = send("PUT", gated("/ccache/big"), big, auth);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("at most " + SMALL_LIMIT + " bytes");
        // Without a length up front (chunked), refused when the limit is passed.
        HttpResponse<String> streamed = HTTP.send(HttpRequest.newBuilder(gated("/gradle/big")).header("Authorization", auth)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(send("GET", gated("/ccache/big"), null, auth).statusCode()).isEqualTo(404);
        assertThat(send("GET", gated("/gradle/big"), null, auth).statusCode()).isEqualTo(404);
        assertThat(cluster.coordinator().metricsRegistry().get("distbuild.cache.requests").tag("tool", "gradle")
                .tag("outcome", "refused").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void eachToolsUseIsOnTheStatusPage() throws Exception {
        send("PUT", open("/gradle/status-key"), "x".getBytes(StandardCharsets.UTF_8));
        send("GET", open("/gradle/status-key"), null);
        send("GET", open("/gradle/status-none"), null);
        var gradle = cluster.coordinator().status(0).sharedCaches().stream().filter(use -> use.tool().equals("gradle"))
                .findFirst().orElseThrow();
        assertThat(gradle.hits()).isPositive();
        assertThat(gradle.misses()).isPositive();
        assertThat(gradle.stored()).isPositive();
        assertThat(gradle.bytesIn()).isPositive();
        HttpResponse<String> status = send("GET", URI.create(cluster.coordinatorUri() + "/status"), null);
        assertThat(status.body()).contains("\"sharedCaches\"").contains("\"tool\":\"gradle\"");
    }

    @Test
    void withCredentialsTheClientTokenWritesAndTheReadersTokenOnlyReads() throws Exception {
        HttpResponse<String> anonymous = send("GET", gated("/ccache/x"), null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("Basic").contains("Bearer"));
        String basic = "Basic " + Base64.getEncoder().encodeToString(("ci:" + CLIENT.authorization().substring(7))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(send("PUT", gated("/ccache/x"), "by basic auth".getBytes(StandardCharsets.UTF_8), basic).statusCode())
                .isEqualTo(201);
        assertThat(send("GET", gated("/ccache/x"), null, CLIENT.authorization()).body()).isEqualTo("by basic auth");
        assertThat(send("GET", gated("/ccache/x"), null, READER.authorization()).body()).isEqualTo("by basic auth");
        HttpResponse<String> readerWrites = send("PUT", gated("/ccache/x"), "overwritten".getBytes(StandardCharsets.UTF_8),
                READER.authorization());
        assertThat(readerWrites.statusCode()).isEqualTo(403);
        assertThat(readerWrites.body()).contains("cache-reader");
        assertThat(send("GET", gated("/ccache/x"), null, READER.authorization()).body()).isEqualTo("by basic auth");
        assertThat(send("GET", gated("/ccache/x"), null, Token.generate().authorization()).statusCode()).isEqualTo(401);
    }
}
