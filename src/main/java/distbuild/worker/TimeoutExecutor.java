package distbuild.worker;

import distbuild.model.JobResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * Stops a job whose commands run longer than its timeout: the commands run on a thread of their
 * own, which is interrupted at the deadline (killing the whole process tree, as a cancel does),
 * and the job fails with "timed out after …" and what it printed until then.
 */
final class TimeoutExecutor implements JobExecutor {
    private final Logger log;
    private final int outputLimit;
    private final JobExecutor next;

    TimeoutExecutor(Logger log, int outputLimit, JobExecutor next) {
        this.log = log;
        this.outputLimit = outputLimit;
        this.next = next;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
        Optional<Duration> limit = run.spec().job().maxDuration();
        if (limit.isEmpty()) {
            return next.execute(run);
        }
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        Thread commands = Thread.ofVirtual().name("job-" + run.jobId().shortHex() + "-commands").start(() -> {
            try {
                result.complete(next.execute(run));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        try {
            return result.get(limit.get().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            stop(commands);
            if (result.isDone() && !result.isCompletedExceptionally()) {
                return result.join(); // it finished as the deadline passed: the result stands
            }
            log.info("job {} timed out after {}", run.spec().job().describe(), describe(limit.get()));
            byte[][] output = CommandExecutor.capturedOutput(run, outputLimit);
            return new JobResult(run.jobId(), output[0], output[1], 0, "timed out after " + describe(limit.get())
                    + "; its processes were killed");
        } catch (InterruptedException e) {
            stop(commands);
            throw e;
        }
    }

    /** Interrupts the commands (their processes are killed) and waits until they are gone. */
    private static void stop(Thread commands) {
        commands.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                commands.join();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
