package distbuild.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SchedulerTest {
    private static final Duration CACHE_TIMEOUT = Duration.ofMillis(10);
    private static final Duration DEPS_TIMEOUT = Duration.ofMillis(100);
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LONG = Duration.ofHours(1);

    private final FakeClock clock = new FakeClock();
    private final Scheduler scheduler = new Scheduler(LoggerFactory.getLogger("test.scheduler"),
            new SchedulerConfig(CACHE_TIMEOUT, DEPS_TIMEOUT, WORKER_TIMEOUT), clock);
    private final WorkerId w1 = new WorkerId("http://127.0.0.1:1001");
    private final WorkerId w2 = new WorkerId("http://127.0.0.1:1002");
    private final java.util.concurrent.ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdown();
        threads.shutdownNow();
    }

    @Test
    void jobNoWorkerHasAClaimOnGoesToAnyWorkerAtOnce() throws Exception {
        Job lone = job("lone");
        scheduler.submit(lone, Map.of());

        assertThat(ids(pollNow(w1, 1))).containsExactly(lone.id());
    }

    @Test
    void jobWaitsForItsDepHolderThenReachesOtherWorkersThroughTheGlobalQueueAfterDepsTimeout() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of());
        scheduler.heartbeat(w2, List.of(), List.of());
        scheduler.submit(b, Map.of());

        assertThat(pollNow(w2, 1).isEmpty()).as("w2 holds no dep of b, so it waits for the global queue").isTrue();
        clock.advance(DEPS_TIMEOUT.minusNanos(1));
        assertThat(pollNow(w2, 1).isEmpty()).isTrue();
        clock.advance(Duration.ofNanos(1));
        assertThat(ids(pollNow(w2, 1))).containsExactly(b.id());
    }

    @Test
    void workerHoldingADepGetsTheJobAtOnce() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of());
        scheduler.submit(b, Map.of());

        assertThat(ids(pollNow(w1, 1))).containsExactly(b.id());
    }

    @Test
    void waitingPollWakesWhenTheClockPassesDepsTimeout() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of());
        scheduler.submit(b, Map.of());
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w2, 1, LONG));
        awaitWaitingPolls(1);

        clock.advance(DEPS_TIMEOUT);

        assertThat(ids(waiting.get(10, TimeUnit.SECONDS))).containsExactly(b.id());
    }

    @Test
    void waitingPollWakesWhenAJobIsSubmitted() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 1, LONG));
        awaitWaitingPolls(1);
        Job job = job("late");
        scheduler.submit(job, Map.of(id("file"), "src/a.c"));

        Dispatch dispatch = waiting.get(10, TimeUnit.SECONDS);
        assertThat(ids(dispatch)).containsExactly(job.id());
        assertThat(dispatch.jobs().getFirst().sourceFiles()).containsEntry(id("file"), "src/a.c");
    }

    @Test
    void pollWithNothingToDoReturnsEmptyWhenItsWaitEnds() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 1, Duration.ofSeconds(5)));
        awaitWaitingPolls(1);
        clock.advance(Duration.ofSeconds(5).minusNanos(1));
        assertThat(waiting.isDone()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(waiting.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
    }

    @Test
    void cancelledPollTakesNothing() throws Exception {
        CompletableFuture<Thread> pollerThread = new CompletableFuture<>();
        Future<Dispatch> waiting = threads.submit(() -> {
            pollerThread.complete(Thread.currentThread());
            return scheduler.poll(w1, 1, LONG);
        });
        awaitWaitingPolls(1);
        pollerThread.get(10, TimeUnit.SECONDS).interrupt();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);

        Job job = job("after");
        scheduler.submit(job, Map.of());
        assertThat(ids(pollNow(w2, 1))).as("the cancelled poll must not have taken the job").containsExactly(job.id());
    }

    @Test
    void jobWhoseLastTicketIsCancelledBeforeAnyPollIsNeverHandedOut() throws Exception {
        JobTicket ticket = scheduler.submit(job("unwanted"), Map.of());
        ticket.cancel();

        assertThat(pollNow(w1, 1).isEmpty()).isTrue();
        assertThat(ticket.result()).isCompletedExceptionally();
        assertThat(scheduler.pendingJobs()).isZero();
    }

    @Test
    void jobCachedOnTheWorkerIsPickedBeforeAnUncachedOne() throws Exception {
        Job uncached = job("uncached");
        Job cached = job("cached");
        scheduler.heartbeat(w1, List.of(cached.id()), List.of());
        scheduler.submit(uncached, Map.of());
        scheduler.submit(cached, Map.of());

        assertThat(ids(pollNow(w1, 1))).containsExactly(cached.id());
        assertThat(ids(pollNow(w1, 1))).containsExactly(uncached.id());
    }

    @Test
    void jobWhoseDepIsOnTheWorkerIsPickedBeforeAnUnrelatedOne() throws Exception {
        Job a = job("a");
        Job unrelated = job("unrelated");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of());
        scheduler.submit(unrelated, Map.of());
        scheduler.submit(b, Map.of());

        assertThat(ids(pollNow(w1, 1))).containsExactly(b.id());
    }

    @Test
    void cachedJobWaitsCacheTimeoutBeforeDepHoldersMayTakeIt() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(b.id()), List.of());
        scheduler.heartbeat(w2, List.of(a.id()), List.of());
        scheduler.submit(b, Map.of());

        assertThat(pollNow(w2, 1).isEmpty()).isTrue();
        clock.advance(CACHE_TIMEOUT);
        assertThat(ids(pollNow(w2, 1))).containsExactly(b.id());
    }

    @Test
    void cacheNewsArrivingAfterSchedulingMovesTheJobToTheFirstQueue() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w2, List.of(a.id()), List.of());
        scheduler.submit(b, Map.of());
        assertThat(pollNow(w1, 1).isEmpty()).as("w1 has no claim yet").isTrue();

        scheduler.heartbeat(w1, List.of(b.id()), List.of());

        assertThat(ids(pollNow(w1, 1))).containsExactly(b.id());
    }

    @Test
    void jobWantedByTwoBuildsIsHandedOutOnceAndBothGetTheResult() throws Exception {
        Job shared = job("shared");
        JobTicket first = scheduler.submit(shared, Map.of());
        JobTicket second = scheduler.submit(shared, Map.of());

        assertThat(ids(pollNow(w1, 2))).containsExactly(shared.id());
        assertThat(pollNow(w2, 2).isEmpty()).isTrue();
        JobResult result = JobResult.success(shared.id(), "out".getBytes(StandardCharsets.UTF_8), new byte[0]);
        scheduler.jobFinished(w1, result);

        assertThat(first.result().get(1, TimeUnit.SECONDS)).isEqualTo(result);
        assertThat(second.result().get(1, TimeUnit.SECONDS)).isEqualTo(result);
        assertThat(scheduler.locate(shared.id())).contains(w1);
    }

    @Test
    void cancellingOneOfTwoInterestsKeepsTheJob() throws Exception {
        Job shared = job("shared");
        JobTicket first = scheduler.submit(shared, Map.of());
        JobTicket second = scheduler.submit(shared, Map.of());
        first.cancel();

        assertThat(ids(pollNow(w1, 1))).containsExactly(shared.id());
        scheduler.jobFinished(w1, JobResult.success(shared.id(), null, null));
        assertThat(second.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    @Test
    void cancellingARunningJobWakesItsWorkersPollWithTheCancellation() throws Exception {
        Job job = job("sleep");
        JobTicket ticket = scheduler.submit(job, Map.of());
        assertThat(ids(pollNow(w1, 1))).containsExactly(job.id());
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        awaitWaitingPolls(1);

        ticket.cancel();

        assertThat(waiting.get(10, TimeUnit.SECONDS).cancelled()).containsExactly(job.id());
        assertThatThrownBy(() -> ticket.result().get()).isInstanceOf(CancellationException.class);
    }

    @Test
    void newerWaitingPollOfTheSameWorkerEndsTheOlderOne() throws Exception {
        Future<Dispatch> older = threads.submit(() -> scheduler.poll(w1, 1, LONG));
        awaitWaitingPolls(1);

        Future<Dispatch> newer = threads.submit(() -> scheduler.poll(w1, 1, LONG));

        assertThat(older.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
        awaitWaitingPolls(1);
        Job job = job("for the newer");
        scheduler.submit(job, Map.of());
        assertThat(ids(newer.get(10, TimeUnit.SECONDS))).containsExactly(job.id());
    }

    @Test
    void reportThatLeavesSlotsUnfilledEndsTheWaitingPollSoTheWorkerOffersThemAgain() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        awaitWaitingPolls(1);

        pollNow(w1, 1); // a report offering a freed slot, with nothing to run yet

        assertThat(waiting.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
    }

    @Test
    void reportThatFillsItsSlotsLeavesTheWaitingPollWaiting() throws Exception {
        Job next = job("next");
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        awaitWaitingPolls(1);
        scheduler.submit(next, Map.of());

        assertThat(ids(pollNow(w1, 1))).containsExactly(next.id());

        assertThat(scheduler.waitingPolls()).isEqualTo(1);
        assertThat(waiting.isDone()).isFalse();
    }

    @Test
    void silentWorkerIsDeclaredDeadAndItsJobsGoToOthers() throws Exception {
        Job job = job("orphan");
        JobTicket ticket = scheduler.submit(job, Map.of());
        scheduler.heartbeat(w1, List.of(id("artifact")), List.of());
        assertThat(ids(pollNow(w1, 1))).containsExactly(job.id());
        scheduler.heartbeat(w2, List.of(), List.of());

        clock.advance(WORKER_TIMEOUT.minusMillis(1));
        scheduler.heartbeat(w2, List.of(), List.of());
        assertThat(scheduler.liveWorkers()).containsExactly(w1, w2);
        clock.advance(Duration.ofMillis(1));

        assertThat(scheduler.liveWorkers()).containsExactly(w2);
        assertThat(scheduler.locate(id("artifact"))).as("a dead worker's artifacts are not offered").isEmpty();
        assertThat(ids(pollNow(w2, 1))).containsExactly(job.id());
        scheduler.jobFinished(w2, JobResult.success(job.id(), null, null));
        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    @Test
    void waitingPollNoticesAnotherWorkerDyingAndTakesItsJob() throws Exception {
        Job job = job("orphan");
        scheduler.submit(job, Map.of());
        assertThat(ids(pollNow(w1, 1))).containsExactly(job.id());
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w2, 1, LONG));
        awaitWaitingPolls(1);

        clock.advance(WORKER_TIMEOUT);

        assertThat(ids(waiting.get(10, TimeUnit.SECONDS))).containsExactly(job.id());
    }

    @Test
    void firstResultWinsAndTheOtherCopyIsCancelled() throws Exception {
        Job job = job("dup");
        JobTicket ticket = scheduler.submit(job, Map.of());
        assertThat(ids(pollNow(w1, 1))).containsExactly(job.id());
        // w2 reports it runs the same job too (say, it was handed out again while w1 looked dead).
        scheduler.heartbeat(w2, List.of(), List.of(job.id()));

        scheduler.jobFinished(w2, JobResult.success(job.id(), null, null));

        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(pollNow(w1, 0).cancelled()).containsExactly(job.id());
    }

    @Test
    void runningJobThatNoBuildWantsIsCancelledOnItsWorker() throws Exception {
        Id stray = id("stray");
        scheduler.heartbeat(w1, List.of(), List.of(stray));
        assertThat(pollNow(w1, 1).cancelled()).containsExactly(stray);
    }

    @Test
    void failedResultIsDeliveredAndNotRecordedAsAnArtifact() throws Exception {
        Job job = job("fails");
        JobTicket ticket = scheduler.submit(job, Map.of());
        pollNow(w1, 1);
        scheduler.jobFinished(w1, new JobResult(job.id(), null, "boom".getBytes(StandardCharsets.UTF_8), 2, null));

        assertThat(ticket.result().get(1, TimeUnit.SECONDS).exitCode()).isEqualTo(2);
        assertThat(scheduler.locate(job.id())).isEmpty();
    }

    @Test
    void pollAsksForNoMoreThanItsFreeSlots() throws Exception {
        for (int i = 0; i < 5; i++) {
            scheduler.submit(job("j" + i), Map.of());
        }
        assertThat(pollNow(w1, 2).jobs()).hasSize(2);
        assertThat(pollNow(w1, 0).jobs()).isEmpty();
        assertThat(pollNow(w2, 10).jobs()).hasSize(3);
    }

    @Test
    void shutdownEndsWaitingPollsAndFailsTickets() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        JobTicket ticket = scheduler.submit(job("never"), Map.of());
        scheduler.shutdown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
        assertThatThrownBy(() -> ticket.result().get()).isInstanceOf(CancellationException.class);
    }

    private void awaitWaitingPolls(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.waitingPolls() == count);
    }

    private Dispatch pollNow(WorkerId worker, int slots) throws InterruptedException {
        return scheduler.poll(worker, slots, Duration.ZERO);
    }

    private static List<Id> ids(Dispatch dispatch) {
        return dispatch.jobs().stream().map(a -> a.job().id()).toList();
    }

    private static Job job(String name, Job... deps) {
        return new Job(id(name), name, List.of(), java.util.Arrays.stream(deps).map(Job::id).toList(),
                List.of(new Cmd.Exec(List.of("true"))));
    }

    private static Id id(String seed) {
        return Id.ofContent(seed.getBytes(StandardCharsets.UTF_8));
    }

}
