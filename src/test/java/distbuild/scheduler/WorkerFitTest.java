package distbuild.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Needs;
import distbuild.model.WorkerOffers;
import distbuild.model.Retry;
import distbuild.model.WorkerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Workers that differ: a worker that cannot run a job is not given it again, and a job no worker can run fails, naming them. */
class WorkerFitTest {
    private final FakeClock clock = new FakeClock();
    private final Scheduler scheduler = new Scheduler(LoggerFactory.getLogger("test.scheduler"),
            new SchedulerConfig(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(20)), clock);
    private final WorkerId w1 = new WorkerId("http://127.0.0.1:1001");
    private final WorkerId w2 = new WorkerId("http://127.0.0.1:1002");
    private final Job compile = new Job(Id.ofContent("compile".getBytes(StandardCharsets.UTF_8)), "compile", List.of(),
            List.of(), List.of(new Cmd.Exec(List.of("cc", "-c", "a.c"))));

    @AfterEach
    void stop() {
        scheduler.shutdown();
    }

    @Test
    void aJobAWorkerCannotRunGoesToAnotherWithoutCountingATry() throws Exception {
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        JobTicket ticket = scheduler.submit(compile, Map.of());
        assertThat(ids(scheduler.takeNow(w1, 1))).containsExactly(compile.id());

        scheduler.jobFinished(w1, JobResult.retry(compile.id(), Retry.workerUnable("this worker has no /usr/bin/cc")));

        assertThat(ids(scheduler.takeNow(w1, 1))).as("not given again to the worker that cannot run it").isEmpty();
        assertThat(ids(scheduler.takeNow(w2, 1))).containsExactly(compile.id());
        scheduler.jobFinished(w2, JobResult.success(compile.id(), new byte[0], new byte[0]));
        assertThat(ticket.result().get(10, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    @Test
    void aJobNoLiveWorkerCanRunFailsNamingEachAndWhy() throws Exception {
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        JobTicket ticket = scheduler.submit(compile, Map.of());
        assertThat(ids(scheduler.takeNow(w1, 1))).containsExactly(compile.id());
        scheduler.jobFinished(w1, JobResult.retry(compile.id(), Retry.workerUnable("this worker has no /usr/bin/cc")));
        assertThat(ids(scheduler.takeNow(w2, 1))).containsExactly(compile.id());

        scheduler.jobFinished(w2, JobResult.retry(compile.id(),
                Retry.workerUnable("this worker's /usr/bin/cc is another program than the job was planned with")));

        JobResult result = ticket.result().get(10, TimeUnit.SECONDS);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("no worker can run it", w1 + ": this worker has no /usr/bin/cc",
                w2 + ": this worker's /usr/bin/cc is another program");
    }

    @Test
    void aJobPlannedWithACompilerGoesOnlyWhereThatBuildOfItIsAndWaitsThenFailsWhereNoneIs() throws Exception {
        String planned = "a".repeat(64);
        String other = "b".repeat(64);
        Job pinned = new Job(Id.ofContent("pinned".getBytes(StandardCharsets.UTF_8)), "compile", List.of(), List.of(),
                List.of(new Cmd.Exec(List.of("cc", "-c", "a.c"))), null, false,
                new Needs(Map.of(), Map.of("/usr/bin/cc", planned, "/usr/libexec/cc1", planned)));
        WorkerOffers machine = new WorkerOffers("linux", "amd64", 2, 1L << 30, new TreeSet<>());
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        scheduler.offers(w1, machine.withToolchains(Map.of("/usr/bin/cc", other, "/usr/libexec/cc1", planned)));
        scheduler.offers(w2, machine.withToolchains(Map.of("/usr/bin/cc", planned)));
        JobTicket ticket = scheduler.submit(pinned, Map.of());
        assertThat(ids(scheduler.takeNow(w1, 1))).as("its cc is another build").isEmpty();
        assertThat(ids(scheduler.takeNow(w2, 1))).containsExactly(pinned.id());
        scheduler.jobFinished(w2, JobResult.success(pinned.id(), new byte[0], new byte[0]));
        assertThat(ticket.result().get(10, TimeUnit.SECONDS).succeeded()).isTrue();

        // Only the worker with the other build left: the job waits for one with its compiler, then fails naming it.
        Scheduler alone = new Scheduler(LoggerFactory.getLogger("test.scheduler"), new SchedulerConfig(Duration.ofMillis(10),
                Duration.ofMillis(100), Duration.ofSeconds(1000), Duration.ofSeconds(30)), clock);
        try {
            alone.heartbeat(w1, List.of(), List.of(), List.of());
            alone.offers(w1, machine.withToolchains(Map.of("/usr/bin/cc", other)));
            JobTicket waiting = alone.submit(pinned, Map.of());
            assertThat(ids(alone.takeNow(w1, 1))).isEmpty();
            clock.advance(Duration.ofSeconds(10));
            assertThat(ids(alone.takeNow(w1, 1))).isEmpty();
            assertThat(waiting.result()).isNotDone();
            clock.advance(Duration.ofSeconds(31));
            alone.takeNow(w1, 1);
            JobResult result = waiting.result().get(10, TimeUnit.SECONDS);
            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).contains("no worker met its requirements (2 programs as planned)",
                    w1 + " lacks the same /usr/bin/cc (it has another build, SHA-256 bbbbbbbbbbbb…)");
        } finally {
            alone.shutdown();
        }
    }

    @Test
    void aWorkerThatDoesNotListItsCompilersIsGivenTheJobAndChecksItself() {
        Needs needs = new Needs(Map.of(), Map.of("/usr/bin/cc", "a".repeat(64)));
        assertThat(needs.metBy(null)).as("a worker of the reference design").isTrue();
        assertThat(needs.metBy(new WorkerOffers("linux", "amd64", 2, 1L << 30, new TreeSet<>()))).isTrue();
        assertThat(needs.metBy(new WorkerOffers("linux", "amd64", 2, 1L << 30, new TreeSet<>())
                .withToolchains(Map.of("/usr/bin/gcc", "b".repeat(64))))).as("lists others only").isTrue();
    }

    private static List<Id> ids(Dispatch dispatch) {
        return dispatch.jobs().stream().map(a -> a.job().id()).toList();
    }
}
