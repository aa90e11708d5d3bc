package distbuild.worker;

import distbuild.model.JobResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rest of a job's chain, run on a thread of its own so that something outside it — its
 * deadline, a limit it went over — can stop it: the thread is interrupted, which kills the job's
 * whole process tree, and is waited for, so that nothing of the job runs once this returns.
 */
final class StoppableCommands {
    private final CompletableFuture<JobResult> result = new CompletableFuture<>();
    private final Thread thread;

    private StoppableCommands(JobExecutor next, JobRun run) {
        this.thread = Thread.ofVirtual().name("job-" + run.jobId().shortHex() + "-commands").start(() -> {
            try {
                result.complete(next.execute(run));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
    }

    static StoppableCommands start(JobExecutor next, JobRun run) {
        return new StoppableCommands(next, run);
    }

    /**
     * The job's result; or empty, with the job stopped, if {@code stop} completed or {@code timeoutNanos}
     * passed first. A job that finished just as it was stopped keeps its result. An interrupt (the job
     * cancelled) stops it too, and is thrown.
     */
    Optional<JobResult> await(CompletableFuture<?> stop, long timeoutNanos) throws Exception {
        try {
            CompletableFuture.anyOf(result, stop).get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the deadline passed, or the result is a failure, read below
        } catch (InterruptedException e) {
            stopAndWait();
            throw e;
        }
        if (!result.isDone()) {
            stopAndWait();
            if (result.isCompletedExceptionally()) {
                return Optional.empty(); // whatever it threw on the way out, it was stopped
            }
        }
        try {
            return Optional.of(result.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Interrupts the commands (their processes are killed) and waits until they are gone. */
    private void stopAndWait() {
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
