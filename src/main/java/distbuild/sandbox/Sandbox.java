package distbuild.sandbox;

import distbuild.model.ByteSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs jobs' commands under bubblewrap ({@code bwrap}), holding whatever user the worker runs as.
 * A job sees the machine's file system read-only (so its compilers work), with the worker's data,
 * its credentials, its user's home and {@code /run} hidden; it may write only its source tree, its
 * output directory, a private {@code /tmp} and a small private {@code /dev/shm}; its deps are
 * mounted read-only; it has no network unless it asks, and its own PID, IPC and UTS namespaces.
 *
 * <p>It has no capabilities and is nobody the machine trusts: a worker running as root runs each
 * job as a host user of its own ({@link JobUsers}), switched to by {@code setpriv} inside the
 * sandbox after bubblewrap has made its mounts, with an empty capability bounding set and
 * no-new-privileges; a worker running as anyone else runs its jobs as itself in a user namespace,
 * where bubblewrap drops every capability. {@link JobLimits} hold through rlimits ({@code prlimit})
 * and, where the worker can use them, control groups ({@link ControlGroups}).
 *
 * <p>{@link #open} refuses, naming why, where any of this cannot be had: it runs a trial job and
 * checks from inside it that the job has no capability, is not root and has its limits.
 */
public final class Sandbox {
    /** The first of the host users that jobs of a worker running as root run as, unless told otherwise. */
    public static final int DEFAULT_FIRST_JOB_UID = 1_950_000_000;

    /**
     * Directories of sockets that lead out of any sandbox (the session bus, whose systemd can run
     * anything as the worker's user; docker's; agents): hidden, as a read-only mount still lets a
     * job connect to them. /var/run is most often a link to /run.
     */
    private static final List<Path> SOCKET_DIRECTORIES = List.of(Path.of("/run"), Path.of("/var/run"));

    /** What a job's command may take from the worker's environment when it sets none of its own. */
    private static final Set<String> PASSED_ENVIRONMENT = Set.of("PATH", "LANG", "LC_ALL", "TZ", "TERM");

    /** A private /dev/shm of at most this much (it is memory): as much as POSIX shared memory in a build needs. */
    private static final long SHM_BYTES = 256L << 20;

    /** Room on a shared user's process limit beyond the jobs' own: the worker's threads and whatever else the user runs. */
    private static final int SHARED_USER_HEADROOM = 512;

    /**
     * @param policy what jobs are held to
     * @param hidden directories the jobs must not see: the worker's data, its credentials, its user's home
     * @param slots how many jobs the worker runs at once
     * @param trialDir a directory of the worker's where the trial job runs (made and removed)
     */
    public record Settings(SandboxPolicy policy, Collection<Path> hidden, int slots, Path trialDir) {}

    /** The programs that wrap a job's command, found once on the worker's PATH. */
    record Programs(String sh, String prlimit, String bwrap, String setpriv) {}

    private final Programs programs;
    private final List<Path> hidden;
    private final JobLimits limits;
    /** Null when the worker is not root: then jobs run as its own user, in a user namespace. */
    private final JobUsers users;
    private final ControlGroups groups;
    private final List<String> rlimits;
    /** Whether this bwrap takes --perms, to make directories open to all; else jobs run as the worker's user anyway. */
    private final boolean openParents;
    private final boolean privateShm;

    private Sandbox(Programs programs, List<Path> hidden, JobLimits limits, JobUsers users, ControlGroups groups,
            List<String> rlimits, boolean openParents, boolean privateShm) {
        this.programs = programs;
        this.hidden = hidden;
        this.limits = limits;
        this.users = users;
        this.groups = groups;
        this.rlimits = rlimits;
        this.openParents = openParents;
        this.privateShm = privateShm;
    }

    /**
     * A sandbox whose guarantees were checked from inside a trial job on this machine; otherwise an
     * error that says what is missing and what to install or allow.
     */
    public static Sandbox open(Logger log, Settings settings) throws IOException, InterruptedException {
        boolean root = Ownership.processUid() == 0;
        String bwrap = required("bwrap", "bubblewrap (Debian: apt-get install bubblewrap)");
        Programs programs = new Programs(required("sh", "a POSIX shell"), required("prlimit", "util-linux"), bwrap,
                root ? required("setpriv", "util-linux") : null);
        String help = checkBwrapWorks(bwrap);
        JobUsers users = null;
        if (root) {
            checkMapped(settings.policy().firstJobUid());
            users = new JobUsers(settings.policy().firstJobUid(), JobUsers.defaultLockDir());
        }
        ControlGroups groups = ControlGroups.find(log);
        List<String> rlimits = rlimits(settings, root, groups);
        Set<Path> real = new LinkedHashSet<>();
        for (Path path : concat(SOCKET_DIRECTORIES, settings.hidden())) {
            if (Files.isDirectory(path)) {
                real.add(path.toRealPath()); // a directory reached through a link must be hidden where it lives
            }
        }
        boolean hasPerms = help.contains("--perms");
        if (root && !hasPerms) {
            throw new IOException("--sandbox: this bwrap is too old to run jobs as a user of their own (it lacks --perms);"
                    + " install bubblewrap 0.5 or newer");
        }
        Sandbox sandbox = new Sandbox(programs, List.copyOf(real), settings.policy().limits(), users, groups, rlimits,
                hasPerms, help.contains("--size") && hasPerms);
        new SandboxTrial(sandbox, settings.trialDir()).check();
        log.info("sandbox: {}", sandbox.describe());
        return sandbox;
    }

    /** What a job run here is held to, for the line the worker logs when it starts. */
    public String describe() {
        String who = users != null
                ? "jobs run as host users " + users.first() + "–" + (users.first() + JobUsers.RANGE - 1)
                        + " (one per job), with no capabilities and no new privileges"
                : "jobs run as this worker's user in a user namespace, with no capabilities";
        String memory = groups.has(ControlGroups.Controller.MEMORY) ? " for all its processes together"
                : " per process (no memory cgroup)";
        String processes = groups.has(ControlGroups.Controller.PIDS) ? ""
                : users != null ? " (counted per job user, no pids cgroup)"
                : " (counted for this worker's user as a whole: no pids cgroup)";
        return who + "; each job at most " + ByteSizes.describe(limits.memoryBytes()) + " of memory" + memory + ", "
                + limits.processes() + " processes" + processes + ", " + limits.openFiles() + " open files per process, "
                + ByteSizes.describe(limits.diskBytes()) + " written; cgroups: " + groups.describe();
    }

    /**
     * Sets up one job run: its user (its tree handed to it), its control group and the watch on what
     * it writes. Close it when the job's processes are gone.
     */
    public Confinement confine(JobTree tree) throws IOException {
        for (Path dir : tree.writable()) {
            Files.createDirectories(dir);
        }
        List<MountPlan.Bind> seenAt = tree.seenAt(); // before the tree is handed over: it makes directories in it
        JobUsers.Lease user = users != null ? users.take() : null;
        JobGroup group = null;
        try {
            if (user != null) {
                for (Path dir : tree.writable()) {
                    Ownership.give(dir, user.uid());
                }
            }
            boolean keptGroup = false;
            if (groups.has(ControlGroups.Controller.MEMORY) || groups.has(ControlGroups.Controller.PIDS)) {
                keptGroup = user != null;
                group = keptGroup ? groups.forUser(user.uid(), limits) : groups.create(limits);
            }
            return new Confinement(this, tree, seenAt, user, group, keptGroup,
                    new DiskWatch(tree.writable(), limits.diskBytes()));
        } catch (IOException | RuntimeException e) {
            if (group != null && users == null) {
                group.close();
            }
            if (user != null) {
                user.close();
            }
            throw e;
        }
    }

    /** Removes the control groups kept for job users: call when the worker stops. */
    public void close() {
        groups.removeKept();
    }

    /**
     * Keeps of a command's environment, when it sets none of its own and so inherits the worker's,
     * only what is harmless: the worker's may hold secrets and sockets (SSH_AUTH_SOCK, cloud keys).
     */
    public static void limitInherited(Map<String, String> environment) {
        environment.keySet().retainAll(PASSED_ENVIRONMENT);
    }

    boolean countsProcessesInGroups() {
        return groups.has(ControlGroups.Controller.PIDS);
    }

    boolean runsJobsAsOwnUsers() {
        return users != null;
    }

    JobLimits limits() {
        return limits;
    }

    /** The command line that runs {@code argv} for the job of {@code tree}, starting in {@code workDir}. */
    List<String> commandLine(List<String> argv, Path workDir, JobTree tree, List<MountPlan.Bind> seenAt, Integer uid,
            JobGroup group) throws IOException {
        List<String> command = new ArrayList<>();
        if (group != null) {
            // The job's first process enters its group before anything runs, so all it starts is counted;
            // where the group counts its processes, the shell sets the other limits too: one program fewer.
            String limitsHere = groups.has(ControlGroups.Controller.PIDS) ? shellLimits() : "";
            command.addAll(List.of(programs.sh(), "-c", "for f do case $f in --) break;; esac; echo $$ > \"$f\" || exit 125;"
                    + " shift; done; shift; " + limitsHere + "exec \"$@\"", "sh"));
            group.procsFiles().forEach(file -> command.add(file.toString()));
            command.add("--");
            if (limitsHere.isEmpty()) {
                command.add(programs.prlimit());
                command.addAll(rlimits);
                command.add("--");
            }
        } else {
            command.add(programs.prlimit());
            command.addAll(rlimits);
            command.add("--");
        }
        command.addAll(List.of(programs.bwrap(), "--die-with-parent", "--new-session"));
        if (uid != null) {
            // Root makes its mounts without a user namespace, so that the job can become a real, unprivileged host user.
            command.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
            if (!tree.network()) {
                command.add("--unshare-net");
            }
        } else {
            command.add("--unshare-all");
            if (tree.network()) {
                command.add("--share-net"); // the job said it needs the network (network: true in a build file)
            }
        }
        List<String> devices = new ArrayList<>(List.of("--dev", "/dev"));
        if (privateShm) {
            devices.addAll(List.of("--perms", "1777", "--size", Long.toString(Math.min(SHM_BYTES, limits.memoryBytes())),
                    "--tmpfs", "/dev/shm"));
        }
        devices.addAll(List.of("--proc", "/proc"));
        List<MountPlan.Bind> binds = new ArrayList<>();
        binds.add(itself(tree.sourceDir(), true));
        if (tree.outputDir() != null) {
            binds.add(itself(tree.outputDir(), true));
        }
        for (Path dep : tree.deps()) {
            binds.add(itself(dep, false));
        }
        binds.addAll(seenAt);
        MountPlan mounts = new MountPlan(MountPlan.HostView.READ_ONLY, hidden, true, openParents, uid != null);
        command.addAll(mounts.args(binds, devices, List.of("--bind", tree.tmpDir().toRealPath().toString(), "/tmp")));
        command.addAll(List.of("--remount-ro", "/dev"));
        command.addAll(List.of("--setenv", "TMPDIR", "/tmp", "--chdir", workDir.toAbsolutePath().toString(), "--"));
        if (uid != null) {
            command.addAll(List.of(programs.setpriv(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
        }
        command.addAll(argv);
        return command;
    }

    /**
     * The limits a job's processes start with, as the shell's {@code ulimit} sets them (POSIX: file
     * sizes in 512-byte blocks, data in KiB), for a job whose group counts its processes. The
     * trial job checks that this shell sets what is meant.
     */
    private String shellLimits() {
        String set = "ulimit -n " + limits.openFiles() + " && ulimit -c 0 && ulimit -f " + limits.diskBytes() / 512;
        if (!groups.has(ControlGroups.Controller.MEMORY)) {
            set += " && ulimit -d " + limits.memoryBytes() / 1024;
        }
        return set + " || exit 125; ";
    }

    /**
     * The rlimits every job process starts with. Where jobs share the worker's user, the kernel counts
     * that user's processes together (the worker's threads included), so their process limit is
     * shared: it keeps a fork bomb off the machine, not off its neighbours.
     */
    private static List<String> rlimits(Settings settings, boolean root, ControlGroups groups) {
        JobLimits limits = settings.policy().limits();
        long processes = root ? limits.processes()
                : (long) limits.processes() * settings.slots() + tasksOfThisUser() + SHARED_USER_HEADROOM;
        List<String> options = new ArrayList<>(List.of("--nproc=" + processes, "--nofile=" + limits.openFiles(),
                "--fsize=" + limits.diskBytes(), "--core=0"));
        if (!groups.has(ControlGroups.Controller.MEMORY)) {
            options.add("--data=" + limits.memoryBytes());
        }
        return options;
    }

    /** Processes and threads of this process's user now, which its process limit counts too. */
    private static long tasksOfThisUser() {
        long count = 0;
        try (var processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            int self = Ownership.processUid();
            for (Path process : processes) {
                try {
                    if ((Integer) Files.getAttribute(process, "unix:uid") == self) {
                        try (var tasks = Files.list(process.resolve("task"))) {
                            count += tasks.count();
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended as we looked
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }

    private static String required(String program, String whatToInstall) throws IOException {
        return onPath(program).orElseThrow(() -> new IOException("--sandbox needs the " + program
                + " command, which is not on the PATH; install " + whatToInstall));
    }

    static Optional<String> onPath(String program) {
        return distbuild.launch.ProgramPath.find(program);
    }

    /** Runs bwrap's smallest sandbox, so that a machine where it cannot work is told apart; returns its help text. */
    private static String checkBwrapWorks(String bwrap) throws IOException, InterruptedException {
        ProcessResult trial = ProcessResult.run(List.of(bwrap, "--die-with-parent", "--unshare-all", "--ro-bind", "/", "/",
                "--proc", "/proc", "--dev", "/dev", "true"));
        if (trial.exitCode() != 0) {
            throw new IOException("--sandbox: bwrap cannot make a sandbox here (exit " + trial.exitCode() + "): "
                    + trial.output() + " (it needs user namespaces, or a setuid bwrap)");
        }
        return ProcessResult.run(List.of(bwrap, "--help")).output();
    }

    /** Refuses a range of job users that this machine's user namespace cannot switch to (a container's, say). */
    private static void checkMapped(int first) throws IOException {
        long last = (long) first + JobUsers.RANGE - 1;
        List<String> map = Files.readAllLines(Path.of("/proc/self/uid_map"));
        for (String line : map) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                long inside = Long.parseLong(fields[0]);
                long count = Long.parseLong(fields[2]);
                if (first >= inside && last < inside + count) {
                    return;
                }
            }
        }
        throw new IOException("--sandbox: jobs of a worker running as root run as host users " + first + "–" + last
                + ", which this machine's user namespace does not have (/proc/self/uid_map: "
                + String.join("; ", map.stream().map(String::trim).toList()) + "); choose a range it has with --job-uids");
    }

    /** A directory of the job's, at the path it really has: commands name it so ({@code {{.SourceDir}}}). */
    private static MountPlan.Bind itself(Path dir, boolean writable) throws IOException {
        Path real = dir.toRealPath();
        return new MountPlan.Bind(real, real, writable);
    }

    private static List<Path> concat(Collection<Path> first, Collection<Path> second) {
        List<Path> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** A short helper process's exit code and output. */
    record ProcessResult(int exitCode, String output) {
        static ProcessResult run(List<String> command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            java.util.concurrent.CompletableFuture<String> output = new java.util.concurrent.CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(new String(process.getInputStream().readAllBytes()).strip());
                } catch (IOException e) {
                    output.complete("");
                }
            });
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("--sandbox: " + String.join(" ", command.subList(0, Math.min(2, command.size())))
                        + " did not finish within 30 s");
            }
            try {
                return new ProcessResult(process.exitValue(), output.get(10, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return new ProcessResult(process.exitValue(), "");
            }
        }
    }
}
