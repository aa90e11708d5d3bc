package distbuild.scheduler;

/**
 * The scheduler's source of time: monotonic nanoseconds. Tests use a clock they move by hand;
 * such a clock tells its listeners when it jumps so that waiters re-check their deadlines.
 */
public interface Clock {
    long nanos();

    /** Registers a callback for time jumps. The system clock never jumps, so this is a no-op there. */
    default void onJump(Runnable listener) {}

    static Clock system() {
        return System::nanoTime;
    }
}
