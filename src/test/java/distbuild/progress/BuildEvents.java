package distbuild.progress;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small build told to a timeline and a display event by event, on a clock the test moves: the
 * displays are listeners, so they are tested with the very events a build delivers.
 */
final class BuildEvents {
    static final WorkerId W0 = new WorkerId("http://127.0.0.1:7000/worker/0");
    static final WorkerId W1 = new WorkerId("http://127.0.0.1:7000/worker/1");
    static final WorkerNames NAMES = new WorkerNames(java.net.URI.create("http://127.0.0.1:7000/coordinator"));

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final Graph graph;
    final BuildTimeline timeline;

    /** Jobs by name; each may list the names of its deps after a colon: {@code "link:compile a,compile b"}. */
    BuildEvents(String... specs) {
        List<Job> list = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            List<Id> deps = parts.length > 1 ? List.of(parts[1].split(",")).stream().map(d -> jobs.get(d).id()).toList() : List.of();
            Job job = new Job(Id.ofContent(parts[0].getBytes(StandardCharsets.UTF_8)), parts[0], List.of(), deps,
                    List.of(new Cmd.Exec(List.of("true"))));
            jobs.put(parts[0], job);
            list.add(job);
        }
        graph = new Graph(Map.of(), list);
        timeline = new BuildTimeline(graph, clock::get);
    }

    BuildEvents at(double seconds) {
        clock.set(1_000_000_000L + (long) (seconds * 1e9));
        return this;
    }

    void start(ProgressDisplay display, String job, WorkerId worker) {
        timeline.onJobStarted(jobs.get(job), worker);
        display.onJobStarted(jobs.get(job), worker);
    }

    void ran(ProgressDisplay display, String job, WorkerId worker, double runSeconds, String stdout) {
        finish(display, job, new JobResult(jobs.get(job).id(), stdout.getBytes(StandardCharsets.UTF_8), null, 0, null,
                Provenance.ran(worker, new Provenance.Timing(Duration.ofMillis(10), seconds(runSeconds), Duration.ofMillis(5)))));
    }

    void cached(ProgressDisplay display, String job, WorkerId worker) {
        finish(display, job, new JobResult(jobs.get(job).id(), null, null, 0, null, Provenance.cached(worker)));
    }

    void failed(ProgressDisplay display, String job, WorkerId worker, String stderr) {
        finish(display, job, new JobResult(jobs.get(job).id(), null, stderr.getBytes(StandardCharsets.UTF_8), 2, null,
                Provenance.ran(worker, new Provenance.Timing(Duration.ZERO, Duration.ofMillis(300), Duration.ZERO))));
    }

    void finish(ProgressDisplay display, String job, JobResult result) {
        timeline.onJobFinished(jobs.get(job), result);
        display.onJobFinished(jobs.get(job), result);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
