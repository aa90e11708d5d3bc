package distbuild.reapi;

import distbuild.store.Digests;
import build.bazel.remote.execution.v2.Action;
import build.bazel.remote.execution.v2.ActionCacheGrpc;
import build.bazel.remote.execution.v2.BatchReadBlobsRequest;
import build.bazel.remote.execution.v2.BatchUpdateBlobsRequest;
import build.bazel.remote.execution.v2.CapabilitiesGrpc;
import build.bazel.remote.execution.v2.Command;
import build.bazel.remote.execution.v2.ContentAddressableStorageGrpc;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.ExecuteRequest;
import build.bazel.remote.execution.v2.ExecuteResponse;
import build.bazel.remote.execution.v2.ExecutionGrpc;
import build.bazel.remote.execution.v2.FileNode;
import com.google.bytestream.ByteStreamGrpc;
import com.google.longrunning.Operation;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** A client of the API for tests, made of the generated stubs: uploads, actions and their answers. */
final class ReapiClient implements AutoCloseable {
    final ManagedChannel channel;
    final CapabilitiesGrpc.CapabilitiesBlockingStub capabilities;
    final ContentAddressableStorageGrpc.ContentAddressableStorageBlockingStub cas;
    final ByteStreamGrpc.ByteStreamBlockingStub byteStream;
    final ByteStreamGrpc.ByteStreamStub byteStreamAsync;
    final ActionCacheGrpc.ActionCacheBlockingStub actionCache;
    final ExecutionGrpc.ExecutionBlockingStub execution;

    ReapiClient(int port) {
        this(port, null);
    }

    /** With {@code authorization} sent on every call, when not null. */
    ReapiClient(int port, String authorization) {
        this(port, authorization, InsecureChannelCredentials.create());
    }

    ReapiClient(int port, String authorization, ChannelCredentials transport) {
        channel = Grpc.newChannelBuilder("127.0.0.1:" + port, transport).build();
        CallCredentials credentials = authorization == null ? null : new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
                applier.apply(headers);
            }
        };
        capabilities = CapabilitiesGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        cas = ContentAddressableStorageGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        byteStream = ByteStreamGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        byteStreamAsync = ByteStreamGrpc.newStub(channel).withCallCredentials(credentials);
        actionCache = ActionCacheGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        execution = ExecutionGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    }

    static Digest digest(ByteString content) {
        return Digests.of(content);
    }

    static Digest digest(String content) {
        return Digests.of(ByteString.copyFromUtf8(content));
    }

    Digest put(ByteString content) {
        Digest digest = digest(content);
        var answer = cas.batchUpdateBlobs(BatchUpdateBlobsRequest.newBuilder()
                .addRequests(BatchUpdateBlobsRequest.Request.newBuilder().setDigest(digest).setData(content)).build());
        if (answer.getResponses(0).getStatus().getCode() != Code.OK_VALUE) {
            throw new AssertionError("upload refused: " + answer.getResponses(0).getStatus());
        }
        return digest;
    }

    Digest put(String content) {
        return put(ByteString.copyFromUtf8(content));
    }

    Digest put(Message message) {
        return put(message.toByteString());
    }

    ByteString read(Digest digest) {
        var answer = cas.batchReadBlobs(BatchReadBlobsRequest.newBuilder().addDigests(digest).build()).getResponses(0);
        if (answer.getStatus().getCode() != Code.OK_VALUE) {
            throw new AssertionError("read refused: " + answer.getStatus());
        }
        return answer.getData();
    }

    static FileNode file(String name, Digest digest, boolean executable) {
        return FileNode.newBuilder().setName(name).setDigest(digest).setIsExecutable(executable).build();
    }

    /** Stores the command, an input root with {@code root}, and the action; its digest. */
    Digest action(Command command, Directory root) {
        return put(Action.newBuilder().setCommandDigest(put(command)).setInputRootDigest(put(root)).build());
    }

    Digest action(Action.Builder action) {
        return put(action.build());
    }

    /** Executes and waits for the end: the final operation's response. */
    ExecuteResponse execute(Digest action, boolean skipCache) throws InvalidProtocolBufferException {
        Iterator<Operation> stream = execution.withDeadlineAfter(60, TimeUnit.SECONDS)
                .execute(ExecuteRequest.newBuilder().setActionDigest(action).setSkipCacheLookup(skipCache).build());
        Operation last = null;
        while (stream.hasNext()) {
            last = stream.next();
        }
        if (last == null || !last.getDone()) {
            throw new AssertionError("the stream ended before its operation did: " + last);
        }
        return last.getResponse().unpack(ExecuteResponse.class);
    }

    static Command command(String script, String... outputs) {
        return Command.newBuilder().addAllArguments(List.of("sh", "-c", script)).addAllOutputFiles(List.of(outputs)).build();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
