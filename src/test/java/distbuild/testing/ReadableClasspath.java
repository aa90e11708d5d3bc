package distbuild.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This test run's classpath, copied once into a directory every user can read: a process started
 * as another user (a worker as an ordinary user) cannot read Maven's repository under root's home.
 */
final class ReadableClasspath {
    private static String copied;

    private ReadableClasspath() {}

    static synchronized String get() {
        if (copied == null) {
            try {
                copied = copy();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the classpath for another user", e);
            }
        }
        return copied;
    }

    private static String copy() throws IOException {
        Path dir = Files.createTempDirectory("distbuild-classpath");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                distbuild.files.FileTrees.deleteRecursively(dir);
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }));
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve(index++ + "-" + from.getFileName());
            try (Stream<Path> tree = Files.walk(from)) {
                for (Path path : (Iterable<Path>) tree::iterator) {
                    Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target);
                    }
                }
            }
            entries.add(to.toString());
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
