package distbuild.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import distbuild.buildfile.BuildFile;
import distbuild.cli.LocalCluster;
import distbuild.cli.Main;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.files.FileTrees;
import distbuild.testing.JavaProcess;
import distbuild.testing.RecordingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs that try to get out of their sandbox or to take the machine down, run by a worker process
 * with {@code --sandbox}: as root ({@link HostileJobsAsRootTest}, what CI and most containers do)
 * and as an ordinary user ({@link HostileJobsAsUserTest}). Each attempt fails or is contained; the worker
 * and its other jobs carry on, and the host is as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileJobs {
    private static final Logger LOG = LoggerFactory.getLogger("test.hostile");
    private static final Duration START = Duration.ofSeconds(60);
    /** Small limits, so that going over them is quick. */
    private static final List<String> LIMITS = List.of("--job-memory", "256M", "--job-processes", "64", "--job-disk", "64M");

    private final String marker = "distbuild-hostile-" + UUID.randomUUID();
    private Path root;
    private LocalCluster coordinator;
    private JavaProcess worker;
    private List<String> hostMountsBefore;

    /** The user the worker runs as; null: the test's own. */
    abstract Integer workerUid();

    @BeforeAll
    void startWorker() throws Exception {
        assumeThat(onPath("bwrap")).as("these tests need bubblewrap (apt-get install bubblewrap)").isTrue();
        root = Files.createTempDirectory("hostile-jobs");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        coordinator = LocalCluster.start(LOG, new CoordinatorConfig(root.resolve("coordinator")), root, 0, 1);
        Path data = Files.createDirectories(root.resolve("worker"));
        List<String> args = new ArrayList<>(List.of("worker", "--coordinator", coordinator.coordinatorUri().toString(),
                "--listen", "127.0.0.1:0", "--data", data.toString(), "--slots", "2", "--sandbox", "-v"));
        args.addAll(LIMITS);
        if (workerUid() == null) {
            worker = JavaProcess.start("worker", List.of("-Xmx256m"), Main.class, args, root);
        } else {
            Files.setAttribute(data, "unix:uid", workerUid());
            Files.setAttribute(data, "unix:gid", workerUid());
            worker = JavaProcess.startAs(workerUid(), "worker", List.of("-Xmx256m"), Main.class, args, data);
        }
        worker.awaitLine(Pattern.compile("worker \\S+ ready"), START);
        assertThat(coordinator.coordinator().awaitLiveWorkers(1, START)).as(worker.output()).isTrue();
        hostMountsBefore = hostMounts();
    }

    @AfterAll
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (root != null) {
            FileTrees.deleteRecursively(root);
        }
    }

    @AfterEach
    void theWorkerCarriesOnAndTheHostIsAsItWas() throws Exception {
        RecordingListener after = build("after", """
                jobs:
                  - name: ordinary
                    run: echo still working; cat /proc/self/status | grep -c . >/dev/null
                """, true);
        assertThat(after.stdout("ordinary")).isEqualTo("still working\n");
        assertThat(hostMounts()).as("the host's mounts").isEqualTo(hostMountsBefore);
        assertThat(Path.of("/usr/local", marker)).doesNotExist();
        assertThat(processesOfJobUsers()).as("processes of job users left running").isEmpty();
    }

    @Test
    void aJobHasNoPrivilegeLeftToUse() throws Exception {
        RecordingListener listener = build("privileges", """
                jobs:
                  - name: probe
                    run: |
                      grep -E '^(Uid|CapEff|CapPrm|CapBnd|CapAmb):' /proc/self/status
                      mount -o remount,bind,rw / 2>/dev/null && echo REMOUNTED || echo remount-refused
                      touch /usr/local/%1$s 2>/dev/null && echo HOST-WRITTEN || echo host-write-refused
                      cat /etc/shadow >/dev/null 2>&1 && echo SHADOW-READ || echo shadow-refused
                      mount -t tmpfs none /mnt 2>/dev/null && echo TMPFS-MOUNTED || echo tmpfs-refused
                      touch mine; chown 0:0 mine 2>/dev/null || chown 1:1 mine 2>/dev/null && echo CHOWNED || echo chown-refused
                      mknod device c 1 3 2>/dev/null && echo MKNOD || echo mknod-refused
                      perl -e 'exit(syscall(101, 16, %2$d, 0, 0) == -1 ? 1 : 0)' && echo TRACED || echo ptrace-refused
                      %3$s
                      for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo; done | grep -c 'distbuild[.]cli' || true
                      unshare -Urm sh -c 'mount -o remount,bind,rw / 2>/dev/null && echo UNSHARE-REMOUNTED; touch /usr/local/%1$s 2>/dev/null && echo UNSHARE-WRITTEN; echo unshare-contained'
                    timeout: 60s
                """.formatted(marker, worker.pid(), jobsHaveUsersOfTheirOwn()
                        // The sandbox's first process is bwrap's, as root; with a worker of an ordinary user it is that
                        // user's, which the job may stop (itself only, until its timeout): tried only as root.
                        ? "perl -e 'exit(syscall(101, 16, 1, 0, 0) == -1 ? 1 : 0)' && echo INIT-TRACED || echo init-ptrace-refused"
                        : "echo init-ptrace-refused"), true);

        List<String> lines = listener.stdout("probe").lines().toList();
        assertThat(lines).as("the job's own view").contains("remount-refused", "host-write-refused", "shadow-refused",
                "tmpfs-refused", "chown-refused", "mknod-refused", "ptrace-refused", "init-ptrace-refused", "0", "unshare-contained");
        assertThat(lines).noneMatch(line -> line.matches("[A-Z-]+(ED|READ|MKNOD)"));
        assertThat(lines).filteredOn(line -> line.startsWith("Cap")).allMatch(line -> line.matches("Cap\\w+:\\s+0+"),
                "no capability in any set");
        assertThat(lines).filteredOn(line -> line.startsWith("Uid:")).singleElement()
                .satisfies(uid -> assertThat(uid.split("\\s+")).doesNotContain("0"));
    }

    @Test
    void aJobWritesNowhereButItsOwnDirectories() throws Exception {
        String probe = "." + marker;
        RecordingListener listener = build("writes", """
                jobs:
                  - name: writer
                    run: |
                      mine="$PWD {{.OutputDir}} /tmp /dev/shm"
                      find / \\( -path /proc -o -path /sys \\) -prune -o -maxdepth 3 -type d -print 2>/dev/null | while read -r d; do
                        if ( : > "$d/%1$s" ) 2>/dev/null; then
                          rm -f "$d/%1$s"
                          own=no; for m in $mine; do case "$d/" in "$m"/*) own=yes;; esac; done
                          [ $own = yes ] && echo "own $d" || echo "ESCAPED $d"
                        fi
                      done
                      echo done
                    timeout: 60s
                """.formatted(probe), true);

        List<String> lines = listener.stdout("writer").lines().toList();
        assertThat(lines).as("directories of the host the job could write").noneMatch(line -> line.startsWith("ESCAPED"));
        assertThat(lines).contains("own /tmp", "own /dev/shm", "done");
        try (Stream<Path> host = Files.walk(Path.of("/"), 3)) {
            assertThat(host.filter(path -> !path.startsWith("/proc") && !path.startsWith("/sys"))
                    .filter(path -> path.getFileName() != null && path.getFileName().toString().equals(probe)).toList())
                    .as("probe files left on the host").isEmpty();
        } catch (java.io.UncheckedIOException unreadable) {
            // a directory that vanished as the walk went: nothing of the job's
        }
    }

    @Test
    void aForkBombFailsItsJobAlone() throws Exception {
        CompletableFuture<RecordingListener> neighbour = new CompletableFuture<>();
        if (jobsHaveUsersOfTheirOwn()) {
            // A job of another build forking all along while the bomb goes off next to it.
            Thread.ofVirtual().start(() -> {
                try {
                    neighbour.complete(build("neighbour", """
                            jobs:
                              - name: forker
                                run: n=0; while [ $n -lt 400 ]; do /bin/true || exit 1; n=$((n+1)); done; echo forked $n
                            """, true));
                } catch (Throwable e) {
                    neighbour.completeExceptionally(e);
                }
            });
        }
        RecordingListener bomb = build("bomb", """
                jobs:
                  - name: bomb
                    run: f() { f | f; }; f
                    timeout: 60s
                """, false);

        assertThat(bomb.results.get("bomb").succeeded()).isFalse();
        if (workerLog().contains("pids in cgroup")) {
            assertThat(bomb.results.get("bomb").failure()).contains("its limit of 64 processes at once (--job-processes)");
        }
        if (jobsHaveUsersOfTheirOwn()) {
            assertThat(neighbour.get().stdout("forker")).isEqualTo("forked 400\n");
        }
    }

    @Test
    void aMemoryHogFailsItsJobAlone() throws Exception {
        RecordingListener hog = build("hog", """
                jobs:
                  - name: hog
                    run: perl -e '$x = "a" x (1024 * 1024 * 1024); print length $x'
                    timeout: 60s
                """, false);

        assertThat(hog.results.get("hog").succeeded()).isFalse();
        if (workerLog().contains("memory in cgroup")) {
            assertThat(hog.results.get("hog").failure()).contains("ran out of memory", "256 MiB (--job-memory)");
        }
    }

    @Test
    void aJobFillingTheDiskFailsAlone() throws Exception {
        RecordingListener oneFile = build("big-file", """
                jobs:
                  - name: big
                    run: head -c 1G /dev/zero > big
                    timeout: 60s
                """, false);
        RecordingListener manyFiles = build("many-files", """
                jobs:
                  - name: many
                    run: for i in 1 2 3 4 5 6 7 8 9 10 11 12; do head -c 30M /dev/zero > f$i; done
                    timeout: 60s
                """, false);
        RecordingListener printed = build("printed", """
                jobs:
                  - name: printer
                    run: yes | head -c 1G
                    timeout: 60s
                """, false);

        assertThat(oneFile.results.get("big").failure()).contains("64 MiB (--job-disk)");
        assertThat(manyFiles.results.get("many").failure()).contains("over its limit of 64 MiB (--job-disk)");
        assertThat(printed.results.get("printer").failure()).contains("64 MiB (--job-disk)");
        assertThat(FileTrees.size(root.resolve("worker/runs"))).as("what the jobs left in the worker's scratch space")
                .isLessThan(1L << 20);
    }

    private boolean jobsHaveUsersOfTheirOwn() {
        return workerLog().contains("one per job");
    }

    private String workerLog() {
        return worker.output();
    }

    private RecordingListener build(String name, String buildFile, boolean mustSucceed) throws Exception {
        Path project = Files.createDirectories(root.resolve("projects").resolve(name + "-" + UUID.randomUUID()));
        Path file = Files.writeString(project.resolve(BuildFile.DEFAULT_NAME), buildFile);
        RecordingListener listener = new RecordingListener();
        try (Client client = new Client(LOG, coordinator.coordinatorUri())) {
            BuildOutcome outcome = client.build(BuildFile.load(file).graph(), project, listener);
            if (mustSucceed) {
                assertThat(outcome.failure()).as(listener + "\n" + worker.output()).isNull();
            } else {
                assertThat(outcome.failure()).as("a hostile build must fail").isNotNull();
            }
        }
        return listener;
    }

    private static List<String> hostMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.replaceFirst("^\\d+ \\d+ ", "")) // mount IDs are the kernel's business
                .sorted().toList();
    }

    /** Processes whose user is one of the job users' range: none may outlive its job. */
    private static List<String> processesOfJobUsers() throws IOException {
        List<String> left = new ArrayList<>();
        try (var processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    int uid = (Integer) Files.getAttribute(process, "unix:uid");
                    if (uid >= Sandbox.DEFAULT_FIRST_JOB_UID && uid < Sandbox.DEFAULT_FIRST_JOB_UID + JobUsers.RANGE) {
                        left.add(process.getFileName() + " " + Files.readString(process.resolve("cmdline")).replace('\0', ' '));
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended as we looked
                }
            }
        }
        return left;
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
