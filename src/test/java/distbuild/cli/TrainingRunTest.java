package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import distbuild.launch.ProgramPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up archive's training: if a part of it fails, the launcher keeps a weaker archive (or
 * none) and every later start is slower without anyone being told, so each part is run here.
 */
class TrainingRunTest {
    @Test
    void theNinjaPartBuildsItsProjectAndThenFindsNothingToDo(@TempDir Path scratch) throws Exception {
        assumeTrue(ProgramPath.find("cc").isPresent(), "needs a C compiler");
        Path project = scratch.resolve("ninja");

        assertThat(TrainingRun.trainNinja(project)).isZero();

        Path program = project.resolve("hello");
        assertThat(program).isExecutable();
        Process hello = new ProcessBuilder(program.toString(), "training").redirectErrorStream(true).start();
        assertThat(hello.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(hello.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, training\n");
        // Both builds left ninja's records, as a build through local -C does, and the second scanned nothing anew.
        assertThat(Files.readString(project.resolve(".ninja_log"))).contains("hello", "main.o", "greet.o");
        assertThat(distbuild.includes.ScanMemo.load(project.resolve(".distbuild-scans")).size()).isEqualTo(2);
    }

    @Test
    void findsProgramsOnlyWhereThePathSays() {
        assertThat(ProgramPath.find("sh")).hasValueSatisfying(found -> assertThat(Path.of(found)).isAbsolute().isExecutable());
        assertThat(ProgramPath.find("no-such-program-distbuild")).isEmpty();
    }
}
