package distbuild.cli;

import distbuild.client.BuildListener;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.model.Graph;
import distbuild.model.Job;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a build for a person at a terminal: every line a job printed goes out prefixed with the
 * job's name (stdout to stdout, stderr to stderr), and a one-line outcome ends it.
 */
final class ConsoleBuild implements BuildListener {
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicInteger finished = new AtomicInteger();

    private ConsoleBuild(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the build and returns the process exit code: 0 success, 1 build failed. */
    static int run(Client client, Graph graph, Path sourceDir, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        ConsoleBuild console = new ConsoleBuild(out, err);
        long started = System.nanoTime();
        BuildOutcome outcome = client.build(graph, sourceDir, console);
        String elapsed = String.format("%.2fs", (System.nanoTime() - started) / 1e9);
        out.flush();
        if (outcome.succeeded()) {
            err.println("build succeeded: " + graph.jobs().size() + " jobs in " + elapsed);
            return 0;
        }
        err.println("build failed after " + elapsed + ": " + outcome.failure());
        return Main.BUILD_FAILED;
    }

    @Override
    public void onJobStdout(Job job, byte[] stdout) {
        printLines(out, job, stdout);
    }

    @Override
    public void onJobStderr(Job job, byte[] stderr) {
        printLines(err, job, stderr);
    }

    @Override
    public void onJobFinished(Job job) {
        finished.incrementAndGet();
    }

    @Override
    public void onJobFailed(Job job, int exitCode, String error) {
        err.println(label(job) + "failed: " + (error != null ? error : "exit code " + exitCode));
    }

    private static synchronized void printLines(PrintStream stream, Job job, byte[] text) {
        String prefix = label(job);
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n", -1);
        int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            stream.println(prefix + lines[i]);
        }
        stream.flush();
    }

    private static String label(Job job) {
        return "[" + (job.name().isEmpty() ? job.id().shortHex() : job.name()) + "] ";
    }
}
