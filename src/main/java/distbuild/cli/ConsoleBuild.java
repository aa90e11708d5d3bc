package distbuild.cli;

import distbuild.client.BuildListener;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.client.OutputDelivery;
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
import java.util.List;
import java.util.Map;

/**
 * Runs a build for a person: progress as it goes (see {@link ProgressOptions}), the summary,
 * then the targets' outputs into {@code --output} and the trace into {@code --trace}.
 */
final class ConsoleBuild {
    private ConsoleBuild() {}

    /** Runs the build and returns the process exit code: 0 success, 1 build failed, 2 outputs not delivered. */
    static int run(Client client, URI coordinator, BuildSource.Loaded build, ProgressOptions options, PrintStream out)
            throws IOException, InterruptedException {
        return run(client, coordinator, build, options, out, BuildListener.NONE);
    }

    /** As above, with {@code also} told of the build's events after the display. */
    static int run(Client client, URI coordinator, BuildSource.Loaded build, ProgressOptions options, PrintStream out,
            BuildListener also) throws IOException, InterruptedException {
        BuildTimeline timeline = new BuildTimeline(build.plan().graph());
        WorkerNames workers = new WorkerNames(coordinator);
        boolean tty = options.progress == ProgressOptions.Style.tty
                || (options.progress == ProgressOptions.Style.auto && Terminal.stdoutIsTerminal());
        ProgressDisplay display = tty
                ? new TerminalProgress(timeline, out, options.showOutput, workers, Terminal.columns())
                : new PlainProgress(timeline, out, options.showOutput, workers);
        BuildOutcome outcome;
        try {
            outcome = client.build(build.plan().graph(), build.sourceDir(), timeline.andThen(display).andThen(also));
        } catch (IOException | InterruptedException | RuntimeException e) {
            display.abandon();
            throw e;
        }
        display.finish(outcome);
        int exitCode = outcome.succeeded() ? 0 : Main.BUILD_FAILED;
        if (outcome.succeeded() && options.output != null) {
            OutputDelivery delivery = new OutputDelivery(client, build.plan().graph(), build.sourceDir(),
                    build.plan().outputs(), note -> {
                        out.println(note);
                        out.flush();
                    });
            try {
                int files = delivery.deliver(build.plan().deliverable(build.targets()), options.output);
                out.println(files + (files == 1 ? " output file" : " output files") + " of " + describe(build)
                        + " in " + options.output);
            } catch (IOException e) {
                out.println(e.getMessage());
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

    private static String describe(BuildSource.Loaded build) {
        Map<Id, Job> jobs = build.plan().graph().jobsById();
        List<String> names = build.targets().stream().map(id -> "'" + jobs.get(id).name() + "'").toList();
        return names.size() == 1 ? "target " + names.getFirst()
                : names.size() <= 3 ? "targets " + String.join(", ", names) : names.size() + " targets";
    }
}
