package distbuild.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server command running until the process is told to stop (Ctrl-C, SIGTERM). */
final class Servers {
    private Servers() {}

    /** Blocks forever; on shutdown, closes {@code resources} in the given order. */
    static void runUntilStopped(AutoCloseable... resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + Problems.describe(e));
                }
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
