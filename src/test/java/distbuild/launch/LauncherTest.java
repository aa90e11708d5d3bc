package distbuild.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both launchers, the JDK's and posix_spawn's, give a process the same start. */
class LauncherTest {
    @TempDir
    Path dir;

    static Stream<Launcher> launchers() {
        return Stream.of(Launcher.jdk(), Launcher.best()).distinct();
    }

    @Test
    void onAJdkWithTheForeignFunctionApiProcessesStartWithPosixSpawn() {
        // The suite runs with --enable-native-access=ALL-UNNAMED, as the launcher scripts do.
        if (Runtime.version().feature() >= 22) {
            assertThat(Launcher.best().getClass().getSimpleName()).isEqualTo("PosixSpawnLauncher");
            assertThat(Launcher.best().describe()).isEqualTo("posix_spawn");
        } else {
            assertThat(Launcher.best()).isSameAs(Launcher.jdk());
        }
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theProcessGetsItsArgumentsDirectoryEnvironmentAndAppendsToItsOutputFiles(Launcher launcher) throws Exception {
        Path work = Files.createDirectory(dir.resolve("work dir"));
        Path stdout = Files.writeString(dir.resolve("stdout"), "before\n");
        Path stderr = dir.resolve("stderr");
        Launched process = launcher.start(new Launch(List.of("sh", "-c", "pwd; printf '%s|' \"$@\"; echo; env | sort; "
                + "cat; echo to-stderr >&2; exit 7", "sh", "two words", ""), work, Map.of("ONLY", "this one", "PATH",
                "/usr/bin:/bin"), Path.of("/dev/null"), stdout, stderr, false));

        assertThat(process.waitFor()).isEqualTo(7);
        assertThat(Files.readAllLines(stdout)).containsExactly("before", work.toString(), "two words||", "ONLY=this one",
                "PATH=/usr/bin:/bin", "PWD=" + work);
        assertThat(Files.readString(stderr)).isEqualTo("to-stderr\n");
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void withoutAnEnvironmentTheProcessInheritsTheJvmsOwn(Launcher launcher) throws Exception {
        Path stdout = dir.resolve("stdout");
        Launched process = launcher.start(new Launch(List.of("sh", "-c", "echo \"$PATH\""), dir, null, Path.of("/dev/null"),
                stdout, dir.resolve("stderr"), false));

        assertThat(process.waitFor()).isZero();
        assertThat(Files.readString(stdout).strip()).isEqualTo(System.getenv("PATH"));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theProcessInheritsNoDescriptorNoBlockedOrIgnoredSignalAndGetsItsOwnSessionWhenAsked(Launcher launcher)
            throws Exception {
        // /proc/self is the reading program: ls lists its own descriptor 3 (the directory it reads) and no other.
        String script = "ls /proc/self/fd; grep -E '^Sig(Blk|Ign)' /proc/self/status; "
                + "cut -d' ' -f6 /proc/self/stat; cut -d' ' -f6 /proc/$$/stat";
        for (boolean ownSession : List.of(true, false)) {
            Path stdout = dir.resolve("stdout-" + ownSession);
            Launched process = launcher.start(new Launch(List.of("/bin/sh", "-c", script), dir, null, Path.of("/dev/null"),
                    stdout, dir.resolve("stderr"), ownSession));
            assertThat(process.waitFor()).isZero();

            List<String> lines = Files.readAllLines(stdout);
            assertThat(lines.subList(0, 4)).containsExactly("0", "1", "2", "3");
            assertThat(lines.get(4)).isEqualTo("SigBlk:\t0000000000000000");
            // Signals 32 and 33 are the C library's own, left ignored by it in every child; no other is.
            assertThat(Long.parseLong(lines.get(5).substring("SigIgn:\t".length()), 16) & ~0x180000000L).isZero();
            String childSession = lines.get(6);
            String shellSession = lines.get(7);
            long jvmSession = Long.parseLong(Files.readString(Path.of("/proc/self/stat")).split(" ")[5]);
            assertThat(childSession).isEqualTo(shellSession);
            if (ownSession) {
                assertThat(Long.parseLong(shellSession)).isNotEqualTo(jvmSession);
            } else {
                assertThat(Long.parseLong(shellSession)).isEqualTo(jvmSession);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aProgramThatCannotStartIsReportedWithTheSystemsReason(Launcher launcher) {
        Launch missing = new Launch(List.of("/no/such/program"), dir, null, Path.of("/dev/null"), dir.resolve("o"),
                dir.resolve("e"), true);
        assertThatThrownBy(() -> launcher.start(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining("/no/such/program").hasMessageContaining("No such file or directory");

        Launch badDirectory = new Launch(List.of("/bin/true"), dir.resolve("gone"), null, Path.of("/dev/null"),
                dir.resolve("o"), dir.resolve("e"), false);
        assertThatThrownBy(() -> launcher.start(badDirectory)).isInstanceOf(IOException.class)
                .hasMessageContaining("No such file or directory");
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aScriptWithoutAnInterpreterLineRunsWithTheShell(Launcher launcher) throws Exception {
        Path script = Files.writeString(dir.resolve("script"), "echo from the script\n");
        script.toFile().setExecutable(true);
        Path stdout = dir.resolve("stdout");
        Launched process = launcher.start(new Launch(List.of(script.toString()), dir, null, Path.of("/dev/null"), stdout,
                dir.resolve("stderr"), false));

        assertThat(process.waitFor()).isZero();
        assertThat(Files.readString(stdout)).isEqualTo("from the script\n");
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aProcessEndedBySignalReportsItAsAShellDoes(Launcher launcher) throws Exception {
        Launched process = launcher.start(new Launch(List.of("sh", "-c", "kill -9 $$"), dir, null, Path.of("/dev/null"),
                dir.resolve("o"), dir.resolve("e"), false));
        assertThat(process.waitFor()).isEqualTo(128 + 9);
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void killingTheTreeStopsWhatTheProcessStartedAndLeavesNoZombie(Launcher launcher) throws Exception {
        Path pids = dir.resolve("pids");
        Launched process = launcher.start(new Launch(List.of("sh", "-c", "sleep 300 & echo $! > pids.tmp; "
                + "echo $$ >> pids.tmp; mv pids.tmp pids; wait"), dir, null, Path.of("/dev/null"), dir.resolve("o"),
                dir.resolve("e"), true));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pids));
        List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();

        AtomicReference<Integer> exit = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                exit.set(process.waitFor());
            } catch (InterruptedException e) {
                process.killTree();
            }
        });
        waiter.interrupt();
        waiter.join(Duration.ofSeconds(20));

        assertThat(waiter.isAlive()).isFalse();
        long shell = started.get(1);
        // The shell was ours: stopped and reaped. What it started is stopped; once orphaned, reaping it is init's business.
        assertThat(Files.exists(Path.of("/proc", Long.toString(shell)))).as("the shell, process %d", shell).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> notRunning(started.get(0)));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aProcessWhoseWaitWasInterruptedIsReapedWhenItEndsEvenIfNoOneStopsIt(Launcher launcher) throws Exception {
        Path pid = dir.resolve("pid");
        Path go = dir.resolve("go");
        Launched process = launcher.start(new Launch(List.of("sh", "-c", "echo $$ > pid.tmp && mv pid.tmp pid; "
                + "while [ ! -e go ]; do sleep 0.05; done"), dir, null, Path.of("/dev/null"), dir.resolve("o"),
                dir.resolve("e"), false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pid));
        Path proc = Path.of("/proc", Files.readString(pid).strip());
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                process.waitFor();
            } catch (InterruptedException expected) {
                // and nobody kills it
            }
        });
        waiter.interrupt();
        waiter.join(Duration.ofSeconds(20));

        Files.writeString(go, "");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(proc));
    }

    @Test
    void whatNoProcessCanBeGivenIsRefusedBeforeAnythingStarts() {
        Path none = Path.of("/dev/null");
        assertThatThrownBy(() -> new Launch(List.of("echo", "a\0b"), dir, null, none, none, none, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> new Launch(List.of("true"), dir, Map.of("A=B", "c"), none, none, none, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A=B");
        assertThatThrownBy(() -> new Launch(List.of("true"), dir, Map.of("A", "c\0"), none, none, none, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> new Launch(List.of(), dir, null, none, none, none, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whether process {@code pid} no longer runs: gone, or a zombie waiting for its parent. */
    private static boolean notRunning(long pid) throws IOException {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = line.charAt(line.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (java.nio.file.NoSuchFileException gone) {
            return true;
        }
    }
}
