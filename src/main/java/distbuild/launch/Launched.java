package distbuild.launch;

/** A process started by a {@link Launcher}. */
public interface Launched {
    /**
     * Waits for the process to end and returns its exit code: 128 plus the signal's number when
     * a signal ended it, as a shell reports it.
     */
    int waitFor() throws InterruptedException;

    /** Stops the process and everything it started (politely first), and waits until it has. */
    void killTree();

    /** A process the JDK started (one whose standard input the caller writes, say). */
    static Launched of(Process process) {
        return new JdkLauncher.Started(process);
    }
}
