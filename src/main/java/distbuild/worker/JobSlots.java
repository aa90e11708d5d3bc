package distbuild.worker;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.Retry;
import distbuild.protocol.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The jobs running on this worker, one virtual thread each, in a fixed number of slots. Owns
 * those threads: cancelling a job interrupts its thread (which kills its processes), and
 * closing stops them all and waits for them.
 *
 * <p>A cancelled job keeps its slot until its processes are gone, but is no longer listed as
 * running. If the coordinator hands out the same job again meanwhile (a build cancelled and
 * started again), it starts as soon as the old run has ended.
 */
final class JobSlots implements AutoCloseable {
    private final Logger log;
    private final int slots;
    private final ScratchSpace scratch;
    private final JobExecutor executor;
    private final Consumer<JobResult> onFinished;
    private final Map<Id, Thread> running = new LinkedHashMap<>();
    private final Set<Id> cancelled = new HashSet<>();
    private final Map<Id, JobSpec> wantedAgain = new LinkedHashMap<>();
    /** Results being handed to {@code onFinished} right now. */
    private int reporting;
    private boolean closed;

    JobSlots(Logger log, int slots, Path scratchRoot, JobExecutor executor, Consumer<JobResult> onFinished) {
        this.log = log;
        this.slots = slots;
        this.scratch = new ScratchSpace(log, scratchRoot);
        this.executor = executor;
        this.onFinished = onFinished;
    }

    /** The jobs running and the slots free, taken together so that each job is counted exactly once. */
    record Occupancy(List<Id> running, int free) {}

    synchronized Occupancy occupancy() {
        List<Id> listed = new ArrayList<>();
        for (Id id : running.keySet()) {
            if (!cancelled.contains(id) || wantedAgain.containsKey(id)) {
                listed.add(id);
            }
        }
        return new Occupancy(listed, Math.max(0, slots - running.size()));
    }

    /** Starts the job unless it already runs here. More jobs than slots still run (the coordinator decides). */
    synchronized void start(JobSpec spec) {
        if (closed) {
            return;
        }
        if (running.containsKey(spec.id())) {
            if (cancelled.contains(spec.id())) {
                wantedAgain.put(spec.id(), spec);
            }
            return;
        }
        if (running.size() >= slots) {
            log.warn("given job {} with all {} slots busy; running it anyway", spec.job().describe(), slots);
        }
        Thread thread = Thread.ofVirtual().name("job-" + spec.id().shortHex()).unstarted(() -> run(spec));
        running.put(spec.id(), thread);
        thread.start();
    }

    /** Stops a running job; it reports nothing, since nobody waits for it. */
    synchronized void cancel(Id id) {
        wantedAgain.remove(id);
        Thread thread = running.get(id);
        if (thread != null && cancelled.add(id)) {
            log.info("cancelling job {}: no build wants it any more", id.shortHex());
            thread.interrupt();
        }
    }

    private void run(JobSpec spec) {
        JobResult result = null;
        Path dir = null;
        // Every line logged about this job on its thread names it (--log-format json shows it as mdc.job).
        MDC.put("job", spec.id().hex());
        try {
            dir = scratch.take();
            long started = System.nanoTime();
            result = executor.execute(JobRun.start(spec, dir));
            log.debug("job {} done in {} ms: {}", spec.job().describe(), (System.nanoTime() - started) / 1_000_000,
                    result.succeeded() ? "ok" : result.failure());
        } catch (InterruptedException e) {
            log.debug("job {} stopped", spec.job().describe());
        } catch (Exception e) {
            log.error("job {} broke the worker's machinery", spec.job().describe(), e);
            result = JobResult.retry(spec.id(), Retry.because("the worker failed to run the job: " + describe(e)));
        } finally {
            if (dir != null) {
                scratch.giveBack(dir);
            }
        }
        boolean report;
        synchronized (this) {
            running.remove(spec.id());
            report = !cancelled.remove(spec.id()) && !closed && result != null;
            if (report) {
                reporting++;
            }
            JobSpec again = wantedAgain.remove(spec.id());
            if (again != null) {
                start(again);
            }
            notifyAll(); // a drain may wait for the slots to empty
        }
        if (report) {
            try {
                onFinished.accept(result);
            } finally {
                synchronized (this) {
                    reporting--;
                    notifyAll();
                }
            }
        }
    }

    /** Waits until no job runs here and every result was handed on; false if some still run after {@code timeout}. */
    synchronized boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() || reporting > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops every running job and waits for each to be gone; an interrupt is kept for the caller. */
    @Override
    public void close() {
        List<Thread> threads;
        synchronized (this) {
            closed = true;
            threads = new ArrayList<>(running.values());
        }
        threads.forEach(Thread::interrupt);
        Joining.joinAll(threads);
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
