package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.launch.Launcher;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** How a worker runs a job's commands: real processes in real directories. */
class CommandExecutorTest {
    private static final Id DEP = Id.ofContent("dep".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path temp;

    private Path sourceDir;
    private Path outputDir;
    private Path depDir;
    private final CommandExecutor executor = new CommandExecutor(LoggerFactory.getLogger("test"), 64 * 1024, true, Launcher.best());

    @BeforeEach
    void layOut() throws Exception {
        sourceDir = Files.createDirectories(temp.resolve("src"));
        outputDir = Files.createDirectories(temp.resolve("out"));
        depDir = Files.createDirectories(temp.resolve("dep"));
    }

    @Test
    void outputOfAllCommandsIsConcatenatedPerStream() throws Exception {
        JobResult result = run(exec("sh", "-c", "echo one; echo err-one >&2"), exec("sh", "-c", "echo two; echo err-two >&2"));

        assertThat(result.succeeded()).isTrue();
        assertThat(text(result.stdout())).isEqualTo("one\ntwo\n");
        assertThat(text(result.stderr())).isEqualTo("err-one\nerr-two\n");
    }

    @Test
    void firstFailingCommandStopsTheJobWithItsExitCode() throws Exception {
        Path marker = temp.resolve("second-ran");
        JobResult result = run(exec("sh", "-c", "echo before; exit 4"), exec("touch", marker.toString()));

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.error()).isNull();
        assertThat(text(result.stdout())).isEqualTo("before\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aJobRunsInASessionOfItsOwnSoSignalsToTheWorkersGroupMissIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "needs setsid(1)");
        JobResult result = run(exec("sh", "-c", "ps -o sid= -p $$"));
        String workerSession = new String(new ProcessBuilder("ps", "-o", "sid=", "-p", Long.toString(ProcessHandle.current().pid()))
                .start().getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(result.succeeded()).isTrue();
        assertThat(text(result.stdout()).strip()).isNotEmpty().isNotEqualTo(workerSession);
    }

    @Test
    void programNotOnThePathIsAnErrorNamingIt() throws Exception {
        JobResult result = run(exec("definitely-not-a-program"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("cannot start \"definitely-not-a-program\"", "No such file or directory");
    }

    @Test
    void emptyEnvironInheritsTheWorkersEnvironment() throws Exception {
        JobResult result = run(exec("sh", "-c", "echo $PATH"));

        assertThat(text(result.stdout()).strip()).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void nonEmptyEnvironIsTheWholeEnvironment() throws Exception {
        JobResult result = run(new Cmd.Exec(List.of("env"), List.of("ONLY=this", "AND=that=too"), ""));

        assertThat(text(result.stdout()).lines().sorted().toList()).containsExactly("AND=that=too", "ONLY=this");
    }

    @Test
    void malformedEnvironEntryFailsTheJob() throws Exception {
        JobResult result = run(new Cmd.Exec(List.of("true"), List.of("NO_EQUALS_SIGN"), ""));

        assertThat(result.error()).contains("\"NO_EQUALS_SIGN\" is not KEY=VALUE");
    }

    @Test
    void workingDirectoryDefaultsToTheSourceDirAndRelativeOnesAreInsideIt() throws Exception {
        Files.createDirectories(sourceDir.resolve("sub"));

        assertThat(text(run(exec("pwd")).stdout()).strip()).isEqualTo(sourceDir.toRealPath().toString());
        assertThat(text(run(new Cmd.Exec(List.of("pwd"), List.of(), "sub")).stdout()).strip())
                .isEqualTo(sourceDir.resolve("sub").toRealPath().toString());
        assertThat(text(run(new Cmd.Exec(List.of("pwd"), List.of(), "{{.OutputDir}}")).stdout()).strip())
                .isEqualTo(outputDir.toRealPath().toString());
    }

    @Test
    void templatesInEveryStringAreRendered() throws Exception {
        JobResult result = run(new Cmd.Exec(
                List.of("sh", "-c", "echo $1 $2 $X", "sh", "{{.SourceDir}}", "{{index .Deps \"" + DEP.hex() + "\"}}"),
                List.of("X={{.OutputDir}}/x"), ""));

        assertThat(text(result.stdout())).isEqualTo(sourceDir + " " + depDir + " " + outputDir + "/x\n");
    }

    @Test
    void catWritesItsTextCreatingDirectoriesAndResolvingRelativePathsInTheSourceDir() throws Exception {
        JobResult result = run(new Cmd.Cat("in {{.SourceDir}}\n", "{{.OutputDir}}/deep/er/file.txt"),
                new Cmd.Cat("relative\n", "notes/rel.txt"));

        assertThat(result.succeeded()).isTrue();
        assertThat(outputDir.resolve("deep/er/file.txt")).hasContent("in " + sourceDir);
        assertThat(sourceDir.resolve("notes/rel.txt")).hasContent("relative");
    }

    @Test
    void catThatCannotWriteFailsTheJob() throws Exception {
        Files.writeString(sourceDir.resolve("blocker"), "a file, not a directory");

        JobResult result = run(new Cmd.Cat("x", "blocker/file.txt"));

        assertThat(result.error()).contains("cannot write \"blocker/file.txt\"");
    }

    @Test
    void templateErrorFailsTheJobNamingTheTemplateBeforeAnythingRuns() throws Exception {
        Path marker = temp.resolve("ran");
        JobResult result = run(exec("touch", marker.toString()), exec("echo", "{{.Nope}}"));

        assertThat(result.error()).contains("command 2 of 2", "{{.Nope}}");
        assertThat(marker).as("commands before the bad one did run").exists();
    }

    @Test
    void outputBeyondTheLimitIsCutWithANote() throws Exception {
        JobResult result = run(exec("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x"));

        assertThat(result.stdout().length).isLessThan(64 * 1024 + 200);
        assertThat(text(result.stdout())).endsWith("[distbuild: " + (200000 - 64 * 1024) + " more bytes of output were not kept]\n");
    }

    @Test
    void cancellingKillsTheProcessAndEverythingItStarted() throws Exception {
        Path pids = temp.resolve("pids");
        Cmd spawner = exec("sh", "-c", "sleep 600 & echo $! > " + pids + ".child; echo $$ > " + pids + ".tmp; mv "
                + pids + ".tmp " + pids + "; wait");
        CompletableFuture<Thread> jobThread = new CompletableFuture<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JobResult> running = threads.submit(() -> {
                jobThread.complete(Thread.currentThread());
                return run(spawner);
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids));
            long parent = Long.parseLong(Files.readString(pids).strip());
            long child = Long.parseLong(Files.readString(Path.of(pids + ".child")).strip());

            jobThread.get().interrupt();

            await().atMost(Duration.ofSeconds(5)).until(() -> gone(parent) && gone(child));
            assertThat(running).failsWithin(Duration.ofSeconds(5));
        }
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }

    @Test
    void aCatCommandWritesOnlyInTheJobsOwnDirectoriesAndNeverThroughALink() throws Exception {
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside);
        Files.createSymbolicLink(sourceDir.resolve("link"), outside);

        JobResult absolute = run(new Cmd.Cat("x", outside.resolve("absolute.txt").toString()));
        JobResult climbing = run(new Cmd.Cat("x", "../outside/climbing.txt"));
        JobResult throughLink = run(new Cmd.Cat("x", "link/through.txt"));
        Files.createSymbolicLink(sourceDir.resolve("last"), outside.resolve("last.txt"));
        JobResult ontoLink = run(new Cmd.Cat("x", "last"));

        assertThat(absolute.error()).contains("not a file in the job's source tree or output directory");
        assertThat(climbing.error()).contains("not a file in the job's source tree or output directory");
        assertThat(throughLink.error()).contains("its directory link is a symbolic link");
        assertThat(ontoLink.succeeded()).isFalse();
        try (var left = Files.list(outside)) {
            assertThat(left.toList()).as("nothing written outside the job's directories").isEmpty();
        }
    }

    private JobResult run(Cmd... cmds) throws Exception {
        Job job = new Job(Id.ofContent(String.valueOf(System.nanoTime()).getBytes(StandardCharsets.UTF_8)), "test",
                List.of(), List.of(DEP), List.of(cmds));
        Path scratch = Files.createTempDirectory(temp, "run");
        JobRun run = JobRun.start(new JobSpec(job, Map.of(), Map.of()), scratch)
                .withOutputDir(outputDir)
                .withInputs(sourceDir, Map.of(DEP, depDir));
        return executor.execute(run);
    }

    private static Cmd exec(String... argv) {
        return new Cmd.Exec(List.of(argv));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
