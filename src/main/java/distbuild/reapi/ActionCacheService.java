package distbuild.reapi;

import distbuild.store.ActionResults;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.ActionCacheGrpc;
import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.GetActionResultRequest;
import build.bazel.remote.execution.v2.UpdateActionResultRequest;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.slf4j.Logger;

/** {@code GetActionResult} and {@code UpdateActionResult} over {@link ActionResults}. */
final class ActionCacheService extends ActionCacheGrpc.ActionCacheImplBase {
    private final Logger log;
    private final ActionResults cache;
    private final ReapiMetrics metrics;

    ActionCacheService(Logger log, ActionResults cache, ReapiMetrics metrics) {
        this.log = log;
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public void getActionResult(GetActionResultRequest request, StreamObserver<ActionResult> out) {
        ReapiErrors.answer(log, "GetActionResult", out, () -> {
            var found = cache.get(Digests.check(request.getActionDigest(), "action_digest"));
            metrics.lookedUp(found.isPresent());
            return found.orElseThrow(() -> ReapiErrors.notFound("no result for action "
                    + Digests.text(request.getActionDigest()) + " in the action cache"));
        });
    }

    @Override
    public void updateActionResult(UpdateActionResultRequest request, StreamObserver<ActionResult> out) {
        ReapiErrors.answer(log, "UpdateActionResult", out, () -> {
            var action = Digests.check(request.getActionDigest(), "action_digest");
            ActionResult result = request.getActionResult();
            // A result naming blobs the store lacks would be a hit no one can download: refused, naming them.
            List<build.bazel.remote.execution.v2.Digest> missing = cache.missingBlobs(result);
            if (!missing.isEmpty()) {
                throw new ActionJob.MissingBlobsException(missing);
            }
            cache.put(action, result);
            return result;
        });
    }
}
