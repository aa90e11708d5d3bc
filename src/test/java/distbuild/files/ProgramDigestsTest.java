package distbuild.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramDigestsTest {
    /** A program of the machine's that nobody changed lately, as compilers are. */
    private static final Path SETTLED = Path.of("/bin/sh");

    @TempDir
    Path temp;

    @AfterEach
    void keepNoMore() {
        FileDigests.rememberProgramsIn(null);
    }

    @Test
    void aProgramIsReadOnceAndAgainWhenItChanges() throws Exception {
        Path memo = temp.resolve("memo/program-digests");
        FileDigests.rememberProgramsIn(memo);
        String settled = FileDigests.programSha256(SETTLED);
        assertThat(settled).isEqualTo(FileDigests.sha256(SETTLED));
        assertThat(Files.readString(memo)).contains(settled, SETTLED.toRealPath().toString());

        Path program = Files.writeString(temp.resolve("cc"), "version one");
        String first = FileDigests.programSha256(program);
        assertThat(first).isEqualTo(FileDigests.sha256(program));
        assertThat(Files.readString(memo)).as("a file changed just now is not kept for later runs")
                .doesNotContain(program.toRealPath().toString());
        // Same size, same time set back: only its ctime tells, and that is enough.
        FileTime time = Files.getLastModifiedTime(program);
        Files.writeString(program, "version two");
        Files.setLastModifiedTime(program, time);
        assertThat(FileDigests.programSha256(program)).isNotEqualTo(first).isEqualTo(FileDigests.sha256(program));
    }

    @Test
    void aLaterProcessBelievesTheMemoOnlyForTheFileItDescribes() throws Exception {
        Path memo = temp.resolve("program-digests");
        FileDigests.rememberProgramsIn(memo);
        String real = FileDigests.programSha256(SETTLED);
        String realPath = SETTLED.toRealPath().toString();
        String line = Files.readString(memo).lines().filter(l -> l.endsWith(realPath)).findFirst().orElseThrow();

        // Another process wrote a digest for the same file, among damaged lines: the latest for this very file wins.
        String forged = "0".repeat(64) + line.substring(64);
        Files.writeString(memo, "garbage\n\tno digest\n" + "1".repeat(64) + "\tx\t\u0000bad\n" + line + "\n" + forged + "\n");
        FileDigests.rememberProgramsIn(memo);
        assertThat(FileDigests.programSha256(SETTLED)).isEqualTo("0".repeat(64));

        // A line whose identity is not the file's is not believed.
        Path other = Files.writeString(temp.resolve("as"), "an assembler");
        Files.writeString(memo, "2".repeat(64) + "\t1:2 3 4 5\t" + other.toRealPath() + "\n");
        FileDigests.rememberProgramsIn(memo);
        assertThat(FileDigests.programSha256(other)).isEqualTo(FileDigests.sha256(other));
        assertThat(real).isNotEqualTo("0".repeat(64));
    }

    @Test
    void anUnreadableMemoIsOnlyACost() throws Exception {
        Path program = Files.writeString(temp.resolve("ld"), "a linker");
        FileDigests.rememberProgramsIn(Files.createDirectories(temp.resolve("a-directory")));
        assertThat(FileDigests.programSha256(program)).isEqualTo(FileDigests.sha256(program));
    }
}
