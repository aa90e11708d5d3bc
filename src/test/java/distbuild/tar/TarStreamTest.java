package distbuild.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Id;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarStreamTest {
    @TempDir
    Path temp;

    private Path tree;
    /** A directory of its own, so a test can check that extraction left nothing else in it. */
    private Path extractionParent;
    private Path target;

    @BeforeEach
    void createDirectories() throws IOException {
        tree = Files.createDirectory(temp.resolve("tree"));
        extractionParent = Files.createDirectory(temp.resolve("extracted"));
        target = extractionParent.resolve("artifact");
    }

    @Test
    void roundTripKeepsContentsEmptyDirectoriesEmptyFilesAndExecutableBits() throws IOException {
        write("a/b/c.txt", "nested\n");
        write("a/readme", "top of a\n");
        Files.createDirectories(tree.resolve("a/empty"));
        write("empty.txt", "");
        write("bin/tool", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));

        TarStream.extract(new ByteArrayInputStream(archive(tree)), target);

        assertThat(target.resolve("a/b/c.txt")).hasContent("nested\n");
        assertThat(target.resolve("a/readme")).hasContent("top of a\n");
        assertThat(target.resolve("a/empty")).isEmptyDirectory();
        assertThat(target.resolve("empty.txt")).isRegularFile().isEmptyFile();
        assertThat(target.resolve("bin/tool")).hasContent("#!/bin/sh\necho hi\n");
        assertThat(permissions(target.resolve("bin/tool"))).isEqualTo("rwxr-xr-x");
        assertThat(permissions(target.resolve("a/readme"))).isEqualTo("rw-r--r--");
        assertThat(permissions(target.resolve("a/empty"))).isEqualTo("rwxr-xr-x");
        assertThat(relativePaths(target)).isEqualTo(relativePaths(tree));
        try (Stream<Path> besideTarget = Files.list(extractionParent)) {
            assertThat(besideTarget).as("what extraction left in the target's parent").containsExactly(target);
        }
    }

    @Test
    void writesRelativeNamesInSortedOrderWithNormalizedModes() throws IOException {
        write("z.txt", "z");
        write("b/x.sh", "x");
        Files.setPosixFilePermissions(tree.resolve("b/x.sh"), PosixFilePermissions.fromString("rwx------"));
        write("a.txt", "a");
        Files.createDirectories(tree.resolve("b/empty"));

        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive(tree)))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName() + " " + Integer.toOctalString(entry.getMode()));
            }
        }

        assertThat(entries).containsExactly(
                "a.txt 644",
                "b/ 755",
                "b/empty/ 755",
                "b/x.sh 755",
                "z.txt 644");
    }

    @Test
    void writingLeavesTheCallersStreamOpen() throws IOException {
        write("a.txt", "a");
        var out = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };

        TarStream.write(tree, out);

        assertThat(out.closed).isFalse();
        assertThat(out.size() % 512).isZero();
    }

    @Test
    void namesLongerThanAUstarHeaderHoldSurviveTheRoundTrip() throws IOException {
        String longPath = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(120) + ".txt";
        write(longPath, "deep");

        TarStream.extract(new ByteArrayInputStream(archive(tree)), target);

        assertThat(target.resolve(longPath)).hasContent("deep");
    }

    @Test
    void aFileOfSeveralMegabytesStreamsThroughAPipe() throws Exception {
        byte[] block = new byte[64 * 1024];
        new Random(42).nextBytes(block);
        Path big = tree.resolve("big.bin");
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 80; i++) { // 5 MiB
                out.write(block);
            }
        }
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (out) {
                TarStream.write(tree, out);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });

        TarStream.extract(in, target);

        writer.get(30, TimeUnit.SECONDS);
        assertThat(Files.size(target.resolve("big.bin"))).isEqualTo(Files.size(big));
        assertThat(Id.ofFile(target.resolve("big.bin"))).isEqualTo(Id.ofFile(big));
    }

    @Test
    void writingATreeWithASymbolicLinkFailsNamingIt() throws IOException {
        write("lib/real.txt", "real");
        Files.createSymbolicLink(tree.resolve("lib/alias.txt"), Path.of("real.txt"));

        assertThatThrownBy(() -> TarStream.write(tree, OutputStream.nullOutputStream()))
                .isInstanceOf(UnsupportedFileTypeException.class)
                .hasMessageContaining("\"lib/alias.txt\"")
                .hasMessageContaining("symbolic link")
                .satisfies(e -> assertThat(((UnsupportedFileTypeException) e).relativePath()).isEqualTo("lib/alias.txt"));
    }

    @Test
    void refusesAnAbsoluteName() throws IOException {
        assertRefused(hostileArchive(new TarArchiveEntry("/etc/passwd", true)), "\"/etc/passwd\"", "absolute");
    }

    @Test
    void refusesADotDotComponent() throws IOException {
        assertRefused(hostileArchive(new TarArchiveEntry("sub/../../escape.txt")), "\"sub/../../escape.txt\"", "'..'");
    }

    @Test
    void refusesASymbolicLink() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("passwd", TarConstants.LF_SYMLINK);
        link.setLinkName("/etc/passwd");
        assertRefused(hostileArchive(link), "\"passwd\"", "symbolic link to \"/etc/passwd\"");
    }

    @Test
    void refusesAHardLink() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("passwd", TarConstants.LF_LINK);
        link.setLinkName("/etc/passwd");
        assertRefused(hostileArchive(link), "\"passwd\"", "hard link");
    }

    @Test
    void refusesACharacterDevice() throws IOException {
        assertRefused(hostileArchive(device("null", TarConstants.LF_CHR)), "\"null\"", "character device");
    }

    @Test
    void refusesABlockDevice() throws IOException {
        assertRefused(hostileArchive(device("sda", TarConstants.LF_BLK)), "\"sda\"", "block device");
    }

    @Test
    void refusesAFifo() throws IOException {
        assertRefused(hostileArchive(new TarArchiveEntry("pipe", TarConstants.LF_FIFO)), "\"pipe\"", "FIFO");
    }

    @Test
    void readsAnArchiveLaidOutAsGoWritesIt() throws IOException {
        String longName = "very/" + "long-directory-name/".repeat(6) + "file-with-a-long-name.txt";
        assertThat(longName.length()).isGreaterThan(100);
        byte[] archive = new GoStyleTar()
                .directory("docs/", 040755)
                .file("docs/readme.md", 0644, "# docs\n")
                .file("tools/run.sh", 0755, "#!/bin/sh\n")
                .entry("legacy.txt", 0644, '\0', "old flag".getBytes(StandardCharsets.UTF_8))
                .fileWithLongName(longName, 0644, "found me")
                .finish();

        TarStream.extract(new ByteArrayInputStream(archive), target);

        assertThat(target.resolve("docs/readme.md")).hasContent("# docs\n");
        assertThat(target.resolve("tools/run.sh")).hasContent("#!/bin/sh\n");
        assertThat(permissions(target.resolve("tools/run.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(permissions(target.resolve("docs/readme.md"))).isEqualTo("rw-r--r--");
        assertThat(target.resolve("legacy.txt")).hasContent("old flag");
        assertThat(target.resolve(longName)).hasContent("found me");
        assertThat(relativePaths(target)).doesNotContain("very/PaxHeaders.0");
    }

    @Test
    void acceptsNamesWithALeadingDotSlashAndSkipsTheRootEntry() throws IOException {
        byte[] archive = new GoStyleTar()
                .directory("./", 0755)
                .directory(".", 0755)
                .file("./top.txt", 0644, "top")
                .directory("./sub/", 0755)
                .file("./sub/inner.txt", 0644, "inner")
                .finish();

        TarStream.extract(new ByteArrayInputStream(archive), target);

        assertThat(relativePaths(target)).containsExactly("sub", "sub/inner.txt", "top.txt");
        assertThat(target.resolve("sub/inner.txt")).hasContent("inner");
    }

    @Test
    void refusesAnArchiveCutOffBetweenEntries() {
        byte[] cutOff = new GoStyleTar().file("a.txt", 0644, "a").cutOffBeforeEnd();

        assertThatThrownBy(() -> TarStream.extract(new ByteArrayInputStream(cutOff), target))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("end-of-archive marker");
        assertNothingLeftBehind();
    }

    @Test
    void refusesAnArchiveCutOffInsideAFile() {
        byte[] whole = new GoStyleTar().file("a.txt", 0644, "x".repeat(2000)).finish();
        byte[] cutOff = Arrays.copyOf(whole, 512 + 1000);

        assertThatThrownBy(() -> TarStream.extract(new ByteArrayInputStream(cutOff), target))
                .isInstanceOf(IOException.class);
        assertNothingLeftBehind();
    }

    @Test
    void refusesToExtractOverAnExistingDirectory() throws IOException {
        Files.createDirectory(target);
        byte[] archive = new GoStyleTar().file("a.txt", 0644, "a").finish();

        assertThatThrownBy(() -> TarStream.extract(new ByteArrayInputStream(archive), target))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void anEmptyDirectoryRoundTripsToAnEmptyDirectory() throws IOException {
        TarStream.extract(new ByteArrayInputStream(archive(tree)), target);

        assertThat(target).isEmptyDirectory();
    }

    private void assertRefused(byte[] archive, String... messageParts) {
        assertThatThrownBy(() -> TarStream.extract(new ByteArrayInputStream(archive), target))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContainingAll(messageParts);
        assertNothingLeftBehind();
    }

    private void assertNothingLeftBehind() {
        assertThat(target).doesNotExist();
        assertThat(extractionParent).as("no staging directory may be left behind").isEmptyDirectory();
    }

    /** A harmless file first, so the refusal has something half-extracted to clean up. */
    private static byte[] hostileArchive(TarArchiveEntry hostile) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] content = "harmless".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry harmless = new TarArchiveEntry("dir/harmless.txt");
            harmless.setSize(content.length);
            tar.putArchiveEntry(harmless);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.putArchiveEntry(hostile);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static TarArchiveEntry device(String name, byte type) {
        TarArchiveEntry device = new TarArchiveEntry(name, type);
        device.setDevMajor(1);
        device.setDevMinor(3);
        return device;
    }

    private void write(String relativePath, String content) throws IOException {
        Path file = tree.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static byte[] archive(Path directory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarStream.write(directory, out);
        return out.toByteArray();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> relativePaths(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !path.equals(root))
                    .map(path -> root.relativize(path).toString())
                    .sorted()
                    .toList();
        }
    }
}
