package distbuild.worker;

import distbuild.model.Id;
import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import distbuild.protocol.HeartbeatSender;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.JobSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The worker's conversation with the coordinator. One thread polls: each poll offers the free
 * slots, and the coordinator holds it until there is work. A finished job does not wait for that
 * poll to come back: it is reported at once by a second heartbeat, which also offers the freed
 * slot, so its answer can already carry the next job. If that answer leaves the slot unfilled,
 * our coordinator ends the waiting poll, and the next poll offers every free slot.
 *
 * <p>No slot is offered twice: each heartbeat in flight reserves the slots it offers and gives
 * them back once the jobs of its answer have started.
 */
final class HeartbeatLoop implements Runnable {
    private static final Duration MIN_FAILURE_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_FAILURE_PAUSE = Duration.ofSeconds(2);
    /** An empty answer faster than this means the coordinator does not hold polls: pause instead of spinning. */
    private static final Duration QUICK_ANSWER = Duration.ofMillis(50);
    private static final Duration MIN_IDLE_PAUSE = Duration.ofMillis(20);
    private static final Duration MAX_IDLE_PAUSE = Duration.ofMillis(500);
    private static final Duration GOODBYE_ANSWER = Duration.ofMillis(500);

    private final Logger log;
    private final WorkerId self;
    private final HeartbeatSender coordinator;
    private final JobSlots slots;
    private final Outbox outbox;
    private final Outbox.CacheContents wholeCache;
    private final Supplier<HeartbeatRequest.Stats> stats;
    private volatile boolean draining;
    /** Why the last heartbeat got no answer, or null when it did: what the worker's readiness says. */
    private volatile String lastFailure = "no heartbeat answered yet";
    private final SlotOffers offers = new SlotOffers();
    private final Supplier<WorkerOffers> machine;
    private final AtomicLong reportsStarted = new AtomicLong();
    private final Semaphore wakeUp = new Semaphore(0);

    /**
     * @param stats what the worker tells about itself with each heartbeat (null: nothing)
     * @param machine what its machine offers to jobs that require something of it
     */
    HeartbeatLoop(Logger log, WorkerId self, HeartbeatSender coordinator, JobSlots slots, Outbox outbox,
            Outbox.CacheContents wholeCache, Supplier<HeartbeatRequest.Stats> stats, Supplier<WorkerOffers> machine) {
        this.log = log;
        this.machine = machine;
        this.stats = stats;
        this.self = self;
        this.coordinator = coordinator;
        this.slots = slots;
        this.outbox = outbox;
        this.wholeCache = wholeCache;
    }

    /** Why this worker should get no work now (draining, or its coordinator unreachable), or empty. */
    java.util.Optional<String> notReady() {
        if (draining) {
            return java.util.Optional.of("draining: it takes no more jobs");
        }
        return java.util.Optional.ofNullable(lastFailure);
    }

