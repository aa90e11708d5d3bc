package distbuild.transfer;

import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Describes a directory tree entry by entry, so two trees compare with a readable difference. */
final class Trees {
    private Trees() {}

    /** Relative path ("dir/" for directories) → what is there: kind, size, executable bit, content ID. */
    static Map<String, String> describe(Path root) throws IOException {
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
}
