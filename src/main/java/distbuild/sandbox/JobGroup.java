package distbuild.sandbox;

import distbuild.sandbox.ControlGroups.Controller;
import distbuild.sandbox.ControlGroups.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A job's control group (a directory in each hierarchy its controllers live in): entered by the
 * job's first process before it runs anything, read for what the kernel did when a limit was hit,
 * emptied — any process still in it killed — when the job is done, and then kept for the next job
 * of the same job user (making and removing a memory cgroup costs milliseconds, as much as a small
 * job) or removed. Its counters only grow, so a job reads them against where they stood when it
 * began ({@link #counters}).
 */
final class JobGroup implements AutoCloseable {
    private static final long REMOVE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Map<Path, Version> dirs;
    private final Map<Controller, Path> byController;

    JobGroup(Map<Path, Version> dirs, Map<Controller, Path> byController) {
        this.dirs = Map.copyOf(dirs);
        this.byController = Map.copyOf(byController);
    }

    /** The files a process writes its PID to, one per hierarchy, to enter the group. */
    List<Path> procsFiles() {
        return dirs.keySet().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    /** Where the group's counters stand: memory kills, then process-limit hits. */
    record Counters(long memoryKills, long processLimitHits) {}

    Counters counters() {
        return new Counters(memoryKills(), processLimitHits());
    }

    /**
     * Kills what is left in the group and waits (5 s at most) until it is empty, keeping it for the
     * next job; returns whether it is.
     */
    boolean empty() {
        long deadline = System.nanoTime() + REMOVE_WAIT_NANOS;
        boolean interrupted = Thread.interrupted();
        boolean emptied = true;
        for (Path dir : dirs.keySet()) {
            while (hasProcesses(dir)) {
                if (System.nanoTime() >= deadline) {
                    emptied = false;
                    break;
                }
                killAll(dir);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return emptied;
    }

    private static boolean hasProcesses(Path dir) {
        try {
            return !Files.readString(dir.resolve("cgroup.procs")).isBlank();
        } catch (IOException gone) {
            return false;
        }
    }

    /** How many times the kernel killed one of the group's processes for going over its memory limit. */
    long memoryKills() {
        Path dir = byController.get(Controller.MEMORY);
        if (dir == null) {
            return 0;
        }
        return dirs.get(dir) == Version.V1 ? counter(dir.resolve("memory.oom_control"), "oom_kill")
                : counter(dir.resolve("memory.events"), "oom_kill");
    }

    /** How many times a fork failed because the group had as many processes as it may. */
    long processLimitHits() {
        Path dir = byController.get(Controller.PIDS);
        return dir == null ? 0 : counter(dir.resolve("pids.events"), "max");
    }

    /** A "key value" line of a cgroup's statistics file; 0 where the kernel has no such counter. */
    private static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2 && fields[0].equals(key)) {
                    return Long.parseLong(fields[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // an older kernel without the counter: nothing known
        }
        return 0;
    }

    /**
     * Kills what is left in the group and removes it. A job's processes are normally gone by now
     * (its PID namespace ends with it); a group that stays busy is left for the next start to remove.
     */
    @Override
    public void close() throws IOException {
        long deadline = System.nanoTime() + REMOVE_WAIT_NANOS;
        IOException last = null;
        boolean interrupted = Thread.interrupted();
        for (Path dir : dirs.keySet()) {
            while (true) {
                killAll(dir);
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (NoSuchFileException gone) {
                    break;
                } catch (IOException busy) {
                    if (System.nanoTime() > deadline) {
                        last = busy;
                        break;
                    }
                    // The kernel reaps the killed processes in a moment; an interrupt (a cancel) must not cut this short.
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    interrupted |= Thread.interrupted();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (last != null) {
            throw new IOException("the job's control group " + last.getMessage() + " is still busy", last);
        }
    }

    private static void killAll(Path dir) {
        try {
            for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // removed already, or emptied as we read
        }
    }
}
