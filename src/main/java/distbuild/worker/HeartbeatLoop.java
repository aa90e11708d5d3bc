package distbuild.worker;

import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.JobSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The worker's conversation with the coordinator. One thread polls without pause: each poll
 * offers the free slots and waits (the coordinator holds it) until there is work. A finished
 * job does not wait for that poll to come back: it is reported at once by a second heartbeat,
 * which also offers the freed slot, so the coordinator can hand out the next job in its answer.
 * Our coordinator ends the waiting poll when the report arrives; the next poll, sent once the
 * report is answered, offers whatever is still free.
 */
final class HeartbeatLoop implements Runnable {
    private static final Duration MIN_FAILURE_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_FAILURE_PAUSE = Duration.ofSeconds(2);
    /** An empty answer faster than this means the coordinator does not hold polls: pause instead of spinning. */
    private static final Duration QUICK_ANSWER = Duration.ofMillis(50);
    private static final Duration MIN_IDLE_PAUSE = Duration.ofMillis(20);
    private static final Duration MAX_IDLE_PAUSE = Duration.ofMillis(500);

    private final Logger log;
    private final WorkerId self;
    private final HeartbeatClient coordinator;
    private final JobSlots slots;
    private final Outbox outbox;
    private final Outbox.CacheContents wholeCache;
    private final SlotOffers offers = new SlotOffers();
    private final AtomicLong reportsStarted = new AtomicLong();
    private final Semaphore wakeUp = new Semaphore(0);

    HeartbeatLoop(Logger log, WorkerId self, HeartbeatClient coordinator, JobSlots slots, Outbox outbox,
            Outbox.CacheContents wholeCache) {
        this.log = log;
        this.self = self;
        this.coordinator = coordinator;
        this.slots = slots;
        this.outbox = outbox;
        this.wholeCache = wholeCache;
    }

    @Override
    public void run() {
        Duration failurePause = MIN_FAILURE_PAUSE;
        Duration idlePause = Duration.ZERO;
        int failures = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int offered = offers.reserveForPoll();
                long reportsBefore = reportsStarted.get();
                long sentAt = System.nanoTime();
                HeartbeatResponse response;
                try {
                    response = send(offered);
                } catch (IOException | RuntimeException e) {
                    if (failures++ % 20 == 0) {
                        log.warn("heartbeat to the coordinator failed ({} in a row): {}", failures, e.toString());
                    }
                    pause(failurePause);
                    failurePause = min(failurePause.multipliedBy(2), MAX_FAILURE_PAUSE);
                    continue;
                } finally {
                    offers.release(offered, false);
                }
                if (failures > 0) {
                    log.info("the coordinator answers again after {} failed heartbeats", failures);
                    failures = 0;
                    failurePause = MIN_FAILURE_PAUSE;
                }
                boolean emptyAndQuick = response.jobsToRun().isEmpty() && response.jobsToCancel().isEmpty()
                        && System.nanoTime() - sentAt < QUICK_ANSWER.toNanos();
                if (emptyAndQuick && reportsStarted.get() == reportsBefore && !outbox.hasNews()) {
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

    /** Sends the outbox now, from the calling thread, unless a report is already on its way (it will take it). */
    void reportNow() {
        while (outbox.hasNews()) {
            int offered = offers.reserveForReport();
            if (offered < 0) {
                return;
            }
            try {
                reportsStarted.incrementAndGet();
                send(offered);
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

    /** Sends one heartbeat with all news and {@code offered} slots, and acts on the answer. */
    private HeartbeatResponse send(int offered) throws IOException, InterruptedException {
        Outbox.News news = outbox.take(wholeCache);
        HeartbeatRequest request = new HeartbeatRequest(self, slots.runningJobs(), offered, news.finished(), news.added());
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

    private void pause(Duration duration) throws InterruptedException {
        wakeUp.drainPermits();
        wakeUp.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The slots offered by heartbeats in flight, so that no slot is offered twice. A slot stays
     * reserved until the jobs of the answer have started. At most one report is in flight, and
     * a poll waits for it to be answered, so the poll sees the slots the report did not fill.
     */
    private final class SlotOffers {
        private int onOffer;
        private boolean reportInFlight;

        synchronized int reserveForPoll() throws InterruptedException {
            while (reportInFlight) {
                wait();
            }
            return reserve();
        }

        /** The slots to offer, or -1 if another report is in flight. */
        synchronized int reserveForReport() {
            if (reportInFlight) {
                return -1;
            }
            reportInFlight = true;
            return reserve();
        }

        synchronized void release(int offered, boolean report) {
            onOffer -= offered;
            if (report) {
                reportInFlight = false;
                notifyAll();
            }
        }

        private int reserve() {
            int offered = Math.max(0, slots.free() - onOffer);
            onOffer += offered;
            return offered;
        }
    }
}
