package distbuild.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.Retry;
import distbuild.model.WorkerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
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
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    {
        // These tests are about where jobs go; a cache announcement stands for an artifact the
        // worker came by rightly. Which announcements are believed is ArtifactGrantsTest's subject.
        scheduler.trustAnnouncements(w1);
        scheduler.trustAnnouncements(w2);
    }

    @AfterEach
    void stop() {
        scheduler.shutdown();
        threads.shutdownNow();
    }

    @Test
    void jobNoWorkerHasAClaimOnGoesToAnyWorkerAtOnce() throws Exception {
        Job lone = job("lone");
        scheduler.submit(lone, Map.of());

        assertThat(ids(takeNow(w1, 1))).containsExactly(lone.id());
    }

    @Test
    void jobWaitsForItsDepHolderThenReachesOtherWorkersThroughTheGlobalQueueAfterDepsTimeout() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        scheduler.submit(b, Map.of());

        assertThat(takeNow(w2, 1).isEmpty()).as("w2 holds no dep of b, so it waits for the global queue").isTrue();
        clock.advance(DEPS_TIMEOUT.minusNanos(1));
        assertThat(takeNow(w2, 1).isEmpty()).isTrue();
        clock.advance(Duration.ofNanos(1));
        assertThat(ids(takeNow(w2, 1))).containsExactly(b.id());
    }

    @Test
    void aBuildJoiningAJobAnotherBuildStartedSeesItAsSharedAndHearsWhereItRuns() throws Exception {
        Job common = job("common");
        JobTicket first = scheduler.submit(common, Map.of());
        List<WorkerId> firstHeard = new CopyOnWriteArrayList<>();
        first.onStart(firstHeard::add);
        assertThat(ids(takeNow(w1, 1))).containsExactly(common.id());
        JobTicket second = scheduler.submit(common, Map.of());
        List<WorkerId> secondHeard = new CopyOnWriteArrayList<>();
        second.onStart(secondHeard::add);

        assertThat(firstHeard).containsExactly(w1);
        assertThat(secondHeard).as("told at once: it already runs").containsExactly(w1);
        scheduler.jobFinished(w1, JobResult.success(common.id(), new byte[0], new byte[0])
                .withProvenance(Provenance.ran(w1, Provenance.Timing.NONE)));

        assertThat(first.result().get().provenance().origin()).isEqualTo(Provenance.Origin.RAN);
        assertThat(second.result().get().provenance().origin()).isEqualTo(Provenance.Origin.SHARED);
        assertThat(second.result().get().provenance().worker()).isEqualTo(w1);
    }

    @Test
    void aBuildThatWithdrawsFromASharedJobHearsNothingMoreOfIt() throws Exception {
        Job common = job("common");
        JobTicket staying = scheduler.submit(common, Map.of());
        JobTicket leaving = scheduler.submit(common, Map.of());
        List<String> stayingHeard = new CopyOnWriteArrayList<>();
        List<String> leavingHeard = new CopyOnWriteArrayList<>();
        staying.onStart(worker -> stayingHeard.add("start on " + worker));
        staying.onLost((worker, why) -> stayingHeard.add("lost on " + worker));
        leaving.onStart(worker -> leavingHeard.add("start on " + worker));
        leaving.onLost((worker, why) -> leavingHeard.add("lost on " + worker));

        leaving.cancel();
        assertThat(ids(takeNow(w1, 1))).as("still wanted by the other build").containsExactly(common.id());
        clock.advance(Scheduler.ASSIGNMENT_GRACE);
        scheduler.heartbeat(w1, List.of(), List.of(), List.of()); // dropped it: lost, handed out again
        assertThat(ids(takeNow(w2, 1))).containsExactly(common.id());

        assertThat(stayingHeard).containsExactly("start on " + w1, "lost on " + w1, "start on " + w2);
        assertThat(leavingHeard).as("its listeners went with it").isEmpty();
    }

    @Test
    void workerHoldingADepGetsTheJobAtOnce() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of(), List.of());
        scheduler.submit(b, Map.of());

        assertThat(ids(takeNow(w1, 1))).containsExactly(b.id());
    }

    @Test
    void waitingPollWakesWhenTheClockPassesDepsTimeout() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of(), List.of());
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
    void pollKeepsWaitingUntilItsDeadline() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 1, Duration.ofSeconds(5)));
        awaitWaitingPolls(1);
        clock.advance(Duration.ofSeconds(5).minusNanos(1));

        Job job = job("just in time");
        scheduler.submit(job, Map.of());

        assertThat(ids(waiting.get(10, TimeUnit.SECONDS))).as("the poll was still waiting").containsExactly(job.id());
    }

    @Test
    void pollWithNothingToDoReturnsEmptyAtItsDeadline() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 1, Duration.ofSeconds(5)));
        awaitWaitingPolls(1);

        clock.advance(Duration.ofSeconds(5));

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
        assertThat(ids(takeNow(w2, 1))).as("the cancelled poll must not have taken the job").containsExactly(job.id());
    }

    @Test
    void jobWhoseLastTicketIsCancelledBeforeAnyPollIsNeverHandedOut() throws Exception {
        JobTicket ticket = scheduler.submit(job("unwanted"), Map.of());
        ticket.cancel();

        assertThat(takeNow(w1, 1).isEmpty()).isTrue();
        assertThat(ticket.result()).isCompletedExceptionally();
        assertThat(scheduler.pendingJobs()).isZero();
    }

    @Test
    void jobCachedOnTheWorkerIsPickedBeforeAnUncachedOne() throws Exception {
        Job uncached = job("uncached");
        Job cached = job("cached");
        scheduler.heartbeat(w1, List.of(cached.id()), List.of(), List.of());
        scheduler.submit(uncached, Map.of());
        scheduler.submit(cached, Map.of());

        assertThat(ids(takeNow(w1, 1))).containsExactly(cached.id());
        assertThat(ids(takeNow(w1, 1))).containsExactly(uncached.id());
    }

    @Test
    void jobWhoseDepIsOnTheWorkerIsPickedBeforeAnUnrelatedOne() throws Exception {
        Job a = job("a");
        Job unrelated = job("unrelated");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(a.id()), List.of(), List.of());
        scheduler.submit(unrelated, Map.of());
        scheduler.submit(b, Map.of());

        assertThat(ids(takeNow(w1, 1))).containsExactly(b.id());
    }

    @Test
    void cachedJobWaitsCacheTimeoutBeforeDepHoldersMayTakeIt() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w1, List.of(b.id()), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(a.id()), List.of(), List.of());
        scheduler.submit(b, Map.of());

        assertThat(takeNow(w2, 1).isEmpty()).isTrue();
        clock.advance(CACHE_TIMEOUT);
        assertThat(ids(takeNow(w2, 1))).containsExactly(b.id());
    }

    @Test
    void cacheNewsArrivingAfterSchedulingMovesTheJobToTheFirstQueue() throws Exception {
        Job a = job("a");
        Job b = job("b", a);
        scheduler.heartbeat(w2, List.of(a.id()), List.of(), List.of());
        scheduler.submit(b, Map.of());
        assertThat(takeNow(w1, 1).isEmpty()).as("w1 has no claim yet").isTrue();

        scheduler.heartbeat(w1, List.of(b.id()), List.of(), List.of());

        assertThat(ids(takeNow(w1, 1))).containsExactly(b.id());
    }

    @Test
    void jobWantedByTwoBuildsIsHandedOutOnceAndBothGetTheResult() throws Exception {
        Job shared = job("shared");
        JobTicket first = scheduler.submit(shared, Map.of());
        JobTicket second = scheduler.submit(shared, Map.of());

        assertThat(ids(takeNow(w1, 2))).containsExactly(shared.id());
        assertThat(takeNow(w2, 2).isEmpty()).isTrue();
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

        assertThat(ids(takeNow(w1, 1))).containsExactly(shared.id());
        scheduler.jobFinished(w1, JobResult.success(shared.id(), null, null));
        assertThat(second.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    @Test
    void cancellingARunningJobWakesItsWorkersPollWithTheCancellation() throws Exception {
        Job job = job("sleep");
        JobTicket ticket = scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
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

        takeNow(w1, 1); // a report offering a freed slot, with nothing to run yet

        assertThat(waiting.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
    }

    @Test
    void reportThatFillsItsSlotsLeavesTheWaitingPollWaiting() throws Exception {
        Job running = job("running");
        JobTicket runningTicket = scheduler.submit(running, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(running.id());
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        awaitWaitingPolls(1);
        Job next = job("next");
        scheduler.submit(next, Map.of());

        assertThat(ids(takeNow(w1, 1))).containsExactly(next.id());

        runningTicket.cancel();
        assertThat(waiting.get(10, TimeUnit.SECONDS).cancelled())
                .as("the waiting poll was not ended, so it is the one that brings the cancellation")
                .containsExactly(running.id());
    }

    @Test
    void jobCancelledAndHandedOutAgainToTheSameWorkerIsNotCancelledThere() throws Exception {
        Job job = job("rerun");
        scheduler.submit(job, Map.of()).cancel();
        JobTicket first = scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
        first.cancel();

        scheduler.submit(job, Map.of());
        Dispatch again = takeNow(w1, 1);

        assertThat(ids(again)).containsExactly(job.id());
        assertThat(again.cancelled()).as("the cancel was about the earlier run").isEmpty();
    }

    @Test
    void jobAWorkerStopsListingIsHandedOutAgainAfterTheGrace() throws Exception {
        Job job = job("lost");
        JobTicket ticket = scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());

        clock.advance(Scheduler.ASSIGNMENT_GRACE.minusMillis(1));
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        assertThat(takeNow(w2, 1).isEmpty()).as("the answer may still be on its way").isTrue();

        clock.advance(Duration.ofMillis(1));
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        assertThat(ids(takeNow(w2, 1))).as("the worker never got it").containsExactly(job.id());

        scheduler.jobFinished(w2, JobResult.success(job.id(), null, null));
        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    @Test
    void aWorkerThatKeepsDroppingItsJobsIsQuarantinedAndTheJobGoesElsewhere() throws Exception {
        Job job = job("dropped");
        JobTicket ticket = scheduler.submit(job, Map.of());
        List<String> losses = new java.util.concurrent.CopyOnWriteArrayList<>();
        ticket.onLost((worker, why) -> losses.add(why));
        scheduler.heartbeat(w2, List.of(), List.of(), List.of()); // the only live worker is never held back
        for (int drop = 0; drop < Quarantine.STRIKES; drop++) {
            assertThat(ids(takeNow(w1, 1))).as("drop %d", drop).containsExactly(job.id());
            clock.advance(Scheduler.ASSIGNMENT_GRACE);
            scheduler.heartbeat(w1, List.of(), List.of(), List.of()); // does not list it: dropped
        }
        assertThat(losses).as("the build hears of each drop, and of the quarantine").containsExactly(
                "the worker stopped listing it", "the worker stopped listing it",
                "the worker stopped listing it; it gets no jobs for 30 s (quarantined)");

        assertThat(takeNow(w1, 1).isEmpty()).as("quarantined: nothing more for it").isTrue();
        assertThat(ids(takeNow(w2, 1))).containsExactly(job.id());
        scheduler.jobFinished(w2, JobResult.success(job.id(), null, null));
        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();

        Job later = job("later");
        scheduler.submit(later, Map.of());
        clock.advance(Quarantine.FIRST.minusMillis(1));
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        assertThat(takeNow(w1, 1).isEmpty()).as("still quarantined").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(ids(takeNow(w1, 1))).as("the quarantine is over").containsExactly(later.id());
    }

    @Test
    void jobListedAsRunningOrReportedFinishedIsNotHandedOutAgain() throws Exception {
        Job listed = job("listed");
        Job finished = job("finished");
        scheduler.submit(listed, Map.of());
        scheduler.submit(finished, Map.of());
        assertThat(takeNow(w1, 2).jobs()).hasSize(2);

        clock.advance(Scheduler.ASSIGNMENT_GRACE.multipliedBy(3));
        scheduler.heartbeat(w1, List.of(), List.of(listed.id()), List.of(finished.id()));

        assertThat(takeNow(w2, 2).isEmpty()).isTrue();
    }

    @Test
    void jobRunAgainOnTheWorkerWhereItFailedDoesNotMakeItsHeartbeatsLookOutdated() throws Exception {
        Job flaky = job("flaky");
        scheduler.submit(flaky, Map.of());
        takeNow(w1, 1);
        scheduler.jobFinished(w1, new JobResult(flaky.id(), null, null, 1, null));
        assertThat(scheduler.heartbeat(w1, List.of(), List.of(flaky.id()), List.of()))
                .as("listing a job it already reported finished: sent before that report")
                .isTrue();

        scheduler.submit(flaky, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(flaky.id());

        assertThat(scheduler.heartbeat(w1, List.of(), List.of(flaky.id()), List.of())).isFalse();
    }

    @Test
    void aWorkerDeclaredDeadOffersNothingUntilItIsBackWithItsCache() throws Exception {
        Id artifact = id("artifact");
        scheduler.heartbeat(w1, List.of(artifact), List.of(), List.of());
        clock.advance(WORKER_TIMEOUT);
        assertThat(scheduler.liveWorkers()).isEmpty();
        assertThat(scheduler.locate(artifact)).as("a dead worker's artifacts are offered to nobody").isEmpty();

        scheduler.heartbeat(w1, List.of(), List.of(), List.of());

        assertThat(scheduler.liveWorkers()).containsExactly(w1);
        assertThat(scheduler.locate(artifact)).as("only paused: it comes back with its cache").contains(w1);
    }

    @Test
    void awaitingLiveWorkersReturnsOnceEnoughHaveBeenSeen() throws Exception {
        Future<Boolean> waiting = threads.submit(() -> scheduler.awaitLiveWorkers(2, Duration.ofSeconds(30)));
        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.awaitLiveWorkers(3, Duration.ofMillis(1))).isFalse();
    }

    @Test
    void silentWorkerIsDeclaredDeadAndItsJobsGoToOthers() throws Exception {
        Job job = job("orphan");
        JobTicket ticket = scheduler.submit(job, Map.of());
        scheduler.heartbeat(w1, List.of(id("artifact")), List.of(), List.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());

        clock.advance(WORKER_TIMEOUT.minusMillis(1));
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        assertThat(scheduler.liveWorkers()).containsExactly(w1, w2);
        clock.advance(Duration.ofMillis(1));

        assertThat(scheduler.liveWorkers()).containsExactly(w2);
        assertThat(scheduler.locate(id("artifact"))).as("a dead worker's artifacts are not offered").isEmpty();
        assertThat(ids(takeNow(w2, 1))).containsExactly(job.id());
        scheduler.jobFinished(w2, JobResult.success(job.id(), null, null));
        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
    }

    @Test
    void aWorkerDeadForLongIsForgottenWithWhatItHeld() {
        scheduler.heartbeat(w1, List.of(id("held")), List.of(), List.of());
        clock.advance(WORKER_TIMEOUT);
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        assertThat(scheduler.liveWorkers()).containsExactly(w2);
        assertThat(scheduler.knownWorkers()).as("a dead worker is remembered for a while").isEqualTo(2);

        clock.advance(WorkerRegistry.DEAD_WORKER_KEPT);
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        assertThat(scheduler.liveWorkers()).containsExactly(w2);
        assertThat(scheduler.knownWorkers()).isEqualTo(1);

        scheduler.heartbeat(w1, List.of(), List.of(), List.of());
        assertThat(scheduler.holders(id("held"))).as("back, it is new: it holds what it announces again").isEmpty();
    }

    @Test
    void atMostSoManyDeadWorkersAreRemembered() {
        for (int i = 0; i <= WorkerRegistry.MOST_DEAD_WORKERS_KEPT; i++) {
            scheduler.trustAnnouncements(new WorkerId("http://127.0.0.1:9/phantom-" + i));
            scheduler.heartbeat(new WorkerId("http://127.0.0.1:9/phantom-" + i), List.of(id("a" + i)), List.of(), List.of());
            clock.advance(Duration.ofMillis(1));
        }
        clock.advance(WORKER_TIMEOUT.plusSeconds(1));
        assertThat(scheduler.liveWorkers()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.liveWorkers()).isEmpty();

        assertThat(scheduler.knownWorkers()).isEqualTo(WorkerRegistry.MOST_DEAD_WORKERS_KEPT);
        int newest = WorkerRegistry.MOST_DEAD_WORKERS_KEPT;
        scheduler.heartbeat(new WorkerId("http://127.0.0.1:9/phantom-0"), List.of(), List.of(), List.of());
        scheduler.heartbeat(new WorkerId("http://127.0.0.1:9/phantom-" + newest), List.of(), List.of(), List.of());
        assertThat(scheduler.holders(id("a0"))).as("the longest dead was forgotten").isEmpty();
        assertThat(scheduler.holders(id("a" + newest))).as("the newest dead was remembered").hasSize(1);
    }

    @Test
    void waitingPollNoticesAnotherWorkerDyingAndTakesItsJob() throws Exception {
        Job job = job("orphan");
        scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w2, 1, LONG));
        awaitWaitingPolls(1);

        clock.advance(WORKER_TIMEOUT);

        assertThat(ids(waiting.get(10, TimeUnit.SECONDS))).containsExactly(job.id());
    }

    @Test
    void aWorkerWithAPollWaitingIsAliveHoweverLongItWaitsAndDeadSoonAfterItStopsPolling() throws Exception {
        Job job = job("long");
        scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
        Future<Dispatch> busyButAlive = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        awaitWaitingPolls(1);

        clock.advance(WORKER_TIMEOUT.multipliedBy(10));
        assertThat(scheduler.liveWorkers()).as("its job may run for hours; its poll says it is there").containsExactly(w1);

        // The poll ends (the answer went out) and no next poll comes: the worker is gone.
        takeNow(w1, 1); // a report that ends the waiting poll, as a finished job's would
        assertThat(busyButAlive.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
        clock.advance(WORKER_TIMEOUT.minusMillis(1));
        assertThat(scheduler.liveWorkers()).containsExactly(w1);
        clock.advance(Duration.ofMillis(1));
        assertThat(scheduler.liveWorkers()).isEmpty();
    }

    @Test
    void aTryThatFailedForAReasonNotTheJobsOwnIsRetriedThenGivenUpOnWithEveryReason() throws Exception {
        Job job = job("unlucky");
        JobTicket ticket = scheduler.submit(job, Map.of());
        for (int attempt = 1; attempt < Tries.MAX_TRIES; attempt++) {
            assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
            scheduler.jobFinished(w1, JobResult.retry(job.id(), Retry.because("cannot fetch source file \"a.c\"")));
            assertThat(ticket.result()).as("try %d failed through no fault of the job's", attempt).isNotDone();
        }
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
        scheduler.jobFinished(w1, JobResult.retry(job.id(), Retry.because("disk on fire")));

        JobResult result = ticket.result().get(1, TimeUnit.SECONDS);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("gave up after 3 tries", "cannot fetch source file \"a.c\" (on " + w1 + ")",
                "disk on fire");
        assertThat(scheduler.pendingJobs()).isZero();
    }

    @Test
    void aWorkerDyingCountsAsAFailedTryAndThirdTimeTheJobGivesUp() throws Exception {
        Job job = job("cursed");
        JobTicket ticket = scheduler.submit(job, Map.of());
        List<String> losses = new java.util.concurrent.CopyOnWriteArrayList<>();
        ticket.onLost((worker, why) -> losses.add(worker + ": " + why));
        for (int attempt = 1; attempt <= Tries.MAX_TRIES; attempt++) {
            WorkerId doomed = new WorkerId("http://127.0.0.1:" + (2000 + attempt));
            assertThat(ids(takeNow(doomed, 1))).containsExactly(job.id());
            clock.advance(WORKER_TIMEOUT);
            scheduler.liveWorkers(); // looks, and finds it dead
        }

        assertThat(ticket.result().get(1, TimeUnit.SECONDS).error()).contains("gave up after 3 tries",
                "the worker stopped answering while running it (on http://127.0.0.1:2001)");
        assertThat(losses).as("each lost try is told to the build").containsExactly(
                "http://127.0.0.1:2001: the worker stopped answering while running it",
                "http://127.0.0.1:2002: the worker stopped answering while running it",
                "http://127.0.0.1:2003: the worker stopped answering while running it");
    }

    @Test
    void aJobWhoseDepHolderIsGoneIsNotHandedOutButSentBackToItsBuilds() throws Exception {
        Job dep = job("dep");
        Job consumer = job("consumer", dep);
        scheduler.heartbeat(w1, List.of(dep.id()), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        clock.advance(WORKER_TIMEOUT.minusMillis(1));
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        JobTicket ticket = scheduler.submit(consumer, Map.of());
        clock.advance(Duration.ofMillis(1)); // w1, the only holder of dep, is now dead
        scheduler.heartbeat(w2, List.of(), List.of(), List.of());
        clock.advance(DEPS_TIMEOUT); // the job reaches the global queue, where w2 finds it

        assertThat(takeNow(w2, 1).jobs()).isEmpty();
        assertThatThrownBy(() -> ticket.result().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LostDepsException.class);
        assertThat(((LostDepsException) catchThrowable(() -> ticket.result().join()).getCause()).deps())
                .containsExactly(dep.id());
    }

    @Test
    void aHolderThatCouldNotGiveAnArtifactNoLongerCountsAsHoldingIt() throws Exception {
        Job dep = job("dep");
        Job consumer = job("consumer", dep);
        scheduler.heartbeat(w1, List.of(dep.id()), List.of(), List.of());
        scheduler.heartbeat(w2, List.of(dep.id()), List.of(), List.of());
        JobTicket ticket = scheduler.submit(consumer, Map.of());
        assertThat(ids(takeNow(w2, 1))).containsExactly(consumer.id());

        scheduler.jobFinished(w2, JobResult.retry(consumer.id(),
                new Retry("cannot get the artifact of dep from " + w1, Map.of(dep.id(), w1))));

        assertThat(scheduler.holders(dep.id())).containsExactly(w2);
        assertThat(ids(takeNow(w2, 1))).as("tried again").containsExactly(consumer.id());
        assertThat(ticket.result()).isNotDone();
    }

    @Test
    void anArtifactAWorkerEvictedIsNoLongerOffered() throws Exception {
        Id artifact = id("evicted");
        scheduler.heartbeat(w1, List.of(artifact), List.of(), List.of());
        assertThat(scheduler.holders(artifact)).containsExactly(w1);

        scheduler.artifactsRemoved(w1, List.of(artifact));

        assertThat(scheduler.holders(artifact)).isEmpty();
    }

    @Test
    void amongJobsReadyAtOnceTheOneWithTheMostWorkHangingOnItGoesFirst() throws Exception {
        Job quick = job("quick");
        Job onTheCriticalPath = job("long");
        Job tied = job("tied");
        scheduler.submit(quick, Map.of(), new Priority(1_000, 0));
        scheduler.submit(tied, Map.of(), new Priority(5_000, 1));
        scheduler.submit(onTheCriticalPath, Map.of(), new Priority(5_000, 7));

        assertThat(ids(takeNow(w1, 3))).containsExactly(onTheCriticalPath.id(), tied.id(), quick.id());
    }

    @Test
    void aBuildStartedLaterGetsItsShareOfSlotsBeforeTheEarlierOnesQueueDrains() throws Exception {
        List<Job> big = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Job job = job("big-" + i);
            big.add(job);
            scheduler.submit(job, Map.of(), new Priority(1_000_000 - i, 0, new Share("big", "ann", 0)));
        }
        assertThat(ids(takeNow(w1, 2))).containsExactly(big.get(0).id(), big.get(1).id());

        // A small build arrives, its jobs less urgent by the critical path than every one of the big build's.
        Job small1 = job("small-1");
        Job small2 = job("small-2");
        scheduler.submit(small1, Map.of(), new Priority(10, 0, new Share("small", "bob", 0)));
        scheduler.submit(small2, Map.of(), new Priority(20, 0, new Share("small", "bob", 0)));

        // The big build runs 2, the small none: the small build's most urgent goes first, then
        // the two alternate, as each runs as many as the other.
        assertThat(ids(takeNow(w2, 3))).containsExactly(small2.id(), small1.id(), big.get(2).id());
        // Within one build, the critical path still decides.
        assertThat(ids(takeNow(w2, 1))).containsExactly(big.get(3).id());
    }

    @Test
    void slotsGoToPeopleFairlyThenToTheirBuildsByTheLevelEachAskedFor() throws Exception {
        // Ann runs three builds, Bob one: Bob gets as many slots as Ann's three together.
        for (String build : List.of("a1", "a2", "a3")) {
            for (int i = 0; i < 4; i++) {
                scheduler.submit(job(build + "-" + i), Map.of(), new Priority(100, 0, new Share(build, "ann", 0)));
            }
        }
        for (int i = 0; i < 4; i++) {
            scheduler.submit(job("b-" + i), Map.of(), new Priority(1, 0, new Share("b", "bob", 0)));
        }
        List<String> taken = takeNow(w1, 6).jobs().stream().map(a -> a.job().name()).toList();
        assertThat(taken).filteredOn(name -> name.startsWith("b-")).hasSize(3);
        assertThat(taken).filteredOn(name -> name.startsWith("a")).hasSize(3)
                .as("and Ann's builds share hers alike").extracting(name -> name.substring(0, 2)).containsOnly("a1", "a2", "a3")
                .doesNotHaveDuplicates();
    }

    @Test
    void aBuildOneLevelUpGetsAboutTwiceTheSlotsOfItsNeighbour() throws Exception {
        for (int i = 0; i < 12; i++) {
            scheduler.submit(job("urgent-" + i), Map.of(), new Priority(1, 0, new Share("urgent", "ann", 1)));
            scheduler.submit(job("plain-" + i), Map.of(), new Priority(1, 0, new Share("plain", "ann", 0)));
        }
        List<String> taken = takeNow(w1, 9).jobs().stream().map(a -> a.job().name()).toList();
        assertThat(taken).filteredOn(name -> name.startsWith("urgent-")).hasSize(6);
        assertThat(taken).filteredOn(name -> name.startsWith("plain-")).hasSize(3);
    }

    @Test
    void aLevelCountsBetweenPeopleTooSoAYieldingBuildYieldsToOthers() throws Exception {
        for (int i = 0; i < 12; i++) {
            scheduler.submit(job("alice-" + i), Map.of(), new Priority(1, 0, new Share("a", "alice", -1)));
            scheduler.submit(job("bob-" + i), Map.of(), new Priority(1, 0, new Share("b", "bob", 0)));
        }
        List<String> taken = takeNow(w1, 9).jobs().stream().map(a -> a.job().name()).toList();
        assertThat(taken).filteredOn(name -> name.startsWith("bob-")).hasSize(6);
        assertThat(taken).filteredOn(name -> name.startsWith("alice-")).hasSize(3);
    }

    @Test
    void firstResultWinsAndTheOtherCopyIsCancelled() throws Exception {
        Job job = job("dup");
        JobTicket ticket = scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());
        // w1 looks dead for a while, so the job is handed out again, to w2; then w1 is back.
        clock.advance(WORKER_TIMEOUT);
        assertThat(ids(takeNow(w2, 1))).containsExactly(job.id());
        scheduler.heartbeat(w1, List.of(), List.of(job.id()), List.of());

        assertThat(scheduler.jobFinished(w1, JobResult.success(job.id(), null, null))).isTrue();

        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(takeNow(w2, 0).cancelled()).containsExactly(job.id());
    }

    @Test
    void aResultCountsOnlyFromAWorkerTheJobWasHandedTo() throws Exception {
        Job job = job("guarded");
        JobTicket ticket = scheduler.submit(job, Map.of());
        assertThat(ids(takeNow(w1, 1))).containsExactly(job.id());

        assertThat(scheduler.jobFinished(w2, JobResult.success(job.id(), "forged".getBytes(), null))).isFalse();
        assertThat(scheduler.jobFinished(w2, JobResult.retry(job.id(), Retry.because("forged")))).isFalse();
        assertThat(ticket.result()).isNotDone();

        JobResult real = JobResult.success(job.id(), "real".getBytes(), null);
        assertThat(scheduler.jobFinished(w1, real)).isTrue();
        assertThat(ticket.result().get(1, TimeUnit.SECONDS).stdout()).isEqualTo("real".getBytes());
        assertThat(scheduler.holders(job.id())).containsExactly(w1);
    }

    @Test
    void rightAfterARestartTheWorkersKnownBeforeMaySpeakOfJobsThisSchedulerNeverHandedThem() throws Exception {
        scheduler.recover(List.of(w1), Duration.ofSeconds(5), Duration.ofMinutes(1));
        Job resubmitted = job("resubmitted");
        JobTicket ticket = scheduler.submit(resubmitted, Map.of());
        Job noBuildYet = job("no build yet");

        // w1 finished these while the coordinator was away; w2 is a newcomer.
        assertThat(scheduler.jobFinished(w2, JobResult.success(resubmitted.id(), null, null))).isFalse();
        assertThat(scheduler.jobFinished(w1, JobResult.success(resubmitted.id(), null, null))).isTrue();
        assertThat(ticket.result().get(1, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(scheduler.jobFinished(w1, JobResult.success(noBuildYet.id(), null, null)))
                .as("kept for the build coming back").isTrue();
        assertThat(scheduler.holders(noBuildYet.id())).containsExactly(w1);

        clock.advance(Duration.ofMinutes(1));
        Job later = job("later");
        scheduler.submit(later, Map.of());
        assertThat(scheduler.jobFinished(w1, JobResult.success(later.id(), null, null)))
                .as("after the window, only what it was handed").isFalse();
    }

    @Test
    void aJobFinishedAfterTheRestartIsNotClaimedAsRunningWhenItsBuildComesBack() throws Exception {
        scheduler.recover(List.of(w1), Duration.ofSeconds(5), Duration.ofMinutes(1));
        Job job = job("finished meanwhile");
        scheduler.heartbeat(w1, List.of(), List.of(job.id()), List.of()); // still running it, no build yet
        scheduler.heartbeat(w1, List.of(job.id()), List.of(), List.of(job.id()));
        assertThat(scheduler.jobFinished(w1, JobResult.success(job.id(), null, null))).isTrue();

        JobTicket ticket = scheduler.submit(job, Map.of());

        assertThat(ticket.result()).as("not taken as still running on w1").isNotDone();
        assertThat(ids(takeNow(w1, 1))).as("handed to w1, which replays it from its cache").containsExactly(job.id());
    }

    @Test
    void aWorkerCannotTakeAJobBySayingItRunsIt() throws Exception {
        Job job = job("queued");
        JobTicket ticket = scheduler.submit(job, Map.of());

        scheduler.heartbeat(w2, List.of(), List.of(job.id()), List.of());

        assertThat(takeNow(w2, 0).cancelled()).as("told to stop what it was never given").containsExactly(job.id());
        assertThat(scheduler.jobFinished(w2, JobResult.success(job.id(), null, null))).isFalse();
        assertThat(ids(takeNow(w1, 1))).as("still queued for a real worker").containsExactly(job.id());
        assertThat(ticket.result()).isNotDone();
    }

    @Test
    void runningJobThatNoBuildWantsIsCancelledOnItsWorker() throws Exception {
        Id stray = id("stray");
        scheduler.heartbeat(w1, List.of(), List.of(stray), List.of());
        assertThat(takeNow(w1, 1).cancelled()).containsExactly(stray);
    }

    @Test
    void failedResultIsDeliveredAndNotRecordedAsAnArtifact() throws Exception {
        Job job = job("fails");
        JobTicket ticket = scheduler.submit(job, Map.of());
        takeNow(w1, 1);
        scheduler.jobFinished(w1, new JobResult(job.id(), null, "boom".getBytes(StandardCharsets.UTF_8), 2, null));

        assertThat(ticket.result().get(1, TimeUnit.SECONDS).exitCode()).isEqualTo(2);
        assertThat(scheduler.locate(job.id())).isEmpty();
    }

    @Test
    void pollAsksForNoMoreThanItsFreeSlots() throws Exception {
        for (int i = 0; i < 5; i++) {
            scheduler.submit(job("j" + i), Map.of());
        }
        assertThat(takeNow(w1, 2).jobs()).hasSize(2);
        assertThat(takeNow(w1, 0).jobs()).isEmpty();
        assertThat(takeNow(w2, 10).jobs()).hasSize(3);
    }

    @Test
    void shutdownEndsWaitingPollsAndFailsTickets() throws Exception {
        Future<Dispatch> waiting = threads.submit(() -> scheduler.poll(w1, 0, LONG));
        JobTicket ticket = scheduler.submit(job("never"), Map.of());
        scheduler.shutdown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
        assertThatThrownBy(() -> ticket.result().get()).isInstanceOf(CancellationException.class);
    }

    @Test
    void theViewSaysWhyEachQueuedJobWaits() {
        Job cached = job("cached");
        Job dep = job("dep");
        Job user = job("user", dep);
        Job plain = job("plain");
        scheduler.heartbeat(w1, List.of(cached.id(), dep.id()), List.of(), List.of());
        scheduler.submit(user, Map.of());
        clock.advance(Duration.ofMillis(1));
        scheduler.submit(cached, Map.of());
        assertThat(scheduler.view(10).waiting()).extracting(waiting -> waiting.job().name() + ": " + waiting.reason())
                .containsExactly(
                        "user: waiting for http://127.0.0.1:1001, which holds its deps (any worker may take it in 99 ms)",
                        "cached: cached on http://127.0.0.1:1001: waiting for it to take the job (others may in 10 ms)");

        clock.advance(WORKER_TIMEOUT.plusSeconds(1));
        scheduler.submit(plain, Map.of());
        SchedulerView view = scheduler.view(2);
        assertThat(view.waitingTotal()).isEqualTo(3);
        assertThat(view.waiting()).as("the longest waiting first, at most as many as asked")
                .extracting(waiting -> waiting.job().name() + ": " + waiting.reason())
                .containsExactly("user: no live worker", "cached: no live worker");
        assertThat(view.workers()).allSatisfy(worker -> assertThat(worker.alive()).isFalse());
    }

    // ---- which cache announcements are believed (w3 is trusted with nothing) ---------------------

    @Test
    void anArtifactAWorkerWasNeverGivenDoesNotCountAsHeldAndItsJobIsNotItsToReplay() {
        WorkerId stranger = new WorkerId("http://127.0.0.1:1003");
        Job wanted = job("wanted");
        scheduler.heartbeat(stranger, List.of(wanted.id()), List.of(), List.of());
        scheduler.submit(wanted, Map.of());

        assertThat(scheduler.holders(wanted.id())).isEmpty();
        assertThat(takeNow(stranger, 1).isEmpty()).as("not offered as a cache hit: it must wait like anyone").isFalse();
        // It was simply the next job for anyone; now handed to it, its artifact is its to announce.
        scheduler.heartbeat(stranger, List.of(wanted.id()), List.of(wanted.id()), List.of());
        assertThat(scheduler.holders(wanted.id())).containsExactly(stranger);
    }

    @Test
    void aWorkerHandedAJobMayAnnounceItsArtifactAndItsDepsAndStillMayAfterItWasThoughtDead() {
        WorkerId honest = new WorkerId("http://127.0.0.1:1003");
        Job dep = job("dep");
        Job other = job("other");
        Job user = job("user", dep);
        scheduler.heartbeat(w1, List.of(dep.id()), List.of(), List.of());
        scheduler.submit(user, Map.of());
        clock.advance(DEPS_TIMEOUT);
        assertThat(ids(takeNow(honest, 1))).containsExactly(user.id());

        scheduler.heartbeat(honest, List.of(dep.id(), user.id(), other.id()), List.of(user.id()), List.of());
        assertThat(scheduler.holders(dep.id())).as("fetched for the job it was given").contains(honest);
        assertThat(scheduler.holders(user.id())).containsExactly(honest);
        assertThat(scheduler.holders(other.id())).as("never given").isEmpty();

        clock.advance(WORKER_TIMEOUT.plusSeconds(1));
        assertThat(scheduler.liveWorkers()).doesNotContain(honest);
        scheduler.heartbeat(honest, List.of(dep.id(), user.id()), List.of(), List.of());
        assertThat(scheduler.holders(dep.id())).as("restarted on its cache, it is believed again").contains(honest);
    }

    @Test
    void afterARestartAWorkerTheLastCoordinatorKnewIsBelievedForItsWholeCacheWhileItMayClaim() {
        WorkerId before = new WorkerId("http://127.0.0.1:1003");
        WorkerId newcomer = new WorkerId("http://127.0.0.1:1004");
        scheduler.recover(List.of(before), Duration.ofSeconds(5), Duration.ofMinutes(1));
        Job old = job("old");

        scheduler.heartbeat(before, List.of(old.id()), List.of(), List.of());
        scheduler.heartbeat(newcomer, List.of(old.id()), List.of(), List.of());

        assertThat(scheduler.holders(old.id())).containsExactly(before);
    }

    private void awaitWaitingPolls(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.waitingPolls() == count);
    }

    private Dispatch takeNow(WorkerId worker, int slots) {
        return scheduler.takeNow(worker, slots);
    }

    private static List<Id> ids(Dispatch dispatch) {
        return dispatch.jobs().stream().map(a -> a.job().id()).toList();
    }

    private static Job job(String name, Job... deps) {
        return new Job(id(name), name, List.of(), Arrays.stream(deps).map(Job::id).toList(),
                List.of(new Cmd.Exec(List.of("true"))));
    }

    private static Id id(String seed) {
        return Id.ofContent(seed.getBytes(StandardCharsets.UTF_8));
    }

}
