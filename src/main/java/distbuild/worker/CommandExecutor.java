package distbuild.worker;

import distbuild.launch.Launch;
import distbuild.launch.Launched;
import distbuild.launch.Launcher;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.TemplateContext;
import distbuild.model.TemplateException;
import distbuild.sandbox.Sandbox;
import distbuild.sandbox.TreeMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The innermost link: renders each command's templates and runs the commands in order, stdout
 * and stderr each concatenated across commands. The first command that fails stops the job.
 * Cancelling (interrupting) the job kills the running process and everything it started.
 */
final class CommandExecutor implements JobExecutor {
    private static final Path NO_INPUT = Path.of("/dev/null");

    private final Logger log;
    private final int outputLimit;
    private final boolean ownSessions;
    private final Launcher launcher;

    /** @param ownSessions whether each command runs in a session of its own (see {@link Launch#ownSession()}) */
    CommandExecutor(Logger log, int outputLimit, boolean ownSessions, Launcher launcher) {
        this.log = log;
        this.outputLimit = outputLimit;
        this.ownSessions = ownSessions;
        this.launcher = launcher;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
        long started = System.nanoTime();
        try {
            return runCommands(run);
        } finally {
            run.phases().ranSince(started);
        }
    }

    /** The failure of a job stopped from outside (its deadline, a limit), with what its commands printed until then. */
    static JobResult stoppedWithOutput(JobRun run, int limit, String why) throws IOException {
        return new JobResult(run.jobId(), OutputCapture.read(stdoutOf(run), limit), OutputCapture.read(stderrOf(run), limit),
                0, why);
    }

    private static Path stdoutOf(JobRun run) {
        return run.scratchDir().resolve("stdout");
    }

    private static Path stderrOf(JobRun run) {
        return run.scratchDir().resolve("stderr");
    }

    private JobResult runCommands(JobRun run) throws Exception {
        Id id = run.jobId();
        Path stdout = emptyFile(stdoutOf(run));
        Path stderr = emptyFile(stderrOf(run));
        TemplateContext context = new TemplateContext(run.sourceDir(), run.outputDir(), run.deps());
        List<Cmd> cmds = run.spec().job().cmds();
        TreeMapping mapping = null;
        if (run.confinement() == null && !run.spec().job().needs().treeAt().isEmpty()) {
            try {
                mapping = TreeMapping.find();
            } catch (IOException e) {
                return JobResult.retry(id, distbuild.model.Retry.workerUnable(e.getMessage()));
            }
        }
        for (int i = 0; i < cmds.size(); i++) {
            String which = cmds.size() == 1 ? "the command" : "command " + (i + 1) + " of " + cmds.size();
            Cmd cmd;
            try {
                cmd = cmds.get(i).render(context);
            } catch (TemplateException e) {
                return failed(id, stdout, stderr, 0, which + ": " + e.getMessage());
            }
            switch (cmd) {
                case Cmd.Exec exec -> {
                    Launch launch;
                    try {
                        launch = launchOf(commandLine(exec, run, mapping), exec, run, stdout, stderr);
                    } catch (IllegalArgumentException e) {
                        return failed(id, stdout, stderr, 0, which + ": " + e.getMessage());
                    }
                    Launched process;
                    try {
                        process = launcher.start(launch);
                    } catch (IOException e) {
                        return failed(id, stdout, stderr, 0,
                                which + ": cannot start \"" + exec.argv().getFirst() + "\": " + reason(e));
                    }
                    int exitCode = waitFor(process);
                    if (exitCode != 0) {
                        log.debug("job {} {} exited with {}", run.spec().job().describe(), which, exitCode);
                        return failed(id, stdout, stderr, exitCode, null);
                    }
                }
                case Cmd.Cat cat -> {
                    String problem = run.confinement() != null ? catInSandbox(cat, run, stdout, stderr) : CatWrite.write(cat, run);
                    if (problem != null) {
                        return failed(id, stdout, stderr, 0, which + ": cannot write \"" + cat.output() + "\": " + problem);
                    }
                }
            }
        }
        return JobResult.success(id, OutputCapture.read(stdout, outputLimit), OutputCapture.read(stderr, outputLimit));
    }

