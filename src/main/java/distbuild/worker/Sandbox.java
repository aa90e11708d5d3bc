package distbuild.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's commands under bubblewrap ({@code bwrap}). The job sees the machine's file system
 * read-only (so its compilers and libraries work), with the worker's own data, its credentials,
 * its user's home and {@code /run} hidden; it can write only its source directory (private copies
 * of its inputs), its output directory and a private {@code /tmp}; its deps are mounted read-only;
 * it has no network (unless the job asks for it) and its own PID namespace, so that killing it
 * leaves no process behind.
 */
final class Sandbox {
    private static final String BWRAP = "bwrap";

    /**
     * Directories of sockets that lead out of any sandbox (the session bus, whose systemd can run
     * anything as the worker's user; docker's; agents): hidden, as a read-only mount still lets a
     * job connect to them. /var/run is most often a link to /run.
     */
    private static final List<Path> SOCKET_DIRECTORIES = List.of(Path.of("/run"), Path.of("/var/run"));

    /** What a job's command may take from the worker's environment when it sets none of its own. */
    private static final java.util.Set<String> PASSED_ENVIRONMENT = java.util.Set.of("PATH", "LANG", "LC_ALL", "TZ", "TERM");

    private final List<Path> hidden;

    /** @param hidden directories the job must not see: the worker's data, its credentials, its user's home */
    private Sandbox(List<Path> hidden) {
        this.hidden = List.copyOf(hidden);
    }

    /**
     * A sandbox, once bubblewrap is known to work on this machine; otherwise an error that says
     * what to install or allow.
     */
    static Sandbox checked(Collection<Path> hidden) throws IOException, InterruptedException {
        List<String> probe = List.of(BWRAP, "--die-with-parent", "--unshare-all", "--ro-bind", "/", "/",
                "--proc", "/proc", "--dev", "/dev", "true");
        Process process;
        try {
            process = new ProcessBuilder(probe).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("--sandbox needs bubblewrap (the bwrap command), which could not be run: "
                    + e.getMessage() + "; install it (Debian: apt-get install bubblewrap)", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("--sandbox: a trial run of bwrap did not finish within 30 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("--sandbox: bwrap cannot make a sandbox here (exit " + process.exitValue() + "): "
                    + output + " (it needs user namespaces, or a setuid bwrap)");
        }
        // Where they really are: a hidden directory reached through a link must be hidden where it lives.
        java.util.Set<Path> real = new java.util.LinkedHashSet<>();
        for (Path path : concat(SOCKET_DIRECTORIES, hidden)) {
            if (Files.isDirectory(path)) {
                real.add(path.toRealPath());
            }
        }
        return new Sandbox(List.copyOf(real));
    }

    /**
     * The command line that runs {@code argv} inside the sandbox, starting in {@code workDir}.
     *
     * @param run the job's run: its scratch, source and output directories and its deps
     */
    List<String> wrap(List<String> argv, JobRun run, Path workDir) throws IOException {
        Path privateTmp = Files.createDirectories(run.scratchDir().resolve("tmp")).toRealPath();
        List<String> command = new ArrayList<>(List.of(BWRAP,
                "--die-with-parent", "--new-session", "--unshare-all"));
        if (run.spec().job().network()) {
            command.add("--share-net"); // the job said it needs the network (network: true in a build file)
        }
        command.addAll(List.of(
                "--ro-bind", "/", "/",
                "--dev", "/dev",
                "--proc", "/proc"));
        for (Path path : hidden) {
            if (path.getParent() != null) { // hiding / would hide everything
                command.addAll(List.of("--tmpfs", path.toString()));
            }
        }
        // Later mounts go on top of earlier ones: the private /tmp first, then what the job may see inside it.
        command.addAll(List.of("--bind", privateTmp.toString(), "/tmp"));
        bind("--bind", run.sourceDir(), command);
        if (run.outputDir() != null) {
            bind("--bind", run.outputDir(), command);
        }
        for (Path dep : run.deps().values()) {
            bind("--ro-bind", dep, command);
        }
        command.addAll(List.of("--setenv", "TMPDIR", "/tmp", "--chdir", workDir.toAbsolutePath().toString(), "--"));
        command.addAll(argv);
        return command;
    }

    /**
     * Keeps of a command's environment, when it sets none of its own and so inherits the worker's,
     * only what is harmless: the worker's may hold secrets and sockets (SSH_AUTH_SOCK, cloud keys).
     */
    static void limitInherited(java.util.Map<String, String> environment) {
        environment.keySet().retainAll(PASSED_ENVIRONMENT);
    }

    /**
     * Mounts {@code path} at itself, as the path it really is: bwrap reads a relative path as one
     * from the root, and the directories around it may be hidden where they really live.
     */
    private static void bind(String how, Path path, List<String> command) throws IOException {
        String real = path.toRealPath().toString();
        command.addAll(List.of(how, real, real));
    }

    private static List<Path> concat(Collection<Path> first, Collection<Path> second) {
        List<Path> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
