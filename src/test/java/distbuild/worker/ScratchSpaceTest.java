package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ScratchSpaceTest {
    @TempDir
    Path temp;

    private ScratchSpace scratch() {
        return new ScratchSpace(LoggerFactory.getLogger("test"), temp);
    }

    @Test
    void directoryComesBackEmptyButForTheSourceDirAndCaptureFilesAndIsReused() throws Exception {
        ScratchSpace scratch = scratch();
        Path dir = scratch.take();
        Files.createDirectories(dir.resolve("src/deep/er"));
        Files.writeString(dir.resolve("src/deep/er/input.c"), "int main;");
        Files.writeString(dir.resolve("stdout"), "old output");
        Files.createDirectories(dir.resolve("output/x"));

        scratch.giveBack(dir);

        assertThat(scratch.take()).isEqualTo(dir);
        assertThat(dir.resolve("src")).isEmptyDirectory();
        assertThat(dir.resolve("output")).doesNotExist();
        assertThat(dir.resolve("stdout")).exists();
    }

    @Test
    void twoRunsAtOnceGetDifferentDirectories() throws Exception {
        ScratchSpace scratch = scratch();
        assertThat(scratch.take()).isNotEqualTo(scratch.take());
    }

    @Test
    void entriesAJobTurnedIntoSomethingElseAreRemoved() throws Exception {
        ScratchSpace scratch = scratch();
        Path dir = scratch.take();
        Files.writeString(dir.resolve("src"), "a file where the source directory was");
        Files.createDirectories(dir.resolve("stdout"));

        scratch.giveBack(dir);

        assertThat(dir.resolve("src")).doesNotExist();
        assertThat(dir.resolve("stdout")).doesNotExist();
    }

    @Test
    void sourceDirectoryLockedByAJobIsUnlockedAndEmptied() throws Exception {
        ScratchSpace scratch = scratch();
        Path dir = scratch.take();
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(src.resolve("locked"));
        Files.writeString(src.resolve("locked/file"), "x");
        Files.setPosixFilePermissions(src.resolve("locked"), PosixFilePermissions.fromString("r-x------"));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("r-x------"));

        scratch.giveBack(dir);

        assertThat(src).isEmptyDirectory();
        assertThat(Files.getPosixFilePermissions(src)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
