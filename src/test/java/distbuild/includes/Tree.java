package distbuild.includes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Files in a temporary directory, written with times in the past so that the directive cache trusts them. */
final class Tree {
    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));
    private final Path root;

    Tree(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    Tree file(String relative, String text) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, AN_HOUR_AGO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Tree directory(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The paths, relative to the root, of {@code files}; others stay absolute. */
    SortedSet<String> relative(Set<Path> files) {
        SortedSet<String> names = new TreeSet<>();
        for (Path file : files) {
            names.add(file.startsWith(root) ? root.relativize(file).toString() : file.toString());
        }
        return names;
    }
}
