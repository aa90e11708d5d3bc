package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.ActionResults;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.Action;
import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.ExecuteRequest;
import build.bazel.remote.execution.v2.ExecuteResponse;
import build.bazel.remote.execution.v2.ExecutedActionMetadata;
import build.bazel.remote.execution.v2.ExecutionStage;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import distbuild.http.RequestException;
import distbuild.model.JobResult;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Executes actions: answers from the action cache when it can, else runs the action as a one-job
 * build of the coordinator's (so it meets the scheduler, the workers' caches, fairness, retries and
 * the dashboard like every other job), then lifts the job's artifact into the store and remembers
 * the result. Each execution runs on a virtual thread of its own, apart from any client's stream.
 */
final class ActionRunner {
    private final Logger log;
    private final ReapiBackend backend;
    private final BlobStore store;
    private final ActionResults cache;
    private final Operations operations;
    private final ReapiMetrics metrics;

    ActionRunner(Logger log, ReapiBackend backend, BlobStore store, ActionResults cache, Operations operations,
            ReapiMetrics metrics) {
        this.log = log;
        this.backend = backend;
        this.store = store;
        this.cache = cache;
        this.operations = operations;
        this.metrics = metrics;
    }

    /**
     * Starts executing, or joins the execution of the same action already running.
     *
     * @throws ActionJob.MissingBlobsException when the store lacks the action or anything it needs
     * @throws IllegalArgumentException when the request or the action is malformed
     */
    RunningAction execute(ExecuteRequest request, String submitter) throws IOException {
        return execute(request, submitter, Optional.empty());
    }

    /** The same, under the name {@code name} of an operation started before a restart, if given. */
    RunningAction execute(ExecuteRequest request, String submitter, Optional<String> name) throws IOException {
        Digest actionDigest = Digests.check(request.getActionDigest(), "action_digest");
        ActionJob.Missing missing = new ActionJob.Missing();
        Action action = missing.read(store, actionDigest, Action::parseFrom);
        missing.throwIfAny();
        if (!request.getSkipCacheLookup() && !action.getDoNotCache()) {
            Optional<ActionResult> cached = cache.get(actionDigest);
            if (cached.isPresent()) {
                metrics.cached();
                RunningAction answered = new RunningAction(name.orElse("operations/cached/" + actionDigest.getHash()), actionDigest);
                answered.finish(ExecuteResponse.newBuilder().setResult(cached.get()).setCachedResult(true).build());
                return answered;
            }
        }
        ActionJob lowered = ActionJob.lower(actionDigest, action, store, request.getSkipCacheLookup() || action.getDoNotCache());
        Operations.Started started = operations.start(actionDigest, !action.getDoNotCache(), name);
        if (started.isNew()) {
            RunningAction operation = started.operation();
            Thread.ofVirtual().name("reapi " + operation.name()).start(() -> {
                ExecuteResponse response;
                try {
                    response = run(operation, action, lowered, submitter);
                } catch (RuntimeException | Error e) {
                    log.error("action {} could not be run", Digests.describe(actionDigest), e);
                    response = failed(ReapiErrors.of(Code.INTERNAL, "the server failed running the action: " + e));
                }
                try {
                    if (response.getStatus().getCode() != Code.OK_VALUE) {
                        metrics.failed();
                    }
                    operation.finish(response);
                } finally {
                    operations.ended(operation);
                }
            });
        }
        return started.operation();
    }

