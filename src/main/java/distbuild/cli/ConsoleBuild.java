package distbuild.cli;

import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.progress.BuildTimeline;
import distbuild.progress.PlainProgress;
import distbuild.progress.ProgressDisplay;
import distbuild.progress.TerminalProgress;
import distbuild.progress.TraceFile;
import distbuild.progress.WorkerNames;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a build for a person: progress as it goes (see {@link ProgressOptions}), the summary,
 * then the targets' outputs into {@code --output} and the trace into {@code --trace}.
 */
final class ConsoleBuild {
    private ConsoleBuild() {}

    /** Runs the build and returns the process exit code: 0 success, 1 build failed, 2 outputs not delivered. */
    static int run(Client client, URI coordinator, BuildSource.Loaded build, ProgressOptions options, PrintStream out)
            throws IOException, InterruptedException {
        BuildTimeline timeline = new BuildTimeline(build.plan().graph());
        WorkerNames workers = new WorkerNames(coordinator);
        boolean tty = options.progress == ProgressOptions.Style.tty
                || (options.progress == ProgressOptions.Style.auto && Terminal.stdoutIsTerminal());
        ProgressDisplay display = tty
                ? new TerminalProgress(timeline, out, options.showOutput, workers, Terminal.columns())
                : new PlainProgress(timeline, out, options.showOutput, workers);
        BuildOutcome outcome;
        try {
            outcome = client.build(build.plan().graph(), build.sourceDir(), timeline.andThen(display));
        } catch (IOException | InterruptedException | RuntimeException e) {
            display.abandon();
            throw e;
        }
        display.finish(outcome);
        int exitCode = outcome.succeeded() ? 0 : Main.BUILD_FAILED;
        if (outcome.succeeded() && options.output != null) {
            String problem = fetchOutputs(client, build, options.output);
            if (problem != null) {
                out.println("could not fetch the outputs: " + problem);
                exitCode = Main.ERROR;
            } else {
                out.println("outputs of " + describe(build) + " are in " + options.output);
            }
        }
        if (options.trace != null) {
            TraceFile.write(timeline, workers, options.trace);
            out.println("trace written to " + options.trace + " (open it in https://ui.perfetto.dev)");
        }
        out.flush();
        return exitCode;
    }

    /** Fetches every target's artifact at once; null when all arrived, else what went wrong. */
    private static String fetchOutputs(Client client, BuildSource.Loaded build, Path directory) throws InterruptedException {
        Map<Id, Job> jobs = build.plan().graph().jobsById();
        List<Future<?>> fetches = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Id target : build.targets()) {
                fetches.add(threads.submit(() -> {
                    try {
                        client.fetchArtifact(target, directory);
                    } catch (IOException e) {
                        throw new IOException(jobs.get(target).describe() + ": " + e.getMessage(), e);
                    }
                    return null;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<?> fetch : fetches) {
                try {
                    fetch.get();
                } catch (ExecutionException e) {
                    problems.add(e.getCause().getMessage());
                }
            }
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
    }

    private static String describe(BuildSource.Loaded build) {
        Map<Id, Job> jobs = build.plan().graph().jobsById();
        List<String> names = build.targets().stream().map(id -> "'" + jobs.get(id).name() + "'").toList();
        return names.size() <= 3 ? String.join(", ", names) : names.size() + " jobs";
    }
}
