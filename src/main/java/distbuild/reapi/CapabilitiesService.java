package distbuild.reapi;

import build.bazel.remote.execution.v2.ActionCacheUpdateCapabilities;
import build.bazel.remote.execution.v2.CacheCapabilities;
import build.bazel.remote.execution.v2.CapabilitiesGrpc;
import build.bazel.remote.execution.v2.DigestFunction;
import build.bazel.remote.execution.v2.ExecutionCapabilities;
import build.bazel.remote.execution.v2.GetCapabilitiesRequest;
import build.bazel.remote.execution.v2.ServerCapabilities;
import build.bazel.remote.execution.v2.SymlinkAbsolutePathStrategy;
import build.bazel.semver.SemVer;
import io.grpc.stub.StreamObserver;

/** What this server offers: SHA-256 only, execution, cache updates, batches up to {@link #MAX_BATCH_BYTES}, API 2.0. */
final class CapabilitiesService extends CapabilitiesGrpc.CapabilitiesImplBase {
    /**
     * The most bytes of blobs in one batch call; larger ones go through ByteStream. Below the 4 MiB
     * that gRPC clients take in one message by default, with room for the message around the blobs.
     */
    static final long MAX_BATCH_BYTES = (4L << 20) - (64L << 10);
    static final SemVer API_VERSION = SemVer.newBuilder().setMajor(2).build();

    @Override
    public void getCapabilities(GetCapabilitiesRequest request, StreamObserver<ServerCapabilities> out) {
        out.onNext(ServerCapabilities.newBuilder()
                .setCacheCapabilities(CacheCapabilities.newBuilder()
                        .addDigestFunctions(DigestFunction.Value.SHA256)
                        .setActionCacheUpdateCapabilities(ActionCacheUpdateCapabilities.newBuilder().setUpdateEnabled(true))
                        .setMaxBatchTotalSizeBytes(MAX_BATCH_BYTES)
                        .setSymlinkAbsolutePathStrategy(SymlinkAbsolutePathStrategy.Value.DISALLOWED))
                .setExecutionCapabilities(ExecutionCapabilities.newBuilder()
                        .setDigestFunction(DigestFunction.Value.SHA256)
                        .addDigestFunctions(DigestFunction.Value.SHA256)
                        .setExecEnabled(true))
                .setLowApiVersion(API_VERSION)
                .setHighApiVersion(API_VERSION)
                .build());
        out.onCompleted();
    }
}