    @Override
    public void run() {
        Duration failurePause = MIN_FAILURE_PAUSE;
        Duration idlePause = Duration.ZERO;
        int failures = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                wakeUp.drainPermits(); // wake-ups from before this poll are answered by it
                Offer offered = offers.reserveForPoll();
                long reportsBefore = reportsStarted.get();
                long sentAt = System.nanoTime();
                HeartbeatResponse response;
                boolean carriedNews;
                try {
                    Outbox.News news = outbox.take(wholeCache);
                    carriedNews = !news.isEmpty();
                    response = send(offered, news);
                } catch (IOException | RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        break; // the worker is closing: the call was cut off on purpose
                    }
                    lastFailure = "the coordinator does not answer: " + distbuild.http.CallFailure.describe(e);
                    if (failures++ % 20 == 0) {
                        log.warn("heartbeat to the coordinator failed ({} in a row): {}", failures, e.toString());
                    }
                    pause(failurePause);
                    failurePause = min(failurePause.multipliedBy(2), MAX_FAILURE_PAUSE);
                    continue;
                } finally {
                    offers.release(offered, false);
                }
                lastFailure = null;
                if (failures > 0) {
                    log.info("the coordinator answers again after {} failed heartbeats", failures);
                    failures = 0;
                    failurePause = MIN_FAILURE_PAUSE;
                }
                boolean emptyAndQuick = response.jobsToRun().isEmpty() && response.jobsToCancel().isEmpty()
                        && System.nanoTime() - sentAt < QUICK_ANSWER.toNanos();
                // Such an answer is expected when the poll carried news, or a report ended it.
                if (emptyAndQuick && !carriedNews && reportsStarted.get() == reportsBefore && !outbox.hasNews()) {
                    idlePause = idlePause.isZero() ? MIN_IDLE_PAUSE : min(idlePause.multipliedBy(2), MAX_IDLE_PAUSE);
                    pause(idlePause);
                } else {
                    idlePause = Duration.ZERO;
                }
            }
        } catch (InterruptedException stopping) {
            // the worker is closing
        }
        log.debug("heartbeat loop of {} stopped", self);
    }

    /**
     * From now on every heartbeat offers no slots: the worker is draining before it stops. Returns
     * once no heartbeat that offered slots is still out, so every job handed out before is running.
     */
    void stopTakingJobs(Duration timeout) throws InterruptedException {
        draining = true;
        offers.stopOffering();
        wakeUp.release();
        offers.awaitNoneOutstanding(timeout);
    }

    /**
     * A stopping worker's last heartbeat: what finished, and the jobs it still runs — none of those
     * it gave up — so the coordinator hands those to others at once. The coordinator takes the news
     * when the heartbeat arrives; its answer is not waited for long.
     */
    void sayGoodbye() throws InterruptedException {
        try {
            Outbox.News news = outbox.take(wholeCache);
            coordinator.heartbeat(new HeartbeatRequest(self, slots.occupancy().running(), 0, news.finished(), news.added(),
                    news.removed(), true, stats(), machine.get()), GOODBYE_ANSWER);
        } catch (IOException e) {
            log.debug("the last heartbeat got no answer, as may be: {}", e.toString());
        }
    }

    /** Sends the outbox now, from the calling thread, unless a report is already on its way (it will take it). */
    void reportNow() {
        while (outbox.hasNews()) {
            Offer offered = offers.reserveForReport();
            if (offered == null) {
                return;
            }
            try {
                Outbox.News news = outbox.take(wholeCache);
                if (news.isEmpty()) {
                    // A poll took the news: it is answered at once, and the next poll offers the freed slot.
                    // An empty report must not go out, since the coordinator would hold it like a poll.
                    return;
                }
                reportsStarted.incrementAndGet();
                send(offered, news);
            } catch (IOException | RuntimeException e) {
                log.debug("reporting to the coordinator failed; the poll loop will retry: {}", e.toString());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                offers.release(offered, true);
                wakeUp.release(); // a paused poll loop should offer the freed slot now
            }
        }
    }

    private HeartbeatRequest.Stats stats() {
        HeartbeatRequest.Stats told = stats.get();
        return told != null && draining ? told.whileDraining() : told;
    }

    /** Sends one heartbeat with the news and the offered slots, and acts on the answer. */
    private HeartbeatResponse send(Offer offered, Outbox.News news) throws IOException, InterruptedException {
        HeartbeatRequest request = new HeartbeatRequest(self, offered.running(), offered.slots(), news.finished(),
                news.added(), news.removed(), true, stats(), machine.get());
        HeartbeatResponse response;
        try {
            response = coordinator.heartbeat(request);
        } catch (IOException | InterruptedException | RuntimeException e) {
            outbox.undeliverable(news);
            throw e;
        }
        for (JobSpec spec : response.jobsToRun().values()) {
            slots.start(spec);
        }
        response.jobsToCancel().forEach(slots::cancel);
        return response;
    }

    /** Waits, unless a report finished since this round's poll was sent. */
    private void pause(Duration duration) throws InterruptedException {
        wakeUp.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Slots offered by one heartbeat, and the jobs that were running when they were counted. */
    private record Offer(int slots, List<Id> running) {}

    /**
     * The slots offered by heartbeats in flight, so that no slot is offered twice. A slot stays
     * reserved until the jobs of the answer have started. At most one report is in flight, and
     * a poll waits for it to be answered, so the poll sees the slots the report did not fill.
     */
    private final class SlotOffers {
        private int onOffer;
        private boolean reportInFlight;
        private boolean stopped;

        synchronized void stopOffering() {
            stopped = true;
        }

        synchronized void awaitNoneOutstanding(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left; onOffer > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized Offer reserveForPoll() throws InterruptedException {
            while (reportInFlight) {
                wait();
            }
            return reserve();
        }

        /** The slots to offer, or null if another report is in flight. */
        synchronized Offer reserveForReport() {
            if (reportInFlight) {
                return null;
            }
            reportInFlight = true;
            return reserve();
        }

        synchronized void release(Offer offer, boolean report) {
            onOffer -= offer.slots();
            if (report) {
                reportInFlight = false;
            }
            notifyAll();
        }

        private Offer reserve() {
            JobSlots.Occupancy occupancy = slots.occupancy();
            int offered = stopped ? 0 : Math.max(0, occupancy.free() - onOffer);
            onOffer += offered;
            return new Offer(offered, occupancy.running());
        }
    }
}
