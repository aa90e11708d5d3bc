package distbuild.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.model.Id;
import distbuild.model.WorkerId;
import distbuild.scheduler.Clock;
import distbuild.scheduler.Scheduler;
import distbuild.scheduler.SchedulerConfig;
import distbuild.testing.RawHttpPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay against holders that misbehave, played by raw sockets: one that never answers is
 * given up on and the next is asked; one that breaks off mid-artifact breaks the client's answer
 * too, instead of ending it as if it were whole.
 */
class ArtifactRelayFailuresTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.relay");
    private static final Id ARTIFACT = Id.ofContent("artifact".getBytes(StandardCharsets.UTF_8));

    private final Scheduler scheduler = new Scheduler(LOG, SchedulerConfig.DEFAULTS, Clock.system());
    private final HttpClient http = HttpClients.create();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        scheduler.shutdown();
        http.close();
    }

    @Test
    void aHolderThatNeverAnswersIsGivenUpOnForTheNext() throws Exception {
        RawHttpPeer silent = holder(socket -> socket.getInputStream().read()); // reads, never answers
        RawHttpPeer good = holder(socket -> answer(socket, "whole artifact", true));
        holds(silent, good);
        LoopbackServer relay = relay(Duration.ofMillis(300));

        try (InputStream body = HttpClients.get(http, URI.create(relay.base() + "/artifact?id=" + ARTIFACT.hex()))) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("whole artifact");
        }
    }

    @Test
    void aHolderThatBreaksOffMidArtifactBreaksTheClientsAnswerToo() throws Exception {
        RawHttpPeer breaking = holder(socket -> answer(socket, "the first half", false));
        holds(breaking);
        LoopbackServer relay = relay(Duration.ofSeconds(10));

        assertThatThrownBy(() -> {
            try (InputStream body = HttpClients.get(http, URI.create(relay.base() + "/artifact?id=" + ARTIFACT.hex()))) {
                body.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    private void holds(RawHttpPeer... holders) {
        for (RawHttpPeer holder : holders) {
            scheduler.trustAnnouncements(new WorkerId(holder.url())); // as if it had made the artifact
            scheduler.heartbeat(new WorkerId(holder.url()), List.of(ARTIFACT), List.of(), List.of());
        }
    }

    private LoopbackServer relay(Duration answerTimeout) throws Exception {
        LoopbackServer server = LoopbackServer.serve(LOG, routes -> new ArtifactRelay(LOG, scheduler, http, answerTimeout)
                .register(routes));
        toClose.add(server);
        return server;
    }

    /** A chunked 200 answer; a holder that breaks off sends part of a chunk and closes. */
    private static void answer(Socket socket, String body, boolean whole) throws IOException {
        RawHttpPeer.readRequestHead(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n";
        if (whole) {
            out.write((head + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write((head + "1000\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        if (!whole) {
            socket.close();
        }
    }

    /** A worker address served by a socket that does whatever the test says with each connection. */
    private RawHttpPeer holder(RawHttpPeer.Behaviour behaviour) throws IOException {
        RawHttpPeer holder = new RawHttpPeer(behaviour);
        toClose.add(holder);
        return holder;
    }
}