    /**
     * The command line, in the sandbox or not. The sandbox gives the job a session of its own,
     * but bubblewrap itself is launched in a new session too: in the worker's process group, a
     * Ctrl-C meant for the worker would reach it (and kill the job).
     */
    private static List<String> commandLine(Cmd.Exec exec, JobRun run, TreeMapping mapping) throws IOException {
        Path workDir = resolve(run.sourceDir(), exec.workingDirectory());
        List<String> argv;
        if (run.confinement() != null) {
            argv = run.confinement().wrap(JobCommandLine.resolved(exec.argv()), workDir);
        } else if (mapping != null) {
            argv = mapping.wrap(JobCommandLine.resolved(exec.argv()), workDir, run.treeAt());
        } else {
            argv = exec.argv();
        }
        return JobCommandLine.resolved(argv);
    }

    private Launch launchOf(List<String> argv, Cmd.Exec exec, JobRun run, Path stdout, Path stderr) {
        // Wrapped in bubblewrap, the command's directory may exist only in its mounts: bwrap goes there itself.
        boolean wrapped = run.confinement() != null || !run.spec().job().needs().treeAt().isEmpty();
        Path directory = wrapped ? run.sourceDir() : resolve(run.sourceDir(), exec.workingDirectory());
        Map<String, String> environment = null;
        if (!exec.environ().isEmpty()) {
            environment = new HashMap<>();
            for (String entry : exec.environ()) {
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("environment entry \"" + entry + "\" is not KEY=VALUE");
                }
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        } else if (run.confinement() != null) {
            environment = new HashMap<>(System.getenv());
            Sandbox.limitInherited(environment);
        }
        return new Launch(argv, directory, environment, NO_INPUT, stdout, stderr, ownSessions);
    }

    /**
     * A cat command of a sandboxed job is written from inside its sandbox, as the job's user: the
     * worker (root, perhaps) must not write where a job's path or link points. Null on success.
     */
    private static String catInSandbox(Cmd.Cat cat, JobRun run, Path stdout, Path stderr)
            throws IOException, InterruptedException {
        Path target = resolve(run.sourceDir(), cat.output());
        List<String> argv = run.confinement().wrap(List.of("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh",
                target.toString()), run.sourceDir());
        Process process = new ProcessBuilder(argv).directory(run.sourceDir().toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        try (var in = process.getOutputStream()) {
            in.write(cat.template().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException closedEarly) {
            // it failed before reading it all: its exit code says so
        }
        int exitCode = waitFor(Launched.of(process));
        return exitCode == 0 ? null : "the job's sandbox refused it (exit " + exitCode + ")";
    }

    /** Creates the file, or empties the one a previous run in this scratch directory left. */
    private static Path emptyFile(Path file) throws IOException {
        Files.write(file, new byte[0]);
        return file;
    }

    private static int waitFor(Launched process) throws InterruptedException {
        try {
            return process.waitFor();
        } catch (InterruptedException cancelled) {
            process.killTree();
            throw cancelled;
        }
    }

    /** Paths in commands are relative to the job's source directory unless absolute; empty means that directory. */
    private static Path resolve(Path sourceDir, String path) {
        return path.isEmpty() ? sourceDir : sourceDir.resolve(path);
    }

    private JobResult failed(Id id, Path stdout, Path stderr, int exitCode, String error) throws IOException {
        return new JobResult(id, OutputCapture.read(stdout, outputLimit), OutputCapture.read(stderr, outputLimit),
                exitCode, error);
    }

    private static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        // The JDK says "Cannot run program "x" (in directory …): error=2, No such file or directory" (JDK 21)
        // or "…: Exec failed, error: 2 (No such file or directory) " (JDK 25); the system's words are what counts.
        var inParentheses = SYSTEM_REASON.matcher(message);
        if (inParentheses.find()) {
            return inParentheses.group(1);
        }
        int errorAt = message.lastIndexOf(", ");
        return errorAt >= 0 ? message.substring(errorAt + 2) : message;
    }

    private static final java.util.regex.Pattern SYSTEM_REASON = java.util.regex.Pattern.compile(
            "error: \\d+ \\(([^()]*)\\)\\s*$");
}
