package distbuild.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops a process together with everything it started, politely first. */
final class ProcessTree {
    private static final long GRACE_MILLIS = 2_000;

    private ProcessTree() {}

    /** Sends SIGTERM to the process and all its descendants, then SIGKILL to any left after a grace period. */
    static void kill(ProcessHandle process) {
        // Take the descendants before the parent dies: orphans are re-parented and could no longer be found.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception stillRunningOrInterrupted) {
                // fall through to the forcible kill below
            }
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }
}
