package distbuild.sandbox;

/**
 * What a worker's sandbox holds its jobs to, as its command line chose.
 *
 * @param limits what each job may use
 * @param firstJobUid the first of the host users that jobs run as when the worker runs as root
 */
public record SandboxPolicy(JobLimits limits, int firstJobUid) {
    public SandboxPolicy {
        java.util.Objects.requireNonNull(limits, "limits");
        // File sizes are set in 512-byte blocks where the shell sets them: a limit of whole blocks means the same everywhere.
        limits = limits.withDisk(limits.diskBytes() / 512 * 512);
        if (firstJobUid < 1 || firstJobUid > Integer.MAX_VALUE - JobUsers.RANGE) {
            throw new IllegalArgumentException("job users start at a user ID from 1 to " + (Integer.MAX_VALUE - JobUsers.RANGE)
                    + " (root's is 0), got " + firstJobUid);
        }
    }

    /** The defaults for a worker of {@code slots} slots. */
    public static SandboxPolicy defaults(int slots) {
        return new SandboxPolicy(JobLimits.defaults(slots), Sandbox.DEFAULT_FIRST_JOB_UID);
    }
}
