package distbuild.client;

import distbuild.files.FileTrees;
import distbuild.model.SourcePath;
import distbuild.tar.TarStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lays artifacts out in a directory of the user's, such as {@code --output out}: each archive is
 * first unpacked whole (with every check of {@link TarStream#extract}) beside its destination,
 * then moved into place file by file, so a broken or hostile transfer leaves nothing behind and
 * a good one replaces what an earlier build put there.
 */
final class OutputDirectory {
    // Unpacking runs in parallel; moving into place does not, so two artifacts sharing a directory
    // (build/ of two targets) never race to create or replace it.
    private static final Object MOVING_INTO_PLACE = new Object();

    private OutputDirectory() {}

    /**
     * @param replacedWhole directories of the artifact that replace what is at their path, instead
     *     of being merged with it: a declared directory output must not keep files an older build left
     * @return how many files were placed
     */
    static int extractInto(InputStream tar, Path directory, List<String> replacedWhole) throws IOException {
        Files.createDirectories(directory);
        Path staging = directory.resolve(".distbuild-incoming-" + UUID.randomUUID());
        try {
            TarStream.extract(tar, staging);
            int files;
            try (var tree = Files.walk(staging)) {
                files = (int) tree.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).count();
            }
            synchronized (MOVING_INTO_PLACE) {
                for (String path : replacedWhole) {
                    if (SourcePath.problem(path).isEmpty() && Files.isDirectory(staging.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                        deleteAnything(directory.resolve(path));
                    }
                }
                mergeInto(staging, directory);
            }
            return files;
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteRecursively(staging);
            }
        }
    }

    private static void mergeInto(Path from, Path to) throws IOException {
        for (Path source : children(from)) {
            Path target = to.resolve(source.getFileName().toString());
            boolean sourceIsDirectory = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
            boolean targetIsDirectory = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
            if (sourceIsDirectory && targetIsDirectory) {
                mergeInto(source, target);
                continue;
            }
            if (sourceIsDirectory || targetIsDirectory) {
                deleteAnything(target); // a file where a directory now goes, or the other way round
            }
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Removes whatever is at {@code path} — a tree, a file, a link (not what it points to) — if anything. */
    private static void deleteAnything(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.deleteRecursively(path);
        } else {
            Files.deleteIfExists(path);
        }
    }

    private static List<Path> children(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        }
        return children;
    }
}
