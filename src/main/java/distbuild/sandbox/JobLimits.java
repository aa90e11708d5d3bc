package distbuild.sandbox;

/**
 * What one sandboxed job may use at most. A job that goes over a limit fails alone: its worker,
 * its neighbours and the machine carry on.
 *
 * @param memoryBytes memory of all the job's processes together where a memory cgroup can be
 *     used; otherwise the data segment of each process (RLIMIT_DATA)
 * @param processes processes (and threads) at once: a cgroup's pids limit where one can be used,
 *     else an RLIMIT_NPROC on the job's own user (or on the worker's, shared by its jobs)
 * @param openFiles open files per process (RLIMIT_NOFILE)
 * @param diskBytes bytes the job may write: its tree, its output and its /tmp together, and any one
 *     file, its printed output included (RLIMIT_FSIZE)
 */
public record JobLimits(long memoryBytes, int processes, int openFiles, long diskBytes) {
    /** A memory limit below this cannot run a compiler; it is a mistake, not a choice. */
    static final long LEAST_MEMORY = 64L << 20;

    public JobLimits {
        if (memoryBytes < LEAST_MEMORY) {
            throw new IllegalArgumentException("a job needs at least 64M of memory, got " + memoryBytes + " bytes");
        }
        if (processes < 16) {
            throw new IllegalArgumentException("a job needs at least 16 processes, got " + processes);
        }
        if (openFiles < 64) {
            throw new IllegalArgumentException("a job needs at least 64 open files, got " + openFiles);
        }
        if (diskBytes < 1L << 20) {
            throw new IllegalArgumentException("a job needs at least 1M of disk, got " + diskBytes + " bytes");
        }
    }

    public static final int DEFAULT_PROCESSES = 1024;
    public static final int DEFAULT_OPEN_FILES = 8192;
    public static final long DEFAULT_DISK_BYTES = 16L << 30;

    /**
     * The defaults for a worker of {@code slots} slots: three quarters of the machine's memory
     * shared among its slots (at least 1 GiB each), so that jobs running at once cannot take all of it.
     */
    public static JobLimits defaults(int slots) {
        return new JobLimits(defaultMemory(slots), DEFAULT_PROCESSES, DEFAULT_OPEN_FILES, DEFAULT_DISK_BYTES);
    }

    public static long defaultMemory(int slots) {
        long physical = physicalMemory();
        return Math.max(1L << 30, physical / 4 * 3 / Math.max(1, slots));
    }

    private static long physicalMemory() {
        var system = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (system instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 4L << 30;
    }

    public JobLimits withMemory(long bytes) {
        return new JobLimits(bytes, processes, openFiles, diskBytes);
    }

    public JobLimits withProcesses(int count) {
        return new JobLimits(memoryBytes, count, openFiles, diskBytes);
    }

    public JobLimits withOpenFiles(int count) {
        return new JobLimits(memoryBytes, processes, count, diskBytes);
    }

    public JobLimits withDisk(long bytes) {
        return new JobLimits(memoryBytes, processes, openFiles, bytes);
    }

}
