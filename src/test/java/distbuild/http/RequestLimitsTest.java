package distbuild.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a request may cost a server: a message's size, the memory of messages being read at once, a head's time. */
class RequestLimitsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.limits");

    @Test
    void aMessageOverTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        long limit = MessageBudget.SHARED.maxMessageBytes();
        try (LoopbackServer server = LoopbackServer.serve(LOG, routes -> routes.post("/message", exchange ->
                        exchange.respondText(200, "read " + exchange.messageBody().readAllBytes().length)));
                HttpClient http = HttpClients.create()) {
            URI endpoint = URI.create(server.base() + "/message");
            HttpResponse<String> small = http.send(HttpRequest.newBuilder(endpoint)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(small.body().strip()).isEqualTo("read 2");

            // Declared: refused before a byte of the body is read.
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.root().getPort())) {
                socket.getOutputStream().write(("POST /coordinator/message HTTP/1.1\r\nHost: x\r\nContent-Length: "
                        + (limit + 1) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readNBytes(200), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 413");
            }

            // Streamed without a length: refused once the limit is passed.
            InputStream endless = new InputStream() {
                private long sent;

                @Override
                public int read() {
                    return sent++ <= limit + (1 << 20) ? 'x' : -1;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    if (sent > limit + (1 << 20)) {
                        return -1;
                    }
                    java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                    sent += length;
                    return length;
                }
            };
            HttpResponse<String> huge;
            try {
                huge = http.send(HttpRequest.newBuilder(endpoint)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(huge.statusCode()).isEqualTo(413);
            } catch (IOException cutOff) {
                // The server may close the connection while the body is still coming: also a refusal.
            }
            // The request's end gives its permits back just after its answer went out.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MessageBudget.SHARED.availableBytes())
                    .as("every permit is back").isEqualTo(MessageBudget.DEFAULT_BUDGET));
        }
    }

    @Test
    void messagesBeingReadShareABudgetAndAMessageThatFindsNoRoomIsRefusedWith503() throws Exception {
        MessageBudget budget = new MessageBudget(1 << 20, 1 << 20, Duration.ofMillis(100));
        byte[] big = new byte[700 * 1024];
        MessageBudget.Metered first = budget.meter(new ByteArrayInputStream(big), -1);
        MessageBudget.Metered second = budget.meter(new ByteArrayInputStream(big), -1);

        assertThat(first.readNBytes(big.length - 1)).hasSize(big.length - 1); // read, not yet to its end
        assertThatThrownBy(() -> second.readNBytes(big.length - 1))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.status()).isEqualTo(503));

        assertThat(first.readAllBytes()).hasSize(1); // reaching its end gives its share back
        MessageBudget.Metered third = budget.meter(new ByteArrayInputStream(big), -1);
        assertThat(third.readAllBytes()).hasSize(big.length);
        second.release();
        third.release();
        assertThat(budget.availableBytes()).isEqualTo(1 << 20);
    }

    @ParameterizedTest(name = "trickling {0}")
    @ValueSource(strings = {"header lines", "blank lines before the request"})
    void aConnectionTricklingItsHeadIsClosedAtTheDeadlineWhileOthersAreServed(String what) throws Exception {
        Routes routes = new Routes(LOG).get("/ping", exchange -> exchange.respondText(200, "pong"));
        boolean blankLines = what.startsWith("blank");
        try (HttpServer server = HttpServer.start(LOG, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                Duration.ofMillis(500), Map.of("", routes));
                Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port());
                HttpClient http = HttpClients.create()) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            if (!blankLines) {
                out.write("GET /ping HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            long started = System.nanoTime();
            boolean closed = false;
            // A line every 100 ms keeps Jetty's idle timeout happy forever (and Jetty skips blank lines
            // before a request); the deadline does not.
            for (int line = 0; line < 100 && !closed; line++) {
                try {
                    out.write((blankLines ? "\r\n" : "X-Line-" + line + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(100); // the trickle under test
                    closed = isClosed(slow);
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("the trickling connection was closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));

            HttpResponse<String> normal = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(normal.body().strip()).isEqualTo("pong");
        }
    }

    /** Whether the peer has closed: a read that does not wait returns the end of the stream. */
    private static boolean isClosed(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }
}
