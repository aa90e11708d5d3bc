package distbuild.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's output by content: what a job reading it would see, and nothing else. */
class TreeDigestTest {
    @TempDir
    Path temp;

    private Path tree(String name, String content) throws Exception {
        Path root = Files.createDirectories(temp.resolve(name));
        Files.createDirectories(root.resolve("lib"));
        Files.writeString(root.resolve("lib/a.o"), content);
        Files.writeString(root.resolve("app"), "binary");
        return root;
    }

    @Test
    void theSameFilesHaveTheSameDigestWhateverTheirTimesAndAnyDifferenceChangesIt() throws Exception {
        Path one = tree("one", "object");
        Path two = tree("two", "object");
        Files.setLastModifiedTime(two.resolve("lib/a.o"), FileTime.fromMillis(0));
        Files.setPosixFilePermissions(two.resolve("app"), PosixFilePermissions.fromString("r--r-----"));
        assertThat(FileTrees.digest(two)).isEqualTo(FileTrees.digest(one)).matches("[0-9a-f]{64}");

        assertThat(FileTrees.digest(tree("content", "0bject"))).isNotEqualTo(FileTrees.digest(one));
        Path executable = tree("executable", "object");
        Files.setPosixFilePermissions(executable.resolve("app"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(FileTrees.digest(executable)).isNotEqualTo(FileTrees.digest(one));
        Path extraDirectory = tree("directory", "object");
        Files.createDirectory(extraDirectory.resolve("empty"));
        assertThat(FileTrees.digest(extraDirectory)).isNotEqualTo(FileTrees.digest(one));
        Path renamed = tree("renamed", "object");
        Files.move(renamed.resolve("app"), renamed.resolve("app2"));
        assertThat(FileTrees.digest(renamed)).isNotEqualTo(FileTrees.digest(one));
    }

    @Test
    void aLinkedTreeReadsAsItsSourceAndASymbolicLinkIsRefused() throws Exception {
        Path source = tree("source", "object");
        FileTrees.linkTree(source, temp.resolve("linked"));
        assertThat(FileTrees.digest(temp.resolve("linked"))).isEqualTo(FileTrees.digest(source));
        assertThat(Files.isSameFile(temp.resolve("linked/lib/a.o"), source.resolve("lib/a.o"))).as("a hard link").isTrue();
        Files.createSymbolicLink(source.resolve("link"), Path.of("app"));
        assertThatThrownBy(() -> FileTrees.digest(source)).isInstanceOf(SpecialFileException.class);
    }
}
