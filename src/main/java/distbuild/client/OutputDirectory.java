package distbuild.client;

import distbuild.files.FileTrees;
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
    private OutputDirectory() {}

    /** @return how many files were placed */
    static int extractInto(InputStream tar, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path staging = directory.resolve(".distbuild-incoming-" + UUID.randomUUID());
        try {
            TarStream.extract(tar, staging);
            int files;
            try (var tree = Files.walk(staging)) {
                files = (int) tree.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).count();
            }
            mergeInto(staging, directory);
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
            if (sourceIsDirectory && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                mergeInto(source, target);
                continue;
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteRecursively(target); // was a directory, is a file now
            }
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
