package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.BatchReadBlobsRequest;
import build.bazel.remote.execution.v2.BatchReadBlobsResponse;
import build.bazel.remote.execution.v2.BatchUpdateBlobsRequest;
import build.bazel.remote.execution.v2.BatchUpdateBlobsResponse;
import build.bazel.remote.execution.v2.ContentAddressableStorageGrpc;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.DirectoryNode;
import build.bazel.remote.execution.v2.FindMissingBlobsRequest;
import build.bazel.remote.execution.v2.FindMissingBlobsResponse;
import build.bazel.remote.execution.v2.GetTreeRequest;
import build.bazel.remote.execution.v2.GetTreeResponse;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/** The content-addressed store's calls over {@link BlobStore}: a blob at a time, in batches, and whole trees. */
final class CasService extends ContentAddressableStorageGrpc.ContentAddressableStorageImplBase {
    static final int TREE_PAGE = 1000;

    private final Logger log;
    private final BlobStore store;
    private final ReapiMetrics metrics;

    CasService(Logger log, BlobStore store, ReapiMetrics metrics) {
        this.log = log;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void findMissingBlobs(FindMissingBlobsRequest request, StreamObserver<FindMissingBlobsResponse> out) {
        ReapiErrors.answer(log, "FindMissingBlobs", out, () -> {
            FindMissingBlobsResponse.Builder answer = FindMissingBlobsResponse.newBuilder();
            for (Digest digest : request.getBlobDigestsList()) {
                if (!store.has(Digests.check(digest, "blob_digests"))) {
                    answer.addMissingBlobDigests(digest);
                }
            }
            return answer.build();
        });
    }

    @Override
    public void batchUpdateBlobs(BatchUpdateBlobsRequest request, StreamObserver<BatchUpdateBlobsResponse> out) {
        ReapiErrors.answer(log, "BatchUpdateBlobs", out, () -> {
            checkBatchSize(request.getRequestsList().stream().mapToLong(blob -> blob.getData().size()).sum());
            BatchUpdateBlobsResponse.Builder answer = BatchUpdateBlobsResponse.newBuilder();
            for (BatchUpdateBlobsRequest.Request blob : request.getRequestsList()) {
                com.google.rpc.Status status;
                try {
                    Digests.check(blob.getDigest(), "a request's digest");
                    if (blob.getCompressor() != build.bazel.remote.execution.v2.Compressor.Value.IDENTITY) {
                        throw new IllegalArgumentException("blob " + Digests.text(blob.getDigest()) + " is compressed ("
                                + blob.getCompressor() + "); this server offers no compressors");
                    }
                    if (!store.has(blob.getDigest())) {
                        store.put(blob.getData(), blob.getDigest());
                        metrics.received(blob.getData().size());
                    }
                    status = ReapiErrors.of(Code.OK, "");
                } catch (IllegalArgumentException | IOException e) {
                    status = ReapiErrors.statusOf(e);
                }
                answer.addResponses(BatchUpdateBlobsResponse.Response.newBuilder().setDigest(blob.getDigest()).setStatus(status));
            }
            return answer.build();
        });
    }

    @Override
    public void batchReadBlobs(BatchReadBlobsRequest request, StreamObserver<BatchReadBlobsResponse> out) {
        ReapiErrors.answer(log, "BatchReadBlobs", out, () -> {
            checkBatchSize(request.getDigestsList().stream().mapToLong(Digest::getSizeBytes).sum());
            BatchReadBlobsResponse.Builder answer = BatchReadBlobsResponse.newBuilder();
            for (Digest digest : request.getDigestsList()) {
                BatchReadBlobsResponse.Response.Builder blob = BatchReadBlobsResponse.Response.newBuilder().setDigest(digest);
                try {
                    ByteString data = store.read(Digests.check(digest, "digests"));
                    metrics.sent(data.size());
                    blob.setData(data).setStatus(ReapiErrors.of(Code.OK, ""));
                } catch (IllegalArgumentException | IOException e) {
                    blob.setStatus(ReapiErrors.statusOf(e));
                }
                answer.addResponses(blob);
            }
            return answer.build();
        });
    }

    private static void checkBatchSize(long bytes) {
        if (bytes > CapabilitiesService.MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("a batch of " + bytes + " bytes is over this server's limit of "
                    + CapabilitiesService.MAX_BATCH_BYTES + " (max_batch_total_size_bytes); send larger blobs through ByteStream");
        }
    }

    @Override
    public void getTree(GetTreeRequest request, StreamObserver<GetTreeResponse> out) {
        List<Directory> tree;
        int start;
        try {
            Digest root = Digests.check(request.getRootDigest(), "root_digest");
            start = pageStart(request.getPageToken());
            tree = walk(root);
        } catch (IllegalArgumentException | IOException e) {
            ReapiErrors.fail(log, "GetTree", out, e);
            return;
        }
        int page = request.getPageSize() > 0 ? request.getPageSize() : TREE_PAGE;
        int at = Math.min(Math.max(start, 0), tree.size());
        do {
            int end = Math.min(at + page, tree.size());
            out.onNext(GetTreeResponse.newBuilder().addAllDirectories(tree.subList(at, end))
                    .setNextPageToken(end < tree.size() ? Integer.toString(end) : "").build());
            at = end;
        } while (at < tree.size());
        out.onCompleted();
    }

    private static int pageStart(String token) {
        try {
            return token.isEmpty() ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("page_token \"" + token + "\" is not one this server gave");
        }
    }

    /** Every directory under {@code root}, itself first, each once; those the store lacks are left out, as the API allows. */
    private List<Directory> walk(Digest root) throws IOException {
        List<Directory> found = new ArrayList<>();
        Set<Digest> seen = new HashSet<>();
        Deque<Digest> next = new ArrayDeque<>(List.of(root));
        while (!next.isEmpty()) {
            Digest digest = next.poll();
            if (!seen.add(digest)) {
                continue;
            }
            Directory directory;
            try {
                directory = Directory.parseFrom(store.read(digest));
            } catch (BlobStore.BlobNotFoundException e) {
                if (digest.equals(root)) {
                    throw e;
                }
                continue;
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("blob " + Digests.text(digest) + " is not a Directory: " + e.getMessage());
            }
            found.add(directory);
            for (DirectoryNode child : directory.getDirectoriesList()) {
                if (Digests.isWellFormed(child.getDigest())) {
                    next.add(child.getDigest());
                }
            }
        }
        return found;
    }
}
