package distbuild.cli;

import distbuild.sandbox.JobLimits;
import distbuild.sandbox.Sandbox;
import distbuild.sandbox.SandboxPolicy;
import picocli.CommandLine.Option;

/** {@code --sandbox} and the limits of a sandboxed job, shared by {@code worker} and {@code local}. */
final class SandboxOptions {
    @Option(names = "--sandbox", description = {"Run every job under bubblewrap: the system read-only, its inputs and",
        "deps read-only, the worker's data and credentials hidden, no network, its own PID namespace,",
        "no capabilities, as a user of its own when the worker runs as root, within the --job-* limits."})
    boolean sandbox;

    @Option(names = "--job-memory", converter = Converters.Size.class, paramLabel = "SIZE",
            description = "With --sandbox: the memory a job may use (default: 3/4 of the machine's memory shared among the slots, at least 1G).")
    Long memory;

    @Option(names = "--job-processes", paramLabel = "N",
            description = "With --sandbox: the processes a job may have at once (default: " + JobLimits.DEFAULT_PROCESSES + ").")
    Integer processes;

    @Option(names = "--job-open-files", paramLabel = "N",
            description = "With --sandbox: the files each process of a job may have open (default: " + JobLimits.DEFAULT_OPEN_FILES + ").")
    Integer openFiles;

    @Option(names = "--job-disk", converter = Converters.Size.class, paramLabel = "SIZE",
            description = "With --sandbox: what a job may write, all its files together and any one file (default: 16G).")
    Long disk;

    @Option(names = "--job-uids", paramLabel = "FIRST",
            description = {"With --sandbox, on a worker running as root: the first of the 4096 host user IDs its jobs run as",
                "(default: " + Sandbox.DEFAULT_FIRST_JOB_UID + ")."})
    Integer firstJobUid;

    /** The sandbox's policy for a worker of {@code slots} slots; null without {@code --sandbox}. */
    SandboxPolicy policy(int slots) {
        if (!sandbox) {
            String given = memory != null ? "--job-memory" : processes != null ? "--job-processes"
                    : openFiles != null ? "--job-open-files" : disk != null ? "--job-disk" : firstJobUid != null ? "--job-uids" : null;
            if (given != null) {
                throw new IllegalArgumentException(given + " limits sandboxed jobs: give --sandbox too");
            }
            return null;
        }
        SandboxPolicy defaults = SandboxPolicy.defaults(slots);
        JobLimits limits = defaults.limits();
        if (memory != null) {
            limits = limits.withMemory(memory);
        }
        if (processes != null) {
            limits = limits.withProcesses(processes);
        }
        if (openFiles != null) {
            limits = limits.withOpenFiles(openFiles);
        }
        if (disk != null) {
            limits = limits.withDisk(disk);
        }
        return new SandboxPolicy(limits, firstJobUid != null ? firstJobUid : defaults.firstJobUid());
    }
}
