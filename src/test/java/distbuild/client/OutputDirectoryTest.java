package distbuild.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.tar.TarStream;
import distbuild.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts laid out in a user's directory: replacing what an earlier build left, never half of one. */
class OutputDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void aFileBecomesADirectoryAndADirectoryAFile() throws Exception {
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.writeString(out.resolve("docs"), "was a file");
        Files.createDirectories(out.resolve("app/old"));

        OutputDirectory.extractInto(tar("docs/index.html", "hi", "app", "now a file"), out, List.of());

        assertThat(out.resolve("docs/index.html")).hasContent("hi");
        assertThat(out.resolve("app")).isRegularFile().hasContent("now a file");
    }

    @Test
    void aDeclaredDirectoryOutputIsReplacedWholeWhileSharedParentsAreMerged() throws Exception {
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.createDirectories(out.resolve("build/classes/app"));
        Files.writeString(out.resolve("build/classes/app/Removed.class"), "stale");
        Files.writeString(out.resolve("build/other.jar"), "another target's");

        int files = OutputDirectory.extractInto(tar("build/classes/app/Main.class", "new"), out, List.of("build/classes/app"));

        assertThat(files).isEqualTo(1);
        assertThat(Trees.files(out)).containsExactly("build/classes/app/Main.class", "build/other.jar");
    }

    @Test
    void manyArtifactsSharingDirectoriesArriveAtOnce() throws Exception {
        Path out = temp.resolve("out");
        List<Future<Integer>> fetches = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                byte[] artifact = tarBytes("build/lib/part" + i + ".o", "object " + i);
                fetches.add(threads.submit(() -> OutputDirectory.extractInto(new ByteArrayInputStream(artifact), out, List.of())));
            }
            for (Future<Integer> fetch : fetches) {
                assertThat(fetch.get()).isEqualTo(1);
            }
        }
        assertThat(Trees.files(out)).hasSize(16);
    }

    @Test
    void anUnsafeArchiveLeavesNothingBehind() throws Exception {
        Path out = Files.createDirectories(temp.resolve("out"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            add(tar, "fine.txt", "fine");
            add(tar, "../escaped.txt", "evil");
        }

        assertThatThrownBy(() -> OutputDirectory.extractInto(new ByteArrayInputStream(bytes.toByteArray()), out, List.of()))
                .isInstanceOf(IOException.class);
        assertThat(out).isEmptyDirectory();
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
    }

    private ByteArrayInputStream tar(String... pathsAndContents) throws IOException {
        return new ByteArrayInputStream(tarBytes(pathsAndContents));
    }

    /** An artifact as a worker sends it: the tar of a directory holding these files. */
    private byte[] tarBytes(String... pathsAndContents) throws IOException {
        Path tree = Files.createTempDirectory(temp, "artifact");
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = tree.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarStream.write(tree, bytes);
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
