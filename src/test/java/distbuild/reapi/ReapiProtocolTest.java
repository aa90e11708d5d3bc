package distbuild.reapi;

import distbuild.store.Digests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import build.bazel.remote.execution.v2.Action;
import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.BatchReadBlobsRequest;
import build.bazel.remote.execution.v2.BatchUpdateBlobsRequest;
import build.bazel.remote.execution.v2.Command;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.DigestFunction;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.DirectoryNode;
import build.bazel.remote.execution.v2.ExecuteRequest;
import build.bazel.remote.execution.v2.ExecuteResponse;
import build.bazel.remote.execution.v2.ExecutionStage;
import build.bazel.remote.execution.v2.ExecuteOperationMetadata;
import build.bazel.remote.execution.v2.FindMissingBlobsRequest;
import build.bazel.remote.execution.v2.GetActionResultRequest;
import build.bazel.remote.execution.v2.GetCapabilitiesRequest;
import build.bazel.remote.execution.v2.GetTreeRequest;
import build.bazel.remote.execution.v2.GetTreeResponse;
import build.bazel.remote.execution.v2.OutputDirectory;
import build.bazel.remote.execution.v2.ServerCapabilities;
import build.bazel.remote.execution.v2.Tree;
import build.bazel.remote.execution.v2.UpdateActionResultRequest;
import build.bazel.remote.execution.v2.WaitExecutionRequest;
import com.google.bytestream.QueryWriteStatusRequest;
import com.google.bytestream.ReadRequest;
import com.google.bytestream.WriteRequest;
import com.google.bytestream.WriteResponse;
import com.google.longrunning.Operation;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.PreconditionFailure;
import distbuild.cli.LocalCluster;
import distbuild.security.Credentials;
import distbuild.security.Role;
import distbuild.security.Token;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every method the API's clients call, over real gRPC on loopback, against a coordinator with a
 * worker in this process: what it answers, and the errors the API defines for what goes wrong.
 */
class ReapiProtocolTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.reapi");

    @TempDir
    static Path temp;

    private static LocalCluster cluster;
    private static ReapiServer server;
    private static ReapiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 2);
        cluster.awaitWorkers(java.time.Duration.ofSeconds(10));
        server = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0), ReapiBackend.of(cluster.coordinator()),
                Credentials.NONE);
        client = new ReapiClient(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
        cluster.close();
    }

    @Test
    void capabilitiesOfferSha256ExecutionAndCacheUpdates() {
        ServerCapabilities capabilities = client.capabilities.getCapabilities(GetCapabilitiesRequest.newBuilder()
                .setInstanceName("any/instance").build());
        assertThat(capabilities.getCacheCapabilities().getDigestFunctionsList()).containsExactly(DigestFunction.Value.SHA256);
        assertThat(capabilities.getCacheCapabilities().getActionCacheUpdateCapabilities().getUpdateEnabled()).isTrue();
        assertThat(capabilities.getCacheCapabilities().getMaxBatchTotalSizeBytes()).isPositive();
        assertThat(capabilities.getExecutionCapabilities().getExecEnabled()).isTrue();
        assertThat(capabilities.getLowApiVersion().getMajor()).isEqualTo(2);
    }

    @Test
    void batchUploadsAreFoundAndReadBackAndTheEmptyBlobIsAlwaysThere() {
        Digest absent = ReapiClient.digest("never sent " + System.nanoTime());
        Digest sent = client.put("batch content " + System.nanoTime());
        var missing = client.cas.findMissingBlobs(FindMissingBlobsRequest.newBuilder()
                .addBlobDigests(absent).addBlobDigests(sent).addBlobDigests(Digests.EMPTY).build());
        assertThat(missing.getMissingBlobDigestsList()).containsExactly(absent);
        assertThat(client.read(sent).toStringUtf8()).startsWith("batch content ");
        assertThat(client.read(Digests.EMPTY).isEmpty()).isTrue();

        var read = client.cas.batchReadBlobs(BatchReadBlobsRequest.newBuilder().addDigests(absent).build());
        assertThat(read.getResponses(0).getStatus().getCode()).isEqualTo(Code.NOT_FOUND_VALUE);
    }

    @Test
    void contentThatIsNotItsDigestIsRefusedAndNotStored() {
        Digest claimed = ReapiClient.digest("what was promised");
        var answer = client.cas.batchUpdateBlobs(BatchUpdateBlobsRequest.newBuilder().addRequests(
                BatchUpdateBlobsRequest.Request.newBuilder().setDigest(claimed).setData(ByteString.copyFromUtf8("what came"))).build());
        assertThat(answer.getResponses(0).getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(answer.getResponses(0).getStatus().getMessage()).contains("SHA-256 and size");
        assertThat(client.cas.findMissingBlobs(FindMissingBlobsRequest.newBuilder().addBlobDigests(claimed).build())
                .getMissingBlobDigestsList()).containsExactly(claimed);
    }

    @Test
    void aMalformedDigestIsAnInvalidArgumentSayingWhy() {
        assertThatThrownBy(() -> client.cas.findMissingBlobs(FindMissingBlobsRequest.newBuilder()
                .addBlobDigests(Digest.newBuilder().setHash("abc").setSizeBytes(3)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("\"abc\" is not a SHA-256 digest");
                });
        assertThatThrownBy(() -> client.cas.findMissingBlobs(FindMissingBlobsRequest.newBuilder()
                .addBlobDigests(Digest.newBuilder().setHash("a".repeat(64)).setSizeBytes(-1)).build()))
                .hasMessageContaining("cannot be negative");
    }

    @Test
    void aBatchOverTheLimitIsRefusedBeforeAnythingIsStored() {
        ByteString big = ByteString.copyFrom(new byte[(int) CapabilitiesService.MAX_BATCH_BYTES / 2 + 1]);
        ByteString other = ByteString.copyFrom(new byte[(int) CapabilitiesService.MAX_BATCH_BYTES / 2 + 2]);
        assertThatThrownBy(() -> client.cas.batchUpdateBlobs(BatchUpdateBlobsRequest.newBuilder()
                .addRequests(BatchUpdateBlobsRequest.Request.newBuilder().setDigest(Digests.of(big)).setData(big))
                .addRequests(BatchUpdateBlobsRequest.Request.newBuilder().setDigest(Digests.of(other)).setData(other)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("ByteStream");
                });
        assertThat(client.cas.findMissingBlobs(FindMissingBlobsRequest.newBuilder().addBlobDigests(Digests.of(big)).build())
                .getMissingBlobDigestsCount()).isEqualTo(1);
    }

    @Test
    void largeBlobsStreamBothWaysAndReadsStartAtAnOffset() throws Exception {
        ByteString content = randomBytes(3 * ByteStreamService.CHUNK + 123, 1);
        Digest digest = Digests.of(content);
        String upload = "my-instance/uploads/" + java.util.UUID.randomUUID() + "/blobs/" + Digests.text(digest);
        WriteResponse written = write(List.of(
                WriteRequest.newBuilder().setResourceName(upload).setData(content.substring(0, 100_000)).build(),
                WriteRequest.newBuilder().setWriteOffset(100_000).setData(content.substring(100_000)).setFinishWrite(true).build()));
        assertThat(written.getCommittedSize()).isEqualTo(content.size());

        assertThat(readAll("my-instance/blobs/" + Digests.text(digest), 0, 0)).isEqualTo(content);
        assertThat(readAll("blobs/" + Digests.text(digest), 70_000, 10)).isEqualTo(content.substring(70_000, 70_010));
        assertThatThrownBy(() -> readAll("blobs/" + Digests.text(digest), content.size() + 1, 0))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE));
        assertThatThrownBy(() -> readAll("blobs/" + Digests.text(ReapiClient.digest("nope")), 0, 0))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> readAll("not/a/resource", 0, 0))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aBrokenUploadIsResumedWhereItStopped() throws Exception {
        ByteString content = randomBytes(200_000, 2);
        Digest digest = Digests.of(content);
        String upload = "uploads/" + java.util.UUID.randomUUID() + "/blobs/" + Digests.text(digest);
        // The stream breaks (the client cancels it) after the first part arrived.
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        StreamObserver<WriteRequest> stream = client.byteStreamAsync.write(observer(ended));
        stream.onNext(WriteRequest.newBuilder().setResourceName(upload).setData(content.substring(0, 80_000)).build());
        var status = waitForCommitted(upload, 80_000);
        assertThat(status.getComplete()).isFalse();
        stream.onError(new RuntimeException("cable cut"));
        assertThat(ended.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(client.byteStream.queryWriteStatus(QueryWriteStatusRequest.newBuilder().setResourceName(upload).build())
                .getCommittedSize()).isEqualTo(80_000);

        WriteResponse written = write(List.of(WriteRequest.newBuilder().setResourceName(upload).setWriteOffset(80_000)
                .setData(content.substring(80_000)).setFinishWrite(true).build()));
        assertThat(written.getCommittedSize()).isEqualTo(content.size());
        assertThat(client.read(digest)).isEqualTo(content);
        var done = client.byteStream.queryWriteStatus(QueryWriteStatusRequest.newBuilder().setResourceName(upload).build());
        assertThat(done.getComplete()).isTrue();
        assertThat(done.getCommittedSize()).isEqualTo(content.size());
    }

    @Test
    void writesAtTheWrongOffsetOrWithTheWrongContentAreRefused() {
        ByteString content = randomBytes(1000, 3);
        Digest digest = Digests.of(content);
        String upload = "uploads/" + java.util.UUID.randomUUID() + "/blobs/" + Digests.text(digest);
        assertThatThrownBy(() -> write(List.of(WriteRequest.newBuilder().setResourceName(upload).setWriteOffset(500)
                .setData(content).setFinishWrite(true).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("write_offset 500").contains("0 bytes are committed");
                });
        ByteString wrong = randomBytes(1000, 4);
        String other = "uploads/" + java.util.UUID.randomUUID() + "/blobs/" + Digests.text(digest);
        assertThatThrownBy(() -> write(List.of(WriteRequest.newBuilder().setResourceName(other).setData(wrong)
                .setFinishWrite(true).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(client.cas.findMissingBlobs(FindMissingBlobsRequest.newBuilder().addBlobDigests(digest).build())
                .getMissingBlobDigestsList()).containsExactly(digest);
        assertThatThrownBy(() -> client.byteStream.queryWriteStatus(QueryWriteStatusRequest.newBuilder()
                .setResourceName("uploads/" + java.util.UUID.randomUUID() + "/blobs/" + Digests.text(digest)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void getTreeGivesEveryDirectoryOnceInPages() {
        Digest leafFile = client.put("leaf");
        Directory leaf = Directory.newBuilder().addFiles(ReapiClient.file("leaf.txt", leafFile, false)).build();
        Digest leafDigest = client.put(leaf);
        Directory middle = Directory.newBuilder()
                .addDirectories(DirectoryNode.newBuilder().setName("a").setDigest(leafDigest))
                .addDirectories(DirectoryNode.newBuilder().setName("b").setDigest(leafDigest)).build();
        Directory root = Directory.newBuilder()
                .addDirectories(DirectoryNode.newBuilder().setName("m").setDigest(client.put(middle))).build();
        Digest rootDigest = client.put(root);
        List<Directory> all = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        client.cas.getTree(GetTreeRequest.newBuilder().setRootDigest(rootDigest).setPageSize(2).build()).forEachRemaining(page -> {
            all.addAll(page.getDirectoriesList());
            tokens.add(page.getNextPageToken());
        });
        assertThat(all).containsExactly(root, middle, leaf);
        assertThat(tokens).containsExactly("2", "");
        List<Directory> fromToken = new ArrayList<>();
        client.cas.getTree(GetTreeRequest.newBuilder().setRootDigest(rootDigest).setPageToken("2").build())
                .forEachRemaining(page -> fromToken.addAll(page.getDirectoriesList()));
        assertThat(fromToken).containsExactly(leaf);
        Iterator<GetTreeResponse> missing = client.cas.getTree(GetTreeRequest.newBuilder()
                .setRootDigest(ReapiClient.digest("no such root")).build());
        assertThatThrownBy(missing::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void theActionCacheMissesWithNotFoundAndTakesOnlyResultsWhoseBlobsItHolds() {
        Digest action = ReapiClient.digest("an action never run " + System.nanoTime());
        assertThatThrownBy(() -> client.actionCache.getActionResult(GetActionResultRequest.newBuilder().setActionDigest(action).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        Digest absent = ReapiClient.digest("an output never uploaded");
        ActionResult naming = ActionResult.newBuilder().addOutputFiles(
                build.bazel.remote.execution.v2.OutputFile.newBuilder().setPath("out").setDigest(absent)).build();
        assertThatThrownBy(() -> client.actionCache.updateActionResult(UpdateActionResultRequest.newBuilder()
                .setActionDigest(action).setActionResult(naming).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(violations(e)).containsExactly("blobs/" + Digests.text(absent));
                });

        Digest output = client.put("an output");
        ActionResult result = ActionResult.newBuilder().setExitCode(0).addOutputFiles(
                build.bazel.remote.execution.v2.OutputFile.newBuilder().setPath("out").setDigest(output)).build();
        client.actionCache.updateActionResult(UpdateActionResultRequest.newBuilder().setActionDigest(action)
                .setActionResult(result).build());
        assertThat(client.actionCache.getActionResult(GetActionResultRequest.newBuilder().setInstanceName("x")
                .setActionDigest(action).build())).isEqualTo(result);
    }

    @Test
    void anActionRunsOnAWorkerWithItsTreeAndItsOutputsComeBackThroughTheStore() throws Exception {
        Digest script = client.put("#!/bin/sh\necho \"tool says $1\"\n");
        Digest same = client.put("same content " + System.nanoTime());
        Directory tools = Directory.newBuilder().addFiles(ReapiClient.file("tool.sh", script, true)).build();
        Directory src = Directory.newBuilder().addFiles(ReapiClient.file("one.txt", same, false))
                .addFiles(ReapiClient.file("two.txt", same, false)).build();
        Directory empty = Directory.getDefaultInstance();
        Directory root = Directory.newBuilder()
                .addDirectories(DirectoryNode.newBuilder().setName("empty").setDigest(client.put(empty)))
                .addDirectories(DirectoryNode.newBuilder().setName("src").setDigest(client.put(src)))
                .addDirectories(DirectoryNode.newBuilder().setName("tools").setDigest(client.put(tools))).build();
        // Outputs are named relative to the working directory: src/said.txt is "said.txt".
        Command command = Command.newBuilder()
                .addAllArguments(List.of("sh", "-c", "test -d ../empty && cmp one.txt two.txt"
                        + " && ../tools/tool.sh \"$GREETING\" > said.txt && mkdir -p dir/sub"
                        + " && echo deep > dir/sub/deep.txt && printf '#!/bin/sh\\n' > dir/run.sh && chmod +x dir/run.sh"
                        + " && echo to stdout && echo to stderr >&2 && echo '{{.OutputDir}} stays as it is' > literal.txt"))
                .addEnvironmentVariables(Command.EnvironmentVariable.newBuilder().setName("GREETING").setValue("hi"))
                .addEnvironmentVariables(Command.EnvironmentVariable.newBuilder().setName("PATH").setValue("/usr/bin:/bin"))
                .setWorkingDirectory("src")
                .addOutputFiles("said.txt").addOutputFiles("literal.txt").addOutputFiles("never/made.txt")
                .addOutputDirectories("dir")
                .build();
        Digest action = client.action(command, root);

        ExecuteResponse response = client.execute(action, false);
        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        ActionResult result = response.getResult();
        assertThat(result.getExitCode()).isZero();
        assertThat(response.getCachedResult()).isFalse();
        assertThat(client.read(result.getStdoutDigest()).toStringUtf8()).isEqualTo("to stdout\n");
        assertThat(client.read(result.getStderrDigest()).toStringUtf8()).isEqualTo("to stderr\n");
        Map<String, String> files = result.getOutputFilesList().stream().collect(Collectors.toMap(
                build.bazel.remote.execution.v2.OutputFile::getPath, file -> client.read(file.getDigest()).toStringUtf8()));
        assertThat(files).containsOnly(Map.entry("said.txt", "tool says hi\n"),
                Map.entry("literal.txt", "{{.OutputDir}} stays as it is\n"));
        assertThat(result.getExecutionMetadata().getWorker()).startsWith("http://127.0.0.1:");

        OutputDirectory dir = result.getOutputDirectories(0);
        assertThat(dir.getPath()).isEqualTo("dir");
        Tree tree = Tree.parseFrom(client.read(dir.getTreeDigest()));
        assertThat(tree.getRoot().getFilesList()).singleElement().satisfies(file -> {
            assertThat(file.getName()).isEqualTo("run.sh");
            assertThat(file.getIsExecutable()).isTrue();
        });
        assertThat(tree.getRoot().getDirectories(0).getName()).isEqualTo("sub");
        assertThat(tree.getChildrenList()).singleElement().satisfies(sub ->
                assertThat(client.read(sub.getFiles(0).getDigest()).toStringUtf8()).isEqualTo("deep\n"));

        ExecuteResponse again = client.execute(action, false);
        assertThat(again.getCachedResult()).isTrue();
        assertThat(again.getResult()).isEqualTo(result);
        assertThat(client.actionCache.getActionResult(GetActionResultRequest.newBuilder().setActionDigest(action).build()))
                .isEqualTo(result);
    }

    @Test
    void skippingTheCacheRunsTheActionAgainWhereverItsResultIsKept() throws Exception {
        Path runs = temp.resolve("runs-" + System.nanoTime());
        Digest action = client.action(ReapiClient.command("echo run >> '" + runs + "'; wc -l < '" + runs + "' > count.txt",
                "count.txt"), Directory.getDefaultInstance());
        ExecuteResponse first = client.execute(action, false);
        ExecuteResponse cached = client.execute(action, false);
        assertThat(cached.getCachedResult()).isTrue();
        ExecuteResponse again = client.execute(action, true);
        assertThat(again.getCachedResult()).isFalse();
        assertThat(client.read(first.getResult().getOutputFiles(0).getDigest()).toStringUtf8().strip()).isEqualTo("1");
        assertThat(client.read(again.getResult().getOutputFiles(0).getDigest()).toStringUtf8().strip())
                .as("ran again, not replayed from the worker's cache").isEqualTo("2");
    }

    @Test
    void outputsInsideOtherOutputsComeBackWhereTheyAre() throws Exception {
        Command command = Command.newBuilder().addAllArguments(List.of("sh", "-c",
                        "mkdir -p a/b && echo top > a/top.txt && echo inner > a/b/f.txt"))
                .addOutputDirectories("a").addOutputDirectories("a/b").addOutputFiles("a/b/f.txt")
                .addEnvironmentVariables(Command.EnvironmentVariable.newBuilder().setName("PATH").setValue("/usr/bin:/bin"))
                .build();
        ActionResult result = client.execute(client.action(command, Directory.getDefaultInstance()), false).getResult();
        assertThat(result.getOutputFiles(0).getPath()).isEqualTo("a/b/f.txt");
        assertThat(client.read(result.getOutputFiles(0).getDigest()).toStringUtf8()).isEqualTo("inner\n");
        Map<String, Tree> trees = new java.util.HashMap<>();
        for (OutputDirectory dir : result.getOutputDirectoriesList()) {
            trees.put(dir.getPath(), Tree.parseFrom(client.read(dir.getTreeDigest())));
        }
        Tree a = trees.get("a");
        assertThat(a.getRoot().getFilesList()).extracting(build.bazel.remote.execution.v2.FileNode::getName).containsExactly("top.txt");
        assertThat(a.getRoot().getDirectoriesList()).extracting(DirectoryNode::getName).containsExactly("b");
        assertThat(a.getChildren(0).getFilesList()).extracting(build.bazel.remote.execution.v2.FileNode::getName)
                .containsExactly("f.txt");
        assertThat(trees.get("a/b").getRoot().getFilesList()).extracting(build.bazel.remote.execution.v2.FileNode::getName)
                .as("nothing one level too deep").containsExactly("f.txt");
        assertThat(trees.get("a/b").getRoot().getDirectoriesList()).isEmpty();
    }

    @Test
    void anEmptyEnvironmentIsEmptyNotTheWorkers() throws Exception {
        Command command = Command.newBuilder().addAllArguments(List.of("sh", "-c", "echo \"[${HOME-unset}]\" > env.txt"))
                .addOutputFiles("env.txt").build();
        ActionResult result = client.execute(client.action(command, Directory.getDefaultInstance()), false).getResult();
        assertThat(client.read(result.getOutputFiles(0).getDigest()).toStringUtf8()).isEqualTo("[unset]\n");
    }

    @Test
    void aFailingCommandGivesItsExitCodeAndLogsAndIsNotCached() throws Exception {
        Digest action = client.action(ReapiClient.command("echo broken >&2; exit 3", "out.txt"), Directory.getDefaultInstance());
        ExecuteResponse response = client.execute(action, false);
        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(response.getResult().getExitCode()).isEqualTo(3);
        assertThat(response.getResult().getOutputFilesCount()).isZero();
        assertThat(client.read(response.getResult().getStderrDigest()).toStringUtf8()).isEqualTo("broken\n");
        assertThatThrownBy(() -> client.actionCache.getActionResult(GetActionResultRequest.newBuilder().setActionDigest(action).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void anActionPastItsTimeoutIsStoppedAndSaysSo() throws Exception {
        Command command = ReapiClient.command("echo started; exec sleep 60");
        Digest action = client.action(Action.newBuilder().setCommandDigest(client.put(command))
                .setInputRootDigest(client.put(Directory.getDefaultInstance()))
                .setTimeout(Duration.newBuilder().setSeconds(1)));
        ExecuteResponse response = client.execute(action, false);
        assertThat(response.getStatus().getCode()).isEqualTo(Code.DEADLINE_EXCEEDED_VALUE);
        assertThat(response.getStatus().getMessage()).contains("timed out");
    }

    @Test
    void anActionWhoseBlobsAreMissingIsRefusedNamingEachOne() throws Exception {
        Digest notUploaded = ReapiClient.digest("an input never uploaded");
        Directory root = Directory.newBuilder().addFiles(ReapiClient.file("in.txt", notUploaded, false)).build();
        Digest unknownCommand = ReapiClient.digest("a command never uploaded");
        Digest action = client.put(Action.newBuilder().setCommandDigest(unknownCommand).setInputRootDigest(client.put(root)).build());
        assertThatThrownBy(() -> client.execute(action, false))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(violations(e)).containsExactlyInAnyOrder("blobs/" + Digests.text(unknownCommand),
                            "blobs/" + Digests.text(notUploaded));
                });
        Digest neverStored = ReapiClient.digest("an action never uploaded");
        assertThatThrownBy(() -> client.execute(neverStored, false))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(violations(e)).containsExactly("blobs/" + Digests.text(neverStored)));
    }

    @Test
    void anActionOutOfItsInputRootIsAnInvalidArgument() {
        Command escaping = Command.newBuilder().addArguments("true").setWorkingDirectory("../elsewhere").build();
        Digest action = client.action(escaping, Directory.getDefaultInstance());
        assertThatThrownBy(() -> client.execute(action, false))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("working_directory \"../elsewhere\"");
                });
    }

    @Test
    void platformPropertiesAreMatchedAgainstWorkersAndOnesNoWorkerCanMeetAreRefused() throws Exception {
        Command command = ReapiClient.command("uname -s > os.txt", "os.txt");
        Action.Builder linux = Action.newBuilder().setCommandDigest(client.put(command))
                .setInputRootDigest(client.put(Directory.getDefaultInstance()))
                .setPlatform(build.bazel.remote.execution.v2.Platform.newBuilder().addProperties(
                        build.bazel.remote.execution.v2.Platform.Property.newBuilder().setName("OSFamily").setValue("Linux")));
        ExecuteResponse response = client.execute(client.action(linux), false);
        assertThat(client.read(response.getResult().getOutputFiles(0).getDigest()).toStringUtf8()).isEqualTo("Linux\n");

        Action.Builder container = linux.clone().setPlatform(build.bazel.remote.execution.v2.Platform.newBuilder().addProperties(
                build.bazel.remote.execution.v2.Platform.Property.newBuilder().setName("container-image").setValue("docker://x")));
        Digest refused = client.action(container);
        assertThatThrownBy(() -> client.execute(refused, false))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("\"container-image\"").contains("OSFamily");
                });
    }

    @Test
    void anOperationOutlivesTheStreamThatStartedItAndIsFoundByName() throws Exception {
        Path go = temp.resolve("go-" + System.nanoTime());
        // The action waits for the test to let it end, so that its stream is cut while it runs.
        Digest action = client.action(ReapiClient.command("while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo done > out.txt",
                "out.txt"), Directory.getDefaultInstance());
        var call = client.execution.withDeadlineAfter(60, TimeUnit.SECONDS);
        Iterator<Operation> stream = call.execute(ExecuteRequest.newBuilder().setActionDigest(action).build());
        Operation first = stream.next();
        assertThat(first.getDone()).isFalse();
        assertThat(first.getMetadata().unpack(ExecuteOperationMetadata.class).getStage())
                .isIn(ExecutionStage.Value.QUEUED, ExecutionStage.Value.EXECUTING);
        client.channel.shutdownNow(); // the client's connection breaks
        try (ReapiClient again = new ReapiClient(server.port())) {
            Files.writeString(go, "");
            Iterator<Operation> resumed = again.execution.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .waitExecution(WaitExecutionRequest.newBuilder().setName(first.getName()).build());
            Operation last = null;
            while (resumed.hasNext()) {
                last = resumed.next();
            }
            assertThat(last).isNotNull();
            assertThat(last.getDone()).isTrue();
            ExecuteResponse response = last.getResponse().unpack(ExecuteResponse.class);
            assertThat(again.read(response.getResult().getOutputFiles(0).getDigest()).toStringUtf8()).isEqualTo("done\n");
            assertThatThrownBy(() -> again.execution.waitExecution(WaitExecutionRequest.newBuilder()
                    .setName("operations/none-such").build()).hasNext())
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        } finally {
            client = new ReapiClient(server.port());
        }
    }

    @Test
    void withCredentialsEveryCallNeedsTheClientToken() throws Exception {
        Token token = Token.generate();
        Credentials credentials = new Credentials(Map.of(Role.CLIENT, token), Optional.empty());
        try (ReapiServer guarded = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                ReapiBackend.of(cluster.coordinator()), credentials);
             ReapiClient anonymous = new ReapiClient(guarded.port());
             ReapiClient wrong = new ReapiClient(guarded.port(), "Bearer " + Token.generate().authorization().substring(7));
             ReapiClient holder = new ReapiClient(guarded.port(), token.authorization())) {
            for (ReapiClient refused : List.of(anonymous, wrong)) {
                assertThatThrownBy(() -> refused.capabilities.getCapabilities(GetCapabilitiesRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            }
            assertThat(holder.capabilities.getCapabilities(GetCapabilitiesRequest.getDefaultInstance())
                    .getExecutionCapabilities().getExecEnabled()).isTrue();
            holder.put("through the guarded port");
        }
    }

    @Test
    void withTlsCredentialsThePortSpeaksTlsWithTheCoordinatorsCertificate() throws Exception {
        Path dir = temp.resolve("tls-credentials");
        distbuild.security.CredentialsDirectory.create(dir, List.of("127.0.0.1"));
        Credentials coordinatorSide = Credentials.load(dir.resolve("coordinator"));
        String token = Token.read(dir.resolve("client").resolve(Role.CLIENT.tokenFile())).authorization();
        io.grpc.ChannelCredentials trusting = io.grpc.TlsChannelCredentials.newBuilder()
                .trustManager(dir.resolve("client").resolve("ca.pem").toFile()).build();
        try (ReapiServer tls = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                ReapiBackend.of(cluster.coordinator()), coordinatorSide);
             ReapiClient overTls = new ReapiClient(tls.port(), token, trusting);
             ReapiClient plain = new ReapiClient(tls.port(), token)) {
            Digest digest = overTls.put("over TLS");
            assertThat(overTls.read(digest).toStringUtf8()).isEqualTo("over TLS");
            assertThatThrownBy(() -> plain.capabilities.getCapabilities(GetCapabilitiesRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    private static List<String> violations(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).as("the status's details").isNotNull();
        return status.getDetailsList().stream().filter(any -> any.is(PreconditionFailure.class)).flatMap(any -> {
            try {
                return any.unpack(PreconditionFailure.class).getViolationsList().stream();
            } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                throw new AssertionError(bad);
            }
        }).peek(violation -> assertThat(violation.getType()).isEqualTo("MISSING"))
                .map(PreconditionFailure.Violation::getSubject).toList();
    }

    private static ByteString randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static ByteString readAll(String resource, long offset, long limit) {
        ByteString all = ByteString.EMPTY;
        Iterator<com.google.bytestream.ReadResponse> chunks = client.byteStream.read(ReadRequest.newBuilder()
                .setResourceName(resource).setReadOffset(offset).setReadLimit(limit).build());
        while (chunks.hasNext()) {
            all = all.concat(chunks.next().getData());
        }
        return all;
    }

    private static WriteResponse write(List<WriteRequest> requests) throws Exception {
        CompletableFuture<WriteResponse> answer = new CompletableFuture<>();
        StreamObserver<WriteRequest> stream = client.byteStreamAsync.write(new StreamObserver<>() {
            @Override
            public void onNext(WriteResponse value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        });
        requests.forEach(stream::onNext);
        stream.onCompleted();
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static StreamObserver<WriteResponse> observer(CompletableFuture<Throwable> ended) {
        return new StreamObserver<>() {
            @Override
            public void onNext(WriteResponse value) {}

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(new AssertionError("completed"));
            }
        };
    }

    private static com.google.bytestream.QueryWriteStatusResponse waitForCommitted(String upload, long size) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            try {
                return client.byteStream.queryWriteStatus(QueryWriteStatusRequest.newBuilder().setResourceName(upload).build());
            } catch (StatusRuntimeException notYet) {
                return null;
            }
        }, status -> status != null && status.getCommittedSize() == size);
    }
}
