package distbuild.worker;

import java.util.Collection;

/** Waiting for threads to end during a close, which must finish its job even if interrupted. */
final class Joining {
    private Joining() {}

    /** Joins every thread; an interrupt meanwhile does not cut the wait short but is restored afterwards. */
    static void joinAll(Collection<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
