package distbuild.worker;

import distbuild.model.JobResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/**
 * Stops a job whose commands run longer than its timeout: at the deadline the commands are
 * stopped (their whole process tree killed, as a cancel does), and the job fails with "timed out
 * after …" and what it printed until then.
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
        Optional<JobResult> result = StoppableCommands.start(next, run).await(new CompletableFuture<>(), limit.get().toNanos());
        if (result.isPresent()) {
            return result.get();
        }
        log.info("job {} timed out after {}", run.spec().job().describe(), describe(limit.get()));
        return CommandExecutor.stoppedWithOutput(run, outputLimit, "timed out after " + describe(limit.get())
                + "; its processes were killed");
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
