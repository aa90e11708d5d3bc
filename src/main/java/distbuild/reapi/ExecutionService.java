package distbuild.reapi;

import distbuild.store.Digests;
import build.bazel.remote.execution.v2.ExecuteRequest;
import build.bazel.remote.execution.v2.ExecutionGrpc;
import build.bazel.remote.execution.v2.WaitExecutionRequest;
import com.google.longrunning.Operation;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import build.bazel.remote.execution.v2.Digest;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * {@code Execute} and {@code WaitExecution}: each streams an operation's stages until it is done.
 * A stream that breaks stops only the streaming; the execution goes on, and {@code WaitExecution}
 * picks it up by name.
 */
final class ExecutionService extends ExecutionGrpc.ExecutionImplBase {
    /** How often a quiet stream sends the operation again, and looks whether its client is still there. */
    static final Duration RESEND = Duration.ofSeconds(10);

    private final Logger log;
    private final ActionRunner runner;
    private final Operations operations;

    ExecutionService(Logger log, ActionRunner runner, Operations operations) {
        this.log = log;
        this.runner = runner;
        this.operations = operations;
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<Operation> out) {
        RunningAction operation;
        try {
            operation = runner.execute(request, CallerContext.submitter());
        } catch (Exception e) {
            ReapiErrors.fail(log, "Execute of " + Digests.text(request.getActionDigest()), out, e);
            return;
        }
        stream(operation, out);
    }

    @Override
    public void waitExecution(WaitExecutionRequest request, StreamObserver<Operation> out) {
        Optional<RunningAction> known = operations.find(request.getName());
        if (known.isPresent()) {
            stream(known.get(), out);
            return;
        }
        Optional<Digest> before = operations.actionOf(request.getName());
        if (before.isEmpty()) {
            out.onError(ReapiErrors.notFound("no operation " + request.getName() + " here: it ended long ago, or"
                    + " another server started it; execute the action again (its result is cached if it ran)"));
            return;
        }
        // Started before this server restarted: executed again under its name, from the caches if it had run.
        RunningAction again;
        try {
            again = runner.execute(ExecuteRequest.newBuilder().setActionDigest(before.get()).build(),
                    CallerContext.submitter(), Optional.of(request.getName()));
        } catch (Exception e) {
            ReapiErrors.fail(log, "WaitExecution of " + request.getName(), out, e);
            return;
        }
        stream(again, out);
    }

    private void stream(RunningAction operation, StreamObserver<Operation> out) {
        ServerCallStreamObserver<Operation> call = (ServerCallStreamObserver<Operation>) out;
        try {
            Operation seen = operation.snapshot();
            call.onNext(seen);
            while (!seen.getDone()) {
                if (call.isCancelled()) {
                    return; // the operation goes on without this stream
                }
                seen = operation.awaitChange(seen, RESEND);
                call.onNext(seen);
            }
            call.onCompleted();
        } catch (InterruptedException e) {
            ReapiErrors.fail(log, "streaming " + operation.name(), call, e);
        } catch (StatusRuntimeException cancelled) {
            // the client went away while we wrote: the operation goes on
        }
    }
}
