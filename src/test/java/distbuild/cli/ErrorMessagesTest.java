package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.http.LoopbackServer;
import distbuild.http.RequestException;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.BuildHandler;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildService;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.SignalResponse;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import distbuild.tar.TarStream;
import distbuild.testing.JavaProcess;
import distbuild.transfer.ArtifactTransferClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every way {@code distbuild build} can fail to reach or hear from its coordinator, walked with a
 * real client process against real sockets: what it prints names what failed and what to do,
 * and never an exception's class, a bare {@code null} or the JDK's own words alone. Stand-in
 * coordinators (real HTTP, the real build protocol) make each fault happen on cue.
 */
class ErrorMessagesTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.messages");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final String YAML = """
            jobs:
              - name: greet
                run: echo hello > greeting.txt
                outputs: greeting.txt
            """;

    @TempDir
    Path temp;

    private Path project;
    private final List<LoopbackServer> servers = new ArrayList<>();

    @BeforeEach
    void writeProject() throws Exception {
        project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("distbuild.yaml"), YAML);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(LoopbackServer::close);
    }

    @Test
    void aRefusedConnectionIsWaitedForThenNamedWithWhatToCheck() throws Exception {
        URI nobody = LoopbackServer.nothingListening();

        Run run = build(nobody, "--wait-for-coordinator", "2s");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.seconds).as("the wait is bounded").isLessThan(20);
        assertThat(run.lines).containsOnlyOnce("waiting for the coordinator at " + nobody + ": connection refused (for up to 2.00s)");
        assertThat(run.text()).contains("cannot reach the coordinator at " + nobody
                + ": connection refused; waited 2s for it (is it running, and is the address right?)");
        assertReadable(run);
    }

    @Test
    void aHostThatDoesNotExistFailsAtOnce() throws Exception {
        Run run = build(URI.create("http://no-such-host.invalid:7000/coordinator"));

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.text()).contains("cannot reach the coordinator at http://no-such-host.invalid:7000/coordinator: unknown host")
                .doesNotContain("waiting for");
        assertReadable(run);
    }

    @Test
    void aServerThatIsNoCoordinatorIsToldApartFromOneThatIsDown() throws Exception {
        LoopbackServer notACoordinator = serve(routes -> {});
        URI wrongPath = URI.create(notACoordinator.root() + "/wrong");

        Run run = build(wrongPath);

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.text()).contains("nothing at " + wrongPath + " takes builds (it answered 404 Not Found): is the URL"
                + " right, with its path, such as http://host:7000/coordinator?");
        assertReadable(run);
    }

    @Test
    void outputsWhoseHoldersFailAreAskedForAgainAndOutputsNoWorkerHoldsAreBuiltAgain() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        AtomicInteger builds = new AtomicInteger();
        byte[] tar = artifact();
        LoopbackServer coordinator = fakeCoordinator(builds, routes -> routes.get("/artifact", exchange -> {
            Id id = exchange.idParameter("id");
            switch (fetches.incrementAndGet()) {
                case 1 -> throw new RequestException(502, "no worker holding artifact " + id.shortHex()
                        + " could send it just now (127.0.0.1:1: connection refused); if they died, the coordinator notices within seconds");
                case 2 -> throw RequestException.notFound(ArtifactTransferClient.NOT_HELD_BY_ANY_WORKER + id.hex());
                default -> exchange.respond(200, "application/x-tar", tar);
            }
        }));

        Run run = build(coordinator.base(), "--output", "out");

        assertThat(run.exit).as(run.text()).isZero();
        assertThat(run.lines).anyMatch(line -> line.startsWith("could not fetch the outputs of 'greet': no worker holding artifact")
                && line.endsWith("; trying again for up to 60s"));
        assertThat(run.lines).contains("every worker holding the outputs of 'greet' is gone; building it again",
                "1 output file of target 'greet' in out");
        assertThat(builds.get()).as("the build, then the target built again").isEqualTo(2);
        assertThat(project.resolve("out/greeting.txt")).hasContent("hello");
        assertReadable(run);
    }

    @Test
    void aTransferThatKeepsBreakingOffIsGivenUpAfterTheWindowSayingWhy() throws Exception {
        byte[] tar = artifact();
        LoopbackServer coordinator = fakeCoordinator(new AtomicInteger(), routes -> routes.get("/artifact", exchange -> {
            OutputStream body = exchange.streamResponse(200, "application/x-tar");
            body.write(tar, 0, tar.length / 2);
            body.flush();
            throw new java.io.IOException("the worker went away"); // cuts the connection mid-answer
        }));

        Run run = build(coordinator.base(), "--output", "out", "--reconnect", "2s");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.lines).anyMatch(line -> line.startsWith("could not fetch the outputs of 'greet': the transfer broke off:")
                && line.endsWith("; gave up after 2s of trying"));
        assertThat(project.resolve("out")).satisfiesAnyOf(
                out -> assertThat(out).doesNotExist(), out -> assertThat(out).isEmptyDirectory());
        assertReadable(run);
    }

    @Test
    void aCoordinatorThatDiesWhileOutputsAreFetchedIsWaitedForThenNamed() throws Exception {
        CountDownLatch dying = new CountDownLatch(1);
        LoopbackServer[] self = new LoopbackServer[1];
        LoopbackServer coordinator = fakeCoordinator(new AtomicInteger(), routes -> routes.get("/artifact", exchange -> {
            if (dying.getCount() > 0) {
                dying.countDown();
                Thread.ofVirtual().start(() -> self[0].close()); // dies with this request in flight
            }
            Thread.sleep(30_000); // never answers: the server's death ends it
        }));
        self[0] = coordinator;
        URI base = coordinator.base();

        Run run = build(base, "--output", "out", "--reconnect", "2s");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.lines).anyMatch(line -> line.startsWith("could not fetch the outputs of 'greet': the coordinator at "
                + base + " could not be reached: ") && line.endsWith("; gave up after 2s of trying"));
        assertReadable(run);
    }

    @Test
    void aCoordinatorLostMidBuildThatDoesNotComeBackIsNamedWithTheWindow() throws Exception {
        LoopbackServer[] self = new LoopbackServer[1];
        BuildService dropsTheBuild = new FakeBuilds(new AtomicInteger()) {
            @Override
            public void startBuild(BuildRequest request, StatusWriter writer) throws Exception {
                writer.started(new BuildStarted(Id.ofContent(new byte[] {1}), List.of()));
                Thread.ofVirtual().start(() -> self[0].close());
                Thread.sleep(30_000);
            }
        };
        self[0] = serve(routes -> new BuildHandler(LOG, dropsTheBuild).register(routes));
        URI base = self[0].base();

        Run run = build(base, "--reconnect", "1s");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.lines).anyMatch(line -> line.startsWith("lost the coordinator (") && line.endsWith("waiting up to 1.00s for it to come back"));
        assertThat(run.text()).contains("the coordinator at " + base + " did not take the build back within 1s (connection refused)");
        assertReadable(run);
    }

    /** What a person reads must say it in words: no class names, no "null", no stack traces. */
    private static void assertReadable(Run run) {
        for (String line : run.lines) {
            assertThat(line).as("a line of the client's output:%n%s", run.text())
                    .doesNotContain("Exception").doesNotContain("null").doesNotContain("java.").doesNotContain("\tat ");
        }
    }

    private record Run(int exit, double seconds, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private Run build(URI coordinator, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("build", "--coordinator", coordinator.toString(), "--progress", "plain"));
        args.addAll(Arrays.asList(options));
        long started = System.nanoTime();
        try (JavaProcess client = JavaProcess.start("client", List.of("-Xmx128m"), Main.class, args, project)) {
            int exit = client.awaitExit(EXIT_TIMEOUT);
            List<String> lines = new ArrayList<>(client.stdout());
            lines.addAll(client.stderr());
            return new Run(exit, (System.nanoTime() - started) / 1e9, lines);
        }
    }

    private LoopbackServer serve(java.util.function.Consumer<distbuild.http.Routes> endpoints) throws Exception {
        LoopbackServer server = LoopbackServer.serve(LOG, endpoints);
        servers.add(server);
        return server;
    }

    /** A coordinator that finishes every build at once (each job a success) and serves {@code /artifact} as told. */
    private LoopbackServer fakeCoordinator(AtomicInteger builds, java.util.function.Consumer<distbuild.http.Routes> artifacts)
            throws Exception {
        BuildService service = new FakeBuilds(builds);
        return serve(routes -> {
            new BuildHandler(LOG, service).register(routes);
            artifacts.accept(routes);
        });
    }

    private static class FakeBuilds implements BuildService {
        private final AtomicInteger builds;

        FakeBuilds(AtomicInteger builds) {
            this.builds = builds;
        }

        @Override
        public void startBuild(BuildRequest request, StatusWriter writer) throws Exception {
            int number = builds.incrementAndGet();
            writer.started(new BuildStarted(Id.ofContent(("build " + number).getBytes(StandardCharsets.UTF_8)), List.of()));
            for (Job job : request.graph().jobs()) {
                writer.update(StatusUpdate.ofJob(JobResult.success(job.id(), new byte[0], new byte[0])));
            }
            writer.update(StatusUpdate.finished());
        }

        @Override
        public SignalResponse signalBuild(Id buildId, SignalRequest signal) {
            return new SignalResponse();
        }

        @Override
        public Optional<Duration> keepAliveInterval() {
            return Optional.of(Duration.ofMillis(500));
        }
    }

    /** The artifact of 'greet': greeting.txt, as a worker's tar stream. */
    private byte[] artifact() throws Exception {
        Path output = Files.createDirectories(temp.resolve("artifact"));
        Files.writeString(output.resolve("greeting.txt"), "hello");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TarStream.write(output, tar);
        return tar.toByteArray();
    }
}
