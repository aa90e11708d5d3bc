package distbuild.scheduler;

import distbuild.model.Id;
import org.slf4j.MDC;

/**
 * Names a job, and the build it is for when known, on the log lines written inside it
 * ({@code mdc.job} and {@code mdc.build} with {@code --log-format json}), whatever thread writes
 * them: a heartbeat's, or the one that completes a result. What the thread had named before comes
 * back on close.
 */
public final class LogContext implements AutoCloseable {
    private static final String JOB = "job";
    private static final String BUILD = "build";

    private final String jobBefore;
    private final String buildBefore;
    private final boolean namesBuild;

    private LogContext(Id build, Id job) {
        jobBefore = MDC.get(JOB);
        buildBefore = MDC.get(BUILD);
        namesBuild = build != null;
        MDC.put(JOB, job.hex());
        if (namesBuild) {
            MDC.put(BUILD, build.hex());
        }
    }

    /** Lines about a job that builds may share: no one build is named. */
    public static LogContext aboutJob(Id job) {
        return new LogContext(null, job);
    }

    public static LogContext aboutJob(Id build, Id job) {
        return new LogContext(build, job);
    }

    @Override
    public void close() {
        restore(JOB, jobBefore);
        if (namesBuild) {
            restore(BUILD, buildBefore);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
