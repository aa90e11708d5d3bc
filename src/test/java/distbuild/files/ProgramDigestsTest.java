package distbuild.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramDigestsTest {
    @TempDir
    Path temp;

    @AfterEach
    void keepNoMore() {
        FileDigests.rememberProgramsIn(null);
    }

    @Test
    void aProgramIsReadOnceAndAgainWhenItChanges() throws Exception {
        Path program = Files.writeString(temp.resolve("cc"), "version one");
        Path memo = temp.resolve("memo/program-digests");
        FileDigests.rememberProgramsIn(memo);

        String first = FileDigests.programSha256(program);
        assertThat(first).isEqualTo(FileDigests.sha256(program));
        assertThat(Files.readString(memo)).contains(first, program.toRealPath().toString());

        // Same size, same time set back: only its ctime tells, and that is enough.
        FileTime time = Files.getLastModifiedTime(program);
        Files.writeString(program, "version two");
        Files.setLastModifiedTime(program, time);
        String second = FileDigests.programSha256(program);
        assertThat(second).isNotEqualTo(first).isEqualTo(FileDigests.sha256(program));
    }

    @Test
    void aLaterProcessBelievesTheMemoOnlyForTheFileItDescribes() throws Exception {
        Path program = Files.writeString(temp.resolve("as"), "an assembler");
        Path memo = temp.resolve("program-digests");
        FileDigests.rememberProgramsIn(memo);
        String real = FileDigests.programSha256(program);

        // Another process wrote a wrong digest for the same file, and lines that are damaged.
        String realPath = program.toRealPath().toString();
        String line = Files.readString(memo).lines().filter(l -> l.endsWith(realPath)).findFirst().orElseThrow();
        String forged = "0".repeat(64) + line.substring(64);
        Files.writeString(memo, "garbage\n\tno digest\n" + line + "\n" + forged + "\n");
        FileDigests.rememberProgramsIn(memo);
        assertThat(FileDigests.programSha256(program)).as("a line for this very file is believed: the latest wins")
                .isEqualTo("0".repeat(64));

        // Once the file is another, its line no longer matches it.
        Files.writeString(program, "another assembler");
        Files.setLastModifiedTime(program, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(FileDigests.programSha256(program)).isEqualTo(FileDigests.sha256(program)).isNotEqualTo(real);
    }

    @Test
    void anUnreadableMemoIsOnlyACost() throws Exception {
        Path program = Files.writeString(temp.resolve("ld"), "a linker");
        FileDigests.rememberProgramsIn(Files.createDirectories(temp.resolve("a-directory")));
        assertThat(FileDigests.programSha256(program)).isEqualTo(FileDigests.sha256(program));
    }
}
