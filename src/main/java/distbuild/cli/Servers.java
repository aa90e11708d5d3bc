package distbuild.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server command running until the process is told to stop (Ctrl-C, SIGTERM). */
final class Servers {
    private Servers() {}

    /**
     * Blocks forever; on shutdown (Ctrl-C, SIGTERM), closes {@code resources} in the given order
     * and exits 0 — a stop that was asked for is a success, not the 143 of a killed JVM.
     */
    static void runUntilStopped(AutoCloseable... resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean clean = true;
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    clean = false;
                    System.err.println("while stopping: " + Problems.describe(e));
                }
            }
            stopped.countDown();
            System.err.flush();
            Runtime.getRuntime().halt(clean ? 0 : Main.ERROR);
        }, "shutdown"));
        stopped.await();
    }
}
