package distbuild.sandbox;

import distbuild.model.ByteSizes;
import distbuild.model.JobResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One job run held in its sandbox: the user it runs as, its control group and the watch on what
 * it writes, from before its first command until its processes are gone. Every command of the job
 * is wrapped by {@link #wrap}; {@link #close} gives the user back and removes the group.
 */
public final class Confinement implements AutoCloseable {
    /** The exit code of a process killed by SIGXFSZ (128 + 25): it wrote past RLIMIT_FSIZE. */
    private static final int FILE_TOO_LARGE = 128 + 25;

    private final Sandbox sandbox;
    private final JobTree tree;
    /** Where parts of the tree are seen, resolved once before the first command. */
    private final List<MountPlan.Bind> seenAt;
    private final JobUsers.Lease user;
    private final JobGroup group;
    /** Whether the group is kept for the job user's next job (emptied, not removed, at the end). */
    private final boolean keptGroup;
    private final JobGroup.Counters before;
    private final DiskWatch diskWatch;

    Confinement(Sandbox sandbox, JobTree tree, List<MountPlan.Bind> seenAt, JobUsers.Lease user, JobGroup group,
            boolean keptGroup, DiskWatch diskWatch) {
        this.sandbox = sandbox;
        this.tree = tree;
        this.seenAt = List.copyOf(seenAt);
        this.user = user;
        this.group = group;
        this.keptGroup = keptGroup;
        this.before = group == null ? null : group.counters();
        this.diskWatch = diskWatch;
    }

    /** The command line that runs {@code argv} in the job's sandbox, starting in {@code workDir}. */
    public List<String> wrap(List<String> argv, Path workDir) throws IOException {
        return sandbox.commandLine(argv, workDir, tree, seenAt, user == null ? null : user.uid(), group);
    }

    /** Completes, with why, once the job has written more than its limit: then it must be stopped. */
    public CompletableFuture<String> overDiskLimit() {
        return diskWatch.exceeded();
    }

    /**
     * The job's result told in the words of the limit it hit, if it failed for one: a process the
     * kernel killed at the memory limit exits 137 and prints nothing of why, a fork that failed at
     * the process limit leaves only the shell's "Cannot fork".
     */
    public JobResult explain(JobResult result) {
        if (result.error() != null) {
            return result;
        }
        JobLimits limits = sandbox.limits();
        String why = null;
        java.util.Optional<String> overDisk = diskWatch.overLimit();
        if (overDisk.isPresent()) {
            why = overDisk.get(); // even if it succeeded: what it wrote is more than a job may leave
        } else if (result.succeeded()) {
            return result;
        } else if (group != null && group.memoryKills() > before.memoryKills()) {
            why = "it ran out of memory: the kernel killed one of its processes at its limit of "
                    + ByteSizes.describe(limits.memoryBytes()) + " (--job-memory)";
        } else if (result.exitCode() == FILE_TOO_LARGE) {
            why = "a file it wrote reached its limit of " + ByteSizes.describe(limits.diskBytes()) + " (--job-disk)";
        } else if (group != null && group.processLimitHits() > before.processLimitHits()) {
            why = "it reached its limit of " + limits.processes() + " processes at once (--job-processes)";
        }
        if (why == null) {
            return result;
        }
        return new JobResult(result.jobId(), result.stdout(), result.stderr(), result.exitCode(),
                result.exitCode() == 0 ? why : "exit code " + result.exitCode() + ": " + why, result.provenance(), result.retry());
    }

    /**
     * Gives the job's output back to the worker, with plain modes — once no process of the job is
     * left, since the worker (root) must not act on paths a running job can still change.
     */
    public void handBackOutput() throws IOException {
        if (user != null && tree.outputDir() != null) {
            if (group != null) {
                // Every process of the job is in its group (its first entered it before anything ran, and
                // a job user cannot move one out: the groups are root's), so an empty group is the proof.
                if (!group.empty()) {
                    throw new IOException("processes of the job are still in its control group 5 s after it ended;"
                            + " its output is not taken");
                }
            } else {
                awaitNoProcessOf(user.uid()); // without a group, only the machine's process table tells
            }
            Ownership.takeBack(tree.outputDir(), Ownership.processUid(), Ownership.processGid());
        }
    }

    /** Waits (5 s at most) until no process runs as the job's own user: its PID namespace is torn down in a moment. */
    private static void awaitNoProcessOf(int uid) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (Ownership.anyProcessOf(uid)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("processes of the job's user " + uid + " are still running 5 s after it ended;"
                        + " its output is not taken");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @Override
    public void close() throws IOException {
        diskWatch.close();
        try {
            if (group != null && keptGroup) {
                group.empty(); // before the user goes back: the next job of that user must find it empty
            } else if (group != null) {
                group.close();
            }
        } finally {
            if (user != null) {
                user.close();
            }
        }
    }
}
