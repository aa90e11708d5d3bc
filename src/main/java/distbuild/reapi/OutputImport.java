package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.Command;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.DirectoryNode;
import build.bazel.remote.execution.v2.FileNode;
import build.bazel.remote.execution.v2.OutputDirectory;
import build.bazel.remote.execution.v2.OutputFile;
import build.bazel.remote.execution.v2.Tree;
import distbuild.files.FileTrees;
import distbuild.tar.TarStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An action's artifact lifted into the store (copies of its files: an output may lie inside
 * another, and each is stored whole): each declared output file as a blob, each declared
 * output directory as the blobs of its files and a {@link Tree}, as the API's result names them.
 * The artifact holds only what the command made (see {@link ActionJob}); a declared output it does
 * not hold was not made, which the API allows.
 */
final class OutputImport {
    private OutputImport() {}

    /** Reads the artifact's tar stream and fills {@code result} with its outputs. */
    static void into(ActionResult.Builder result, Command command, InputStream artifact, BlobStore store) throws IOException {
        Path unpacked = store.newScratchFile();
        try {
            TarStream.extract(artifact, unpacked);
            for (String output : ActionJob.declaredOutputs(command)) {
                Path path = unpacked.resolve(output);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    result.addOutputFiles(OutputFile.newBuilder().setPath(output)
                            .setIsExecutable(executable(path)).setDigest(store.putCopy(path)));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Tree.Builder tree = Tree.newBuilder();
                    Map<Digest, Directory> children = new LinkedHashMap<>();
                    tree.setRoot(directory(path, store, children));
                    tree.addAllChildren(children.values());
                    Digest treeDigest = Digests.of(tree.build().toByteString());
                    store.put(tree.build().toByteString(), treeDigest);
                    result.addOutputDirectories(OutputDirectory.newBuilder().setPath(output).setTreeDigest(treeDigest));
                }
            }
        } finally {
            FileTrees.deleteRecursively(unpacked);
        }
    }

    /** By the owner's bit, as the artifact keeps it: as root, {@link Files#isExecutable} says yes to any file with a bit set. */
    private static boolean executable(Path file) throws IOException {
        return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_EXECUTE);
    }

    /** The directory as the API describes it, its files stored; every directory below it goes into {@code children}. */
    private static Directory directory(Path dir, BlobStore store, Map<Digest, Directory> children) throws IOException {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = new ArrayList<>(listing.toList());
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        Directory.Builder builder = Directory.newBuilder();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                Directory child = directory(entry, store, children);
                Digest digest = Digests.of(child.toByteString());
                store.put(child.toByteString(), digest); // GetTree walks the store too
                children.putIfAbsent(digest, child);
                builder.addDirectories(DirectoryNode.newBuilder().setName(name).setDigest(digest));
            } else {
                boolean executable = executable(entry);
                builder.addFiles(FileNode.newBuilder().setName(name).setIsExecutable(executable)
                        .setDigest(store.putCopy(entry)));
            }
        }
        return builder.build();
    }
}
