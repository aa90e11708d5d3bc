package distbuild.store;

import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.FileNode;
import build.bazel.remote.execution.v2.OutputDirectory;
import build.bazel.remote.execution.v2.OutputFile;
import build.bazel.remote.execution.v2.Tree;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The action cache: an action's digest to its result, kept across restarts. A result is given
 * only while every blob it names is still in the store (a hit whose outputs were evicted would
 * fail the client's download); otherwise it reads as a miss, and the action runs again.
 *
 * <p>Layout: {@code <2 hex>/<sha256 of the action>} holding the result's protobuf encoding.
 */
public final class ActionResults {
    private final Path root;
    private final BlobStore store;

    public ActionResults(Path root, BlobStore store) throws IOException {
        this.root = Files.createDirectories(root);
        this.store = store;
    }

    public Optional<ActionResult> get(Digest action) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path(action));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        ActionResult result;
        try {
            result = ActionResult.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty(); // cut short by a crash: a miss, overwritten by the next result
        }
        if (!missingBlobs(result).isEmpty()) {
            Files.deleteIfExists(path(action)); // what it names was evicted: the entry goes too
            return Optional.empty();
        }
        return Optional.of(result);
    }

    public void put(Digest action, ActionResult result) throws IOException {
        distbuild.files.FileTrees.replaceAtomically(path(action), result.toByteArray());
    }

    /** The blobs a result names that the store does not hold: its files, its trees and theirs, its logs. */
    public List<Digest> missingBlobs(ActionResult result) throws IOException {
        List<Digest> missing = new ArrayList<>();
        for (OutputFile file : result.getOutputFilesList()) {
            need(file.getDigest(), missing);
        }
        for (OutputDirectory directory : result.getOutputDirectoriesList()) {
            if (need(directory.getTreeDigest(), missing)) {
                Tree tree;
                try {
                    tree = Tree.parseFrom(store.read(directory.getTreeDigest()));
                } catch (InvalidProtocolBufferException | BlobStore.BlobNotFoundException e) {
                    missing.add(directory.getTreeDigest());
                    continue;
                }
                List<Directory> all = new ArrayList<>(tree.getChildrenList());
                all.add(tree.getRoot());
                for (Directory each : all) {
                    for (FileNode file : each.getFilesList()) {
                        need(file.getDigest(), missing);
                    }
                }
            }
        }
        if (result.hasStdoutDigest()) {
            need(result.getStdoutDigest(), missing);
        }
        if (result.hasStderrDigest()) {
            need(result.getStderrDigest(), missing);
        }
        return missing;
    }

    private boolean need(Digest digest, List<Digest> missing) {
        if (store.has(digest)) {
            return true;
        }
        missing.add(digest);
        return false;
    }

    private Path path(Digest action) {
        return root.resolve(action.getHash().substring(0, 2)).resolve(action.getHash());
    }
}
