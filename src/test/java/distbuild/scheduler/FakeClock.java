package distbuild.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the test says so, and tells the scheduler when it does. */
final class FakeClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public long nanos() {
        return now.get();
    }

    @Override
    public void onJump(Runnable listener) {
        listeners.add(listener);
    }

    void advance(Duration by) {
        now.addAndGet(by.toNanos());
        listeners.forEach(Runnable::run);
    }
}
