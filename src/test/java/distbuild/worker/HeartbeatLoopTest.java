package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.cache.ArtifactCache;
import distbuild.cache.PendingArtifact;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.RequestException;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import distbuild.protocol.HeartbeatHandler;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.JobSpec;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's side of the heartbeat conversation, with the test answering each heartbeat by hand. */
class HeartbeatLoopTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.heartbeat");
    private static final WorkerId SELF = new WorkerId("http://127.0.0.1:1/worker/0");

    @TempDir
    Path temp;

    /** A heartbeat that reached the coordinator, waiting for the test's answer. */
    record Call(HeartbeatRequest request, CompletableFuture<HeartbeatResponse> answer) {
        void reply(JobSpec... jobs) {
            Map<Id, JobSpec> toRun = new LinkedHashMap<>();
            for (JobSpec job : jobs) {
                toRun.put(job.id(), job);
            }
            answer.complete(new HeartbeatResponse(toRun, List.of()));
        }

        void fail() {
            answer.completeExceptionally(new RequestException(503, "the coordinator is restarting"));
        }
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final Map<Id, CountDownLatch> release = new ConcurrentHashMap<>();
    private LoopbackServer server;
    private HttpClient http;
    private ArtifactCache artifacts;
    private JobSlots slots;
    private Thread loopThread;

    @BeforeEach
    void serve() throws Exception {
        server = LoopbackServer.serve(LOG, routes -> new HeartbeatHandler(LOG, request -> {
            Call call = new Call(request, new CompletableFuture<>());
            calls.add(call);
            try {
                return call.answer().get();
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }).register(routes));
        http = HttpClients.create();
        artifacts = ArtifactCache.open(temp.resolve("artifacts"));
    }

    @AfterEach
    void stop() throws Exception {
        if (loopThread != null) {
            loopThread.interrupt();
            loopThread.join(10_000);
        }
        release.values().forEach(CountDownLatch::countDown);
        calls.forEach(Call::reply);
        if (slots != null) {
            slots.close();
        }
        // The server first: a heartbeat that arrived after the replies above is still held there, and
        // closing the client would wait for its answer (two minutes, since this fake sends no poll timeout).
        server.close();
        http.shutdownNow();
        artifacts.close();
    }

    @Test
    void firstHeartbeatAnnouncesTheWholeCacheAndOffersEverySlot() throws Exception {
        Id a = cached("a");
        Id b = cached("b");
        start(3);

        Call first = next();

        assertThat(first.request().addedArtifacts()).containsExactlyInAnyOrder(a, b);
        assertThat(first.request().freeSlots()).isEqualTo(3);
        assertThat(first.request().runningJobs()).isEmpty();
    }

    @Test
    void finishedJobIsReportedAtOnceOfferingItsSlotWhileThePollIsHeld() throws Exception {
        start(1);
        JobSpec a = spec("a");
        JobSpec b = spec("b");
        next().reply(a);
        Call heldPoll = next();
        assertThat(heldPoll.request().freeSlots()).as("the only slot is busy").isZero();
        assertThat(heldPoll.request().runningJobs()).containsExactly(a.id());

        release(a);

        Call report = next();
        assertThat(report.request().finishedJobs()).extracting(JobResult::jobId).containsExactly(a.id());
        assertThat(report.request().freeSlots()).as("the freed slot, which the held poll does not offer").isEqualTo(1);
        assertThat(heldPoll.answer()).as("the poll is still held").isNotDone();
        report.reply(b);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> slots.occupancy().running().contains(b.id()));
        assertThat(heldPoll.answer()).as("a report that filled its slot leaves the held poll alone").isNotDone();
    }

    @Test
    void afterAFailedHeartbeatTheNextAnnouncesTheWholeCacheAgain() throws Exception {
        Id a = cached("a");
        start(1);
        next().reply();
        Call second = next();
        assertThat(second.request().addedArtifacts()).as("announced once is enough").isEmpty();

        second.fail();

        Call retry = next();
        assertThat(retry.request().addedArtifacts()).as("the coordinator may have restarted").containsExactly(a);
    }

    private void start(int slotCount) {
        Outbox outbox = new Outbox();
        JobExecutor executor = run -> {
            release.computeIfAbsent(run.jobId(), k -> new CountDownLatch(1)).await();
            return JobResult.success(run.jobId(), null, null);
        };
        HeartbeatLoop[] loop = new HeartbeatLoop[1];
        slots = new JobSlots(LOG, slotCount, temp.resolve("runs"), executor, result -> {
            outbox.jobFinished(result);
            loop[0].reportNow();
        });
        loop[0] = new HeartbeatLoop(LOG, SELF, new HeartbeatClient(LOG, http, server.base()), slots, outbox, artifacts::list, () -> null,
                () -> distbuild.model.WorkerOffers.ofThisMachine(java.util.Set.of()));
        loopThread = Thread.ofVirtual().start(loop[0]);
    }

    private Call next() throws InterruptedException {
        Call call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a heartbeat within 10 s").isNotNull();
        return call;
    }

    private void release(JobSpec spec) {
        release.computeIfAbsent(spec.id(), k -> new CountDownLatch(1)).countDown();
    }

    private Id cached(String name) throws Exception {
        Id id = Id.ofContent(name.getBytes(StandardCharsets.UTF_8));
        try (PendingArtifact pending = artifacts.create(id)) {
            pending.commit(JobResult.success(id, null, null));
        }
        return id;
    }

    private static JobSpec spec(String name) {
        Job job = new Job(Id.ofContent(("job " + name).getBytes(StandardCharsets.UTF_8)), name, List.of(), List.of(),
                List.of(new Cmd.Exec(List.of("true"))));
        return new JobSpec(job, Map.of(), Map.of());
    }
}
