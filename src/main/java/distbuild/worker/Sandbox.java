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
 * read-only (so its compilers and libraries work), with the worker's own data, its credentials
 * and its user's home hidden; it can write only its source directory (private copies of its inputs), its output
 * directory and a private {@code /tmp}; its deps are mounted read-only; it has no network (unless
 * the job asks for it) and its own PID namespace, so that killing it leaves no process behind.
 */
final class Sandbox {
    private static final String BWRAP = "bwrap";

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
        List<Path> absolute = new ArrayList<>();
        for (Path path : hidden) {
            absolute.add(path.toAbsolutePath().normalize());
        }
        return new Sandbox(absolute);
    }

    /**
     * The command line that runs {@code argv} inside the sandbox, starting in {@code workDir}.
     *
     * @param run the job's run: its scratch, source and output directories and its deps
     */
    List<String> wrap(List<String> argv, JobRun run, Path workDir) throws IOException {
        Path privateTmp = Files.createDirectories(run.scratchDir().resolve("tmp"));
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
            if (Files.isDirectory(path) && path.getParent() != null) { // hiding / would hide everything
                command.addAll(List.of("--tmpfs", path.toString()));
            }
        }
        // Later mounts go on top of earlier ones: the private /tmp first, then what the job may see inside it.
        command.addAll(List.of("--bind", privateTmp.toString(), "/tmp"));
        command.addAll(List.of("--bind", run.sourceDir().toString(), run.sourceDir().toString()));
        if (run.outputDir() != null) {
            command.addAll(List.of("--bind", run.outputDir().toString(), run.outputDir().toString()));
        }
        for (Path dep : run.deps().values()) {
            command.addAll(List.of("--ro-bind", dep.toString(), dep.toString()));
        }
        command.addAll(List.of("--setenv", "TMPDIR", "/tmp", "--chdir", workDir.toString(), "--"));
        command.addAll(argv);
        return command;
    }
}
