package distbuild.reapi;

import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.ExecuteOperationMetadata;
import build.bazel.remote.execution.v2.ExecuteResponse;
import build.bazel.remote.execution.v2.ExecutionStage;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One execution as the API's long-running operation: its stage while it waits and runs, then its
 * response. It lives apart from the streams that watch it, so a client whose stream broke asks for
 * it again by name ({@code WaitExecution}) and finds it where it got to.
 */
final class RunningAction {
    private final String name;
    private final Digest actionDigest;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ExecutionStage.Value stage = ExecutionStage.Value.QUEUED;
    private ExecuteResponse response;

    RunningAction(String name, Digest actionDigest) {
        this.name = name;
        this.actionDigest = actionDigest;
    }

    String name() {
        return name;
    }

    Digest actionDigest() {
        return actionDigest;
    }

    void stage(ExecutionStage.Value now) {
        lock.lock();
        try {
            if (response == null && now.getNumber() > stage.getNumber()) {
                stage = now;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the operation with {@code finalResponse}; the first end counts. */
    void finish(ExecuteResponse finalResponse) {
        lock.lock();
        try {
            if (response == null) {
                response = finalResponse;
                stage = ExecutionStage.Value.COMPLETED;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isDone() {
        lock.lock();
        try {
            return response != null;
        } finally {
            lock.unlock();
        }
    }

    /** The operation as a client sees it now. */
    Operation snapshot() {
        lock.lock();
        try {
            Operation.Builder operation = Operation.newBuilder().setName(name)
                    .setMetadata(Any.pack(ExecuteOperationMetadata.newBuilder().setStage(stage)
                            .setActionDigest(actionDigest).build()));
            if (response != null) {
                operation.setDone(true).setResponse(Any.pack(response));
            }
            return operation.build();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the operation differs from {@code seen}, or {@code atMost} passed (a stream sends
     * its state again then, which keeps it alive through proxies), and returns it as it is.
     */
    Operation awaitChange(Operation seen, Duration atMost) throws InterruptedException {
        long left = atMost.toNanos();
        lock.lock();
        try {
            while (snapshot().equals(seen) && left > 0) {
                left = changed.awaitNanos(left);
            }
            return snapshot();
        } finally {
            lock.unlock();
        }
    }
}
