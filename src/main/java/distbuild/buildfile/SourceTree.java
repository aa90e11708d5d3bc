package distbuild.buildfile;

import distbuild.model.Id;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source tree a build file describes, as relative '/'-separated paths. Lists files under a
 * directory for globs (skipping version-control metadata) and hashes each file once.
 */
final class SourceTree {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", ".hg", ".svn");

    private final Path root;
    private final Map<String, List<String>> listings = new HashMap<>();
    private final Map<String, Id> ids = new HashMap<>();

    SourceTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    boolean isFile(String path) {
        return Files.isRegularFile(resolve(path));
    }

    boolean isDirectory(String path) {
        return Files.isDirectory(resolve(path));
    }

    /** Every regular file under {@code directory} ("" for the root), sorted; empty if there is no such directory. */
    List<String> filesUnder(String directory) {
        return listings.computeIfAbsent(directory, this::list);
    }

    /** The content ID of a file in the tree. */
    Id fileId(String path) {
        return ids.computeIfAbsent(path, p -> {
            try {
                return Id.ofFile(resolve(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read source file \"" + p + "\": " + e.getMessage(), e);
            }
        });
    }

    private Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    private List<String> list(String directory) {
        Path start = resolve(directory);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(start) && SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    // A symbolic link counts if it leads to a regular file; the build reads what it points at.
                    if (attributes.isRegularFile() || Files.isRegularFile(file)) {
                        files.add(relative(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list \"" + (directory.isEmpty() ? "." : directory)
                    + "\" in the source tree: " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
