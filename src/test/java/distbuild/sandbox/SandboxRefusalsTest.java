package distbuild.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sandbox} and its limits, given wrongly or where they cannot hold: a clear refusal, before any job runs. */
class SandboxRefusalsTest {
    @TempDir
    Path temp;

    @Test
    void aSandboxWithoutBubblewrapIsRefusedNamingWhatToInstall() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String program : List.of("sh", "prlimit", "setpriv", "cat")) {
            Path real = Path.of("/usr/bin", program);
            Files.createSymbolicLink(bin.resolve(program), Files.exists(real) ? real : Path.of("/bin", program));
        }
        Run run = distbuild(Map.of("PATH", bin.toString()), "local", "--sandbox", "--data", temp.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--sandbox needs the bwrap command", "install bubblewrap (Debian: apt-get install bubblewrap)");
        assertThat(run.stdout()).doesNotContain("build succeeded");
    }

    @Test
    void aLimitWithoutASandboxIsRefused() throws Exception {
        Run run = distbuild(Map.of(), "local", "--job-memory", "1G", "--data", temp.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--job-memory limits sandboxed jobs: give --sandbox too");
    }

    @Test
    void limitsTooSmallToRunAnythingAreRefused() throws Exception {
        assertThat(distbuild(Map.of(), "local", "--sandbox", "--job-processes", "3").stderr())
                .contains("a job needs at least 16 processes, got 3");
        assertThat(distbuild(Map.of(), "local", "--sandbox", "--job-memory", "1M").stderr())
                .contains("a job needs at least 64M of memory");
        assertThat(distbuild(Map.of(), "worker", "--coordinator", "http://127.0.0.1:9", "--data", temp.toString(),
                "--sandbox", "--job-uids", "0").stderr())
                .contains("job users start at a user ID from 1 to");
        assertThat(distbuild(Map.of(), "local", "--sandbox", "--job-disk", "lots").stderr())
                .contains("expected a size like 512M, 20G or 1T, got 'lots'");
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run distbuild(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("distbuild.yaml"), "jobs:\n  - name: hello\n    run: echo hello\n");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(temp.resolve("stdout").toFile()).redirectError(temp.resolve("stderr").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("distbuild " + String.join(" ", args) + " did not end");
        }
        return new Run(process.exitValue(), Files.readString(temp.resolve("stdout")), Files.readString(temp.resolve("stderr")));
    }
}