    private ExecuteResponse run(RunningAction operation, Action action, ActionJob lowered, String submitter) {
        Digest actionDigest = operation.actionDigest();
        Progress progress = new Progress(operation, lowered);
        Timestamp queued = now();
        try {
            backend.builds().startBuild(new BuildRequest(lowered.graph(), true, submitter), progress);
        } catch (StoreLostInputsException e) {
            return failed(ReapiErrors.missing(e.missing, e.getMessage()));
        } catch (RequestException e) {
            Code code = e.status() / 100 == 4 ? Code.INVALID_ARGUMENT : Code.UNAVAILABLE;
            return failed(ReapiErrors.of(code, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(Code.UNAVAILABLE, "the server stopped while the action ran; execute it again");
        } catch (Exception e) {
            return failed(Code.UNAVAILABLE, "the action's build failed: " + e.getMessage());
        }
        JobResult result = progress.result;
        if (result == null) {
            return failed(Code.UNAVAILABLE, "the cluster could not run the action: "
                    + (progress.failure == null ? "its build ended without its result" : progress.failure));
        }
        try {
            ActionResult.Builder answer = ActionResult.newBuilder().setExitCode(result.exitCode());
            answer.setStdoutDigest(keep(result.stdout())).setStderrDigest(keep(result.stderr()));
            String worker = result.provenance().worker() == null ? "" : result.provenance().worker().toString();
            answer.setExecutionMetadata(ExecutedActionMetadata.newBuilder().setWorker(worker)
                    .setQueuedTimestamp(queued).setWorkerCompletedTimestamp(now()));
            if (result.error() != null) {
                Code code = result.error().startsWith("timed out") ? Code.DEADLINE_EXCEEDED : Code.INTERNAL;
                return ExecuteResponse.newBuilder().setResult(answer.setExitCode(result.exitCode() == 0 ? 1 : result.exitCode()))
                        .setStatus(ReapiErrors.of(code, "the action failed on " + worker + ": " + result.error())).build();
            }
            if (result.exitCode() == 0) {
                try (InputStream artifact = backend.artifacts().open(lowered.job().id())) {
                    OutputImport.into(answer, lowered.command(), artifact, store);
                }
            }
            ActionResult done = answer.build();
            if (result.exitCode() == 0 && !action.getDoNotCache()) {
                cache.put(actionDigest, done);
            }
            metrics.executed(result.provenance().replayed());
            return ExecuteResponse.newBuilder().setResult(done).build();
        } catch (IOException e) {
            log.warn("the outputs of action {} could not be stored", Digests.describe(actionDigest), e);
            return failed(Code.UNAVAILABLE, "the action ran, but its outputs could not be taken from its worker: "
                    + e.getMessage() + "; execute it again");
        }
    }

    private Digest keep(byte[] log) throws IOException {
        ByteString content = ByteString.copyFrom(log);
        Digest digest = Digests.of(content);
        store.put(content, digest);
        return digest;
    }

    private static ExecuteResponse failed(Code code, String message) {
        return failed(ReapiErrors.of(code, message));
    }

    private static ExecuteResponse failed(com.google.rpc.Status status) {
        return ExecuteResponse.newBuilder().setStatus(status).build();
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    /** Blobs the store lost between the check and the build's start (evicted): the client uploads them again. */
    private static final class StoreLostInputsException extends IOException {
        final List<Digest> missing;

        StoreLostInputsException(List<Digest> missing) {
            super(missing.size() + " input blob(s) of the action left the store before it started, such as "
                    + Digests.text(missing.getFirst()));
            this.missing = missing;
        }
    }

    /** The one-job build's stream, read for the operation's stage and the job's result. */
    private static final class Progress implements StatusWriter {
        private final RunningAction operation;
        private final ActionJob lowered;
        volatile JobResult result;
        volatile String failure;

        Progress(RunningAction operation, ActionJob lowered) {
            this.operation = operation;
            this.lowered = lowered;
        }

        @Override
        public void started(BuildStarted started) throws IOException {
            if (!started.missingFiles().isEmpty()) {
                // Thrown as a client gone: the build ends at once, and the client is told what to send again.
                throw new StoreLostInputsException(started.missingFiles().stream()
                        .map(id -> lowered.digests().getOrDefault(id, Digests.EMPTY)).toList());
            }
        }

        @Override
        public void update(StatusUpdate update) {
            if (update.jobStarted() != null) {
                operation.stage(ExecutionStage.Value.EXECUTING);
            }
            if (update.jobFinished() != null) {
                result = update.jobFinished();
            }
            if (update.buildFailed() != null) {
                failure = update.buildFailed();
            }
        }

        @Override
        public void keepAlive() {}
    }
}
