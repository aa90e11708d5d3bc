package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The worker's slots, around a stand-in executor whose jobs the test finishes by hand. */
class JobSlotsTest {
    @TempDir
    Path temp;

    private final Map<Id, CountDownLatch> release = new ConcurrentHashMap<>();
    private final Map<Id, CountDownLatch> teardown = new ConcurrentHashMap<>();
    private final BlockingQueue<Id> started = new LinkedBlockingQueue<>();
    private final List<JobResult> reported = new CopyOnWriteArrayList<>();
    private JobSlots slots;

    /** Runs until released; when interrupted, takes until its teardown latch opens, like a process ignoring SIGTERM. */
    private final JobExecutor executor = run -> {
        Id id = run.jobId();
        started.add(id);
        try {
            release.computeIfAbsent(id, k -> new CountDownLatch(1)).await();
            return JobResult.success(id, "done".getBytes(StandardCharsets.UTF_8), null);
        } catch (InterruptedException cancelled) {
            teardown.computeIfAbsent(id, k -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS);
            throw cancelled;
        }
    };

    @AfterEach
    void close() {
        release.values().forEach(CountDownLatch::countDown);
        teardown.values().forEach(CountDownLatch::countDown);
        if (slots != null) {
            slots.close();
        }
    }

    @Test
    void runningJobsAreListedAndTakeTheirSlots() throws Exception {
        slots = slots(2);
        JobSpec a = spec("a");

        slots.start(a);
        assertThat(started.poll(10, TimeUnit.SECONDS)).isEqualTo(a.id());

        assertThat(slots.occupancy()).isEqualTo(new JobSlots.Occupancy(List.of(a.id()), 1));
        finish(a);
        await().atMost(Duration.ofSeconds(10)).until(() -> reported.size() == 1);
        assertThat(slots.occupancy()).isEqualTo(new JobSlots.Occupancy(List.of(), 2));
    }

    @Test
    void cancelledJobKeepsItsSlotUntilGoneButIsNotListedAndReportsNothing() throws Exception {
        slots = slots(1);
        JobSpec a = spec("a");
        slots.start(a);
        started.poll(10, TimeUnit.SECONDS);

        slots.cancel(a.id());
        slots.cancel(a.id()); // a second cancel changes nothing

        assertThat(slots.occupancy()).isEqualTo(new JobSlots.Occupancy(List.of(), 0));
        teardown.computeIfAbsent(a.id(), k -> new CountDownLatch(1)).countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.occupancy().free() == 1);
        assertThat(reported).isEmpty();
    }

    @Test
    void jobHandedOutAgainWhileItsCancelledRunEndsStartsAfterIt() throws Exception {
        slots = slots(1);
        JobSpec a = spec("a");
        slots.start(a);
        started.poll(10, TimeUnit.SECONDS);
        slots.cancel(a.id());

        slots.start(a);
        assertThat(slots.occupancy().running()).as("listed again: it will run").containsExactly(a.id());
        assertThat(started.poll(100, TimeUnit.MILLISECONDS)).as("not while the old run is still ending").isNull();

        teardown.get(a.id()).countDown();
        assertThat(started.poll(10, TimeUnit.SECONDS)).isEqualTo(a.id());
        release.computeIfAbsent(a.id(), k -> new CountDownLatch(1)).countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> reported.size() == 1);
    }

    @Test
    void sameJobGivenTwiceRunsOnce() throws Exception {
        slots = slots(2);
        JobSpec a = spec("a");
        slots.start(a);
        slots.start(a);

        assertThat(started.poll(10, TimeUnit.SECONDS)).isEqualTo(a.id());
        assertThat(slots.occupancy().free()).isEqualTo(1);
    }

    private JobSlots slots(int count) {
        return new JobSlots(LoggerFactory.getLogger("test"), count, temp, executor, reported::add);
    }

    private void finish(JobSpec spec) {
        release.computeIfAbsent(spec.id(), k -> new CountDownLatch(1)).countDown();
    }

    private static JobSpec spec(String name) {
        Job job = new Job(Id.ofContent(name.getBytes(StandardCharsets.UTF_8)), name, List.of(), List.of(),
                List.of(new Cmd.Exec(List.of("true"))));
        return new JobSpec(job, Map.of(), Map.of());
    }
}
