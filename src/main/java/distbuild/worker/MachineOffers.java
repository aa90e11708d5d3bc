package distbuild.worker;

import distbuild.files.Compilers;
import distbuild.model.WorkerOffers;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What this worker's machine offers, as its heartbeats say: at once its OS, architecture, CPUs,
 * memory and labels; its compilers once they are read, in the background (the first time on a
 * machine that reads some tens of megabytes of them; then the digests are remembered), so that a
 * worker starts taking jobs without waiting for that. They are read again every minute (a stat per
 * program while nothing changed): a compiler upgraded on the machine must not keep jobs planned
 * with the new one away from it.
 */
final class MachineOffers implements Supplier<WorkerOffers>, AutoCloseable {
    private static final java.time.Duration READ_AGAIN_EVERY = java.time.Duration.ofMinutes(1);

    private volatile WorkerOffers current;
    private volatile Thread reader;

    MachineOffers(Set<String> labels) {
        this.current = WorkerOffers.ofThisMachine(labels);
    }

    /** Reads the machine's compilers in a virtual thread of its own, and again every minute; they join the offers when read. */
    synchronized void findCompilers(Logger log) {
        if (reader != null) {
            return;
        }
        reader = Thread.ofVirtual().name("compilers").start(() -> {
            boolean first = true;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    var compilers = Compilers.onThisMachine();
                    if (!compilers.equals(current.toolchains())) {
                        current = current.withToolchains(compilers);
                        log.info("this machine's compilers: {} programs listed for jobs planned with them", compilers.size());
                    }
                } catch (RuntimeException e) {
                    if (first) {
                        log.warn("cannot list this machine's compilers ({}); each job's programs are checked as it runs",
                                e.toString());
                    }
                }
                first = false;
                try {
                    Thread.sleep(READ_AGAIN_EVERY);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        });
    }

    /** Stops reading the compilers again. */
    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.interrupt();
        }
    }

    @Override
    public WorkerOffers get() {
        return current;
    }
}
