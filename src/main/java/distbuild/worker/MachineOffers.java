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
 * worker starts taking jobs without waiting for that.
 */
final class MachineOffers implements Supplier<WorkerOffers> {
    private volatile WorkerOffers current;

    MachineOffers(Set<String> labels) {
        this.current = WorkerOffers.ofThisMachine(labels);
    }

    /** Reads the machine's compilers in a virtual thread of its own; they join the offers when read. */
    void findCompilers(Logger log) {
        Thread.ofVirtual().name("compilers").start(() -> {
            try {
                var compilers = Compilers.onThisMachine();
                current = current.withToolchains(compilers);
                log.info("this machine's compilers: {} programs listed for jobs planned with them", compilers.size());
            } catch (RuntimeException e) {
                log.warn("cannot list this machine's compilers ({}); each job's programs are checked as it runs", e.toString());
            }
        });
    }

    @Override
    public WorkerOffers get() {
        return current;
    }
}
