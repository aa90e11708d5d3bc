package distbuild.soak;

/** The faults a soak inflicts on its cluster, one at a time. */
public enum FaultKind {
    /** A worker SIGKILLed, then started again on its data directory and port a moment later, as a machine that crashed and rebooted. */
    WORKER_KILL("worker killed and restarted"),
    /** A worker SIGSTOPped for a while and then let go on, as a machine that froze (long enough to be taken for dead). */
    WORKER_PAUSE("worker paused"),
    /** The coordinator SIGKILLed, then started again on its port and data directory. */
    COORDINATOR_RESTART("coordinator killed and restarted");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
