package distbuild.testing;

import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Describes a directory tree entry by entry, so two trees compare with a readable difference. */
public final class Trees {
    private Trees() {}

    /** Relative path ("dir/" for directories) → what is there: kind, size, executable bit, content ID. */
    public static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Iterator<Path> it = paths.iterator(); it.hasNext(); ) {
                Path path = it.next();
                if (path.equals(root)) {
                    continue;
                }
                String name = root.relativize(path).toString();
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    tree.put(name + "/", "directory");
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    boolean executable = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    tree.put(name, (executable ? "executable" : "file") + ", " + Files.size(path) + " bytes, "
                            + Id.ofFile(path).shortHex());
                } else {
                    tree.put(name, "neither a file nor a directory");
                }
            }
        }
        return tree;
    }

    /** Copies the tree at {@code from} to {@code to} (which must not exist), keeping executable bits. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Iterator<Path> it = paths.iterator(); it.hasNext(); ) {
                Path path = it.next();
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** The regular files under {@code root}, as sorted relative '/'-separated paths. */
    public static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
        }
    }
}
