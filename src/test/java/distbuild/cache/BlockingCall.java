package distbuild.cache;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call run on a thread of its own, so a test can watch it block and then release it — without
 * sleeping: it waits (with a deadline) for the thread to be parked.
 */
final class BlockingCall<T> {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Thread thread;

    private BlockingCall(Callable<T> call) {
        thread = Thread.ofPlatform().name("blocking-call").start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
    }

    static <T> BlockingCall<T> start(Callable<T> call) {
        return new BlockingCall<>(call);
    }

    /** Waits until the call is parked, that is blocked on a lock or condition, and has not returned. */
    BlockingCall<T> awaitBlocked() {
        await().atMost(DEADLINE).until(() -> thread.getState() == Thread.State.WAITING || result.isDone());
        if (result.isDone()) {
            throw new AssertionError("expected the call to block, but it returned " + result.handle((value, e) -> e != null ? e : value).join());
        }
        return this;
    }

    void interrupt() {
        thread.interrupt();
    }

    /** The call's result; rethrows what it threw, as the cause of an ExecutionException. */
    T result() throws ExecutionException, InterruptedException, TimeoutException {
        return result.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
