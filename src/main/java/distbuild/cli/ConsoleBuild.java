package distbuild.cli;

import distbuild.client.ArtifactUnavailableException;
import distbuild.client.BuildListener;
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
import java.util.LinkedHashMap;
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
    /** How often outputs lost with their workers are built again before the build gives up on them. */
    private static final int MAX_OUTPUT_ROUNDS = 3;

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
            try {
                int files = deliverOutputs(client, build, options.output, out);
                out.println(files + (files == 1 ? " output file" : " output files") + " of " + describe(build)
                        + " in " + options.output);
            } catch (IOException e) {
                out.println("could not fetch the outputs: " + e.getMessage());
                exitCode = Main.ERROR;
            }
        }
        if (options.trace != null) {
            TraceFile.write(timeline, workers, options.trace);
            out.println("trace written to " + options.trace + " (open it in https://ui.perfetto.dev)");
        }
        out.flush();
        return exitCode;
    }

    /**
     * Fetches the targets' outputs; a target whose artifact went with its workers after it was
     * built is built again (within a bound), since the build is only done once its outputs are here.
     *
     * @return how many files arrived
     */
    private static int deliverOutputs(Client client, BuildSource.Loaded build, Path directory, PrintStream out)
            throws IOException, InterruptedException {
        List<Id> pending = build.targets();
        int files = 0;
        for (int round = 1; ; round++) {
            Fetched fetched = fetchOutputs(client, build, pending, directory);
            files += fetched.files();
            if (fetched.unavailable().isEmpty()) {
                return files;
            }
            if (round == MAX_OUTPUT_ROUNDS) {
                throw new IOException("the outputs of " + fetched.unavailable().size() + " targets were lost "
                        + MAX_OUTPUT_ROUNDS + " times with their workers");
            }
            out.println("the outputs of " + fetched.unavailable().size() + " targets were lost with their worker; building them again");
            BuildOutcome again = client.build(build.plan().restrictTo(fetched.unavailable()).graph(), build.sourceDir(),
                    BuildListener.NONE);
            if (!again.succeeded()) {
                throw new IOException("building them again failed: " + again.failure());
            }
            pending = fetched.unavailable();
        }
    }

    private record Fetched(int files, List<Id> unavailable) {}

    /** Fetches the targets' artifacts at once; those no worker holds any more are returned, any other failure thrown. */
    private static Fetched fetchOutputs(Client client, BuildSource.Loaded build, List<Id> targets, Path directory)
            throws IOException, InterruptedException {
        Map<Id, Job> jobs = build.plan().graph().jobsById();
        Map<Id, Future<Integer>> fetches = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Id target : targets) {
                fetches.put(target, threads.submit(() ->
                        client.fetchArtifact(target, directory, build.plan().outputs().getOrDefault(target, List.of()))));
            }
            int files = 0;
            List<Id> unavailable = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Map.Entry<Id, Future<Integer>> fetch : fetches.entrySet()) {
                try {
                    files += fetch.getValue().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof ArtifactUnavailableException) {
                        unavailable.add(fetch.getKey());
                    } else {
                        problems.add(jobs.get(fetch.getKey()).describe() + ": " + e.getCause().getMessage());
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new IOException(String.join("; ", problems));
            }
            return new Fetched(files, unavailable);
        }
    }

    private static String describe(BuildSource.Loaded build) {
        Map<Id, Job> jobs = build.plan().graph().jobsById();
        List<String> names = build.targets().stream().map(id -> "'" + jobs.get(id).name() + "'").toList();
        return names.size() == 1 ? "target " + names.getFirst()
                : names.size() <= 3 ? "targets " + String.join(", ", names) : names.size() + " targets";
    }
}
