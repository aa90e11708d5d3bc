package distbuild.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.cache.CachedFile;
import distbuild.cache.FileCache;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.RemoteCallException;
import distbuild.http.Routes;
import distbuild.model.Id;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /file} and {@code PUT /file} between a real server and client on loopback. */
class FileTransferTest {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransferTest.class);
    private static final String PREFIX = "/coordinator";
    /** Larger than every file these tests upload but one. */
    private static final long MAX_FILE = 4 << 20;

    @TempDir
    Path temp;

    private final RecordedLog serverLog = new RecordedLog("file-server");
    private FileCache serverFiles;
    private FileCache workerFiles;
    private LoopbackServer server;
    private HttpClient http;
    private FileTransferClient client;

    @BeforeEach
    void start() throws Exception {
        serverFiles = FileCache.open(temp.resolve("coordinator-files"));
        workerFiles = FileCache.open(temp.resolve("worker-files"));
        Routes routes = new Routes(serverLog.logger());
        new FileTransferHandler(serverLog.logger(), serverFiles, MAX_FILE).register(routes);
        server = LoopbackServer.serve(LOG, PREFIX, routes);
        http = HttpClients.create();
        client = new FileTransferClient(LOG, http, server.base());
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
        serverFiles.close();
        workerFiles.close();
    }

    @Test
    void aFileLargerThanTheServerMayHoldIsRefusedWith413AndNothingIsKept() throws Exception {
        byte[] content = pattern((int) MAX_FILE + 1, "too big");
        Path file = Files.write(temp.resolve("too-big"), content);
        Id id = Id.ofContent(content);

        assertThatThrownBy(() -> client.upload(id, file))
                .isInstanceOfSatisfying(RemoteCallException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("larger than this cache can hold").hasMessageContaining("--file-cache-size");
        assertThat(serverFiles.list()).doesNotContain(id);
        assertThat(temporaryArea(serverFiles)).isEmpty();
    }

    @Test
    void tenConcurrentUploadsOfOneFileAllSucceedAndStoreItOnceRoundAfterRound() throws Exception {
        List<Id> uploaded = new ArrayList<>();
        try (ExecutorService uploaders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 10; round++) {
                byte[] content = pattern(256 * 1024 + round, "round " + round);
                Path file = Files.write(temp.resolve("upload-" + round), content);
                Id id = Id.ofContent(content);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> uploads = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    uploads.add(uploaders.submit(() -> {
                        go.await();
                        client.upload(id, file);
                        return null;
                    }));
                }

                go.countDown();

                for (Future<?> upload : uploads) {
                    upload.get(30, TimeUnit.SECONDS); // throws if any upload failed
                }
                uploaded.add(id);
                try (CachedFile stored = serverFiles.get(id)) {
                    assertThat(Files.readAllBytes(stored.path())).as("stored content of round %d", round).isEqualTo(content);
                }
                assertThat(serverLog.count("stored file", id.shortHex()))
                        .as("uploads of round %d that wrote the file; the server said:\n%s", round, serverLog.messages())
                        .isEqualTo(1);
                assertThat(serverLog.count("file " + id.shortHex(), "was already here"))
                        .as("uploads of round %d that found it already stored", round)
                        .isEqualTo(9);
            }
        }
        assertThat(serverFiles.list()).containsExactlyInAnyOrderElementsOf(uploaded);
        assertThat(temporaryArea(serverFiles)).isEmpty();
    }

    @Test
    void uploadWhoseContentDoesNotMatchItsIdIsRefusedWith400AndStoresNothing() throws Exception {
        Id promised = Id.ofContent(bytes("what the client promised"));
        Path liar = Files.writeString(temp.resolve("liar"), "what the client sent");

        assertThatThrownBy(() -> client.upload(promised, liar))
                .isInstanceOfSatisfying(RemoteCallException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("content does not match its ID")
                .hasMessageContaining(promised.hex())
                .hasMessageContaining(Id.ofFile(liar).hex());

        assertThat(serverFiles.contains(promised)).isFalse();
        assertThat(serverFiles.list()).isEmpty();
        assertThat(temporaryArea(serverFiles)).isEmpty();
    }

    @Test
    void correctUploadAfterARefusedOneSucceeds() throws Exception {
        Id id = Id.ofContent(bytes("the real thing"));
        Path wrong = Files.writeString(temp.resolve("wrong"), "a forgery");
        Path right = Files.writeString(temp.resolve("right"), "the real thing");
        assertThatThrownBy(() -> client.upload(id, wrong)).isInstanceOf(RemoteCallException.class);

        client.upload(id, right);

        try (CachedFile stored = serverFiles.get(id)) {
            assertThat(stored.path()).hasContent("the real thing");
        }
        assertThat(temporaryArea(serverFiles)).isEmpty();
    }

    @Test
    void uploadOfAFileAlreadyStoredSucceedsAndLeavesItAsItWas() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "twice");
        Id id = Id.ofFile(file);
        client.upload(id, file);

        client.upload(id, file);

        assertThat(serverFiles.list()).containsExactly(id);
        assertThat(serverLog.count("stored file", id.shortHex())).isEqualTo(1);
    }

    @Test
    void emptyFileUploadsAndDownloads() throws Exception {
        Path empty = Files.createFile(temp.resolve("empty"));
        Id id = Id.ofFile(empty);

        client.upload(id, empty);
        client.download(id, workerFiles);

        try (CachedFile downloaded = workerFiles.get(id)) {
            assertThat(downloaded.path()).isEmptyFile();
        }
    }

    @Test
    void downloadOfAMissingFileIs404SayingSoAndStoresNothing() {
        Id missing = Id.ofContent(bytes("never uploaded"));

        assertThatThrownBy(() -> client.download(missing, workerFiles))
                .isInstanceOfSatisfying(RemoteCallException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessage("file " + missing.hex() + " is not here");

        assertThat(workerFiles.contains(missing)).isFalse();
        assertThat(temporaryArea(workerFiles)).isEmpty();
    }

    @Test
    void fileMissingAtFirstDownloadsOnceItHasBeenUploaded() throws Exception {
        Path file = Files.writeString(temp.resolve("late"), "arrives late");
        Id id = Id.ofFile(file);
        assertThatThrownBy(() -> client.download(id, workerFiles)).isInstanceOf(RemoteCallException.class);

        client.upload(id, file);
        client.download(id, workerFiles);

        try (CachedFile downloaded = workerFiles.get(id)) {
            assertThat(downloaded.path()).hasContent("arrives late");
        }
    }

    @Test
    void downloadedFileIsVerifiedAndStoredInTheOtherCache() throws Exception {
        byte[] content = pattern(300_000, "download me");
        Path file = Files.write(temp.resolve("source"), content);
        Id id = Id.ofContent(content);
        client.upload(id, file);

        client.download(id, workerFiles);

        try (CachedFile downloaded = workerFiles.get(id)) {
            assertThat(Files.readAllBytes(downloaded.path())).isEqualTo(content);
        }
        assertThat(workerFiles.list()).containsExactly(id);
        assertThat(temporaryArea(workerFiles)).isEmpty();
    }

    @Test
    void fileAlreadyInTheCacheIsNotDownloadedAgain() throws Exception {
        Path file = Files.writeString(temp.resolve("once"), "once is enough");
        Id id = Id.ofFile(file);
        client.upload(id, file);
        client.download(id, workerFiles);

        client.download(id, workerFiles);

        assertThat(serverLog.count("sending file", id.shortHex())).isEqualTo(1);
    }

    @Test
    void downloadFromAServerSendingOtherBytesFailsAndStoresNothing() throws Exception {
        Id asked = Id.ofContent(bytes("the genuine article"));
        Routes lying = new Routes(LOG).get("/file", exchange ->
                exchange.respond(200, "application/octet-stream", bytes("a cheap imitation")));
        // The client closes first: a server stopping while a client keeps a connection open takes a second.
        try (LoopbackServer liar = LoopbackServer.serve(LOG, "/liar", lying); HttpClient liarHttp = HttpClients.create()) {
            FileTransferClient fooled = new FileTransferClient(LOG, liarHttp, liar.base());

            assertThatThrownBy(() -> fooled.download(asked, workerFiles))
                    .isInstanceOf(ContentMismatchException.class)
                    .hasMessage("content does not match its ID: expected SHA-1 " + asked.hex() + ", got "
                            + Id.ofContent(bytes("a cheap imitation")).hex());
        }

        assertThat(workerFiles.contains(asked)).isFalse();
        assertThat(workerFiles.list()).isEmpty();
        assertThat(temporaryArea(workerFiles)).isEmpty();
    }

    static Stream<Arguments> badIdParameters() {
        String missing = "missing query parameter \"id\"";
        String invalid = "query parameter \"id\": invalid ID ";
        String arabicDigits = URLEncoder.encode("٣".repeat(40), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("GET", "", missing),
                Arguments.of("GET", "?id=", missing),
                Arguments.of("GET", "?name=a9993e364706816aba3e25717850c26c9cd0d89d", missing),
                Arguments.of("GET", "?id=a9993e", invalid + "\"a9993e\": expected 40 hex characters, got 6"),
                Arguments.of("GET", "?id=a9993e364706816aba3e25717850c26c9cd0d8zz",
                        invalid + "\"a9993e364706816aba3e25717850c26c9cd0d8zz\": 'z' at position 38 is not a hex digit"),
                Arguments.of("PUT", "", missing),
                Arguments.of("PUT", "?id=not-an-id", invalid + "\"not-an-id\""),
                Arguments.of("PUT", "?id=" + arabicDigits, invalid + "\"" + "٣".repeat(40) + "\": '٣' at position 0"));
    }

    @ParameterizedTest(name = "{0} /file{1}")
    @MethodSource("badIdParameters")
    void badIdParameterIs400NamingTheParameter(String method, String query, String message) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "/file" + query))
                .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("abc") : HttpRequest.BodyPublishers.noBody())
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("status; body: %s", response.body()).isEqualTo(400);
        assertThat(response.body()).startsWith(message);
        assertThat(serverFiles.list()).isEmpty();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} bytes that are not all alike and differ for each {@code seed}. */
    static byte[] pattern(int size, String seed) {
        byte[] content = new byte[size];
        int state = seed.hashCode();
        for (int i = 0; i < size; i++) {
            state = state * 1_103_515_245 + 12_345;
            content[i] = (byte) (state >>> 24);
        }
        return content;
    }

    static List<Path> temporaryArea(FileCache cache) {
        try (Stream<Path> entries = Files.list(cache.root().resolve("tmp"))) {
            return entries.toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list the temporary area of " + cache.root(), e);
        }
    }
}
