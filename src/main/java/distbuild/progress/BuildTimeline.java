package distbuild.progress;

import distbuild.client.BuildListener;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything that happened to a build's jobs, timed on the client's clock: when each became
 * ready (its last dep finished), when it was handed to a worker, when it finished and how. The
 * summary, the progress displays and the trace all read it. Thread-safe: the build's thread
 * writes, a display's redraw thread reads.
 */
public final class BuildTimeline implements BuildListener {
    /** A try of a job on a worker that ended without its result. */
    public record LostTry(Job job, WorkerId worker, String reason) {}

    /** One job's story so far. Times are nanoseconds since the build started; -1 for not yet. */
    public record Track(Job job, long readyAt, long startedAt, WorkerId worker, long finishedAt, JobResult result) {
        public boolean isRunning() {
            return startedAt >= 0 && finishedAt < 0;
        }

        public boolean isFinished() {
            return finishedAt >= 0;
        }

        public Provenance.Origin origin() {
            return result == null ? null : result.provenance().origin();
        }

        /** Where the job's time went on a worker: its reported phases, else start to finish as seen here. */
        public Duration busy() {
            if (result == null || result.provenance().replayed()) {
                return Duration.ZERO;
            }
            Provenance.Timing timing = result.provenance().timing();
            if (timing.isKnown()) {
                return timing.total();
            }
            return startedAt >= 0 ? Duration.ofNanos(finishedAt - startedAt) : Duration.ZERO;
        }

        /** The worker that ran or holds the job, as the start or the result named it. */
        public WorkerId where() {
            if (result != null && result.provenance().worker() != null) {
                return result.provenance().worker();
            }
            return worker;
        }
    }

    private final Graph graph;
    private final LongSupplier clock;
    private final long origin;
    private final Map<Id, Track> tracks = new LinkedHashMap<>();
    private final Map<Id, Integer> waitingOn = new HashMap<>();
    private final Map<Id, List<Id>> dependants = new HashMap<>();
    private final List<LostTry> lostTries = new ArrayList<>();
    /** Kept as events arrive: a display asks for them on every event, and counting anew each time would be quadratic. */
    private int running;
    private int finished;
    private int ran;
    private int cached;
    private int shared;
    private int cutOff;
    private int failed;

    public BuildTimeline(Graph graph) {
        this(graph, System::nanoTime);
    }

    BuildTimeline(Graph graph, LongSupplier clock) {
        this.graph = graph;
        this.clock = clock;
        this.origin = clock.getAsLong();
        for (Job job : graph.jobsById().values()) {
            List<Id> deps = job.deps().stream().distinct().toList();
            waitingOn.put(job.id(), deps.size());
            deps.forEach(dep -> dependants.computeIfAbsent(dep, d -> new ArrayList<>()).add(job.id()));
            tracks.put(job.id(), new Track(job, deps.isEmpty() ? 0 : -1, -1, null, -1, null));
        }
    }

    public Graph graph() {
        return graph;
    }

    /** Nanoseconds since the build started. */
    public long now() {
        return clock.getAsLong() - origin;
    }

    public synchronized List<Track> tracks() {
        return List.copyOf(tracks.values());
    }

    public synchronized Track track(Id job) {
        return tracks.get(job);
    }

    @Override
    public synchronized void onJobStarted(Job job, WorkerId worker) {
        Track track = tracks.get(job.id());
        if (track != null && !track.isFinished()) {
            if (!track.isRunning()) {
                running++;
            }
            tracks.put(job.id(), new Track(job, track.readyAt(), now(), worker, -1, null));
        }
    }

    /** The job waits again: the worker it went to lost it. */
    @Override
    public synchronized void onJobLost(Job job, WorkerId worker, String reason) {
        lostTries.add(new LostTry(job, worker, reason));
        Track track = tracks.get(job.id());
        if (track != null && track.isRunning() && worker.equals(track.worker())) {
            running--;
            tracks.put(job.id(), new Track(job, track.readyAt(), -1, null, -1, null));
        }
    }

    public synchronized List<LostTry> lostTries() {
        return List.copyOf(lostTries);
    }

    @Override
    public synchronized void onJobFinished(Job job, JobResult result) {
        Track track = tracks.get(job.id());
        if (track == null || track.isFinished()) {
            return;
        }
        long now = now();
        if (track.isRunning()) {
            running--;
        }
        tracks.put(job.id(), new Track(job, track.readyAt() < 0 ? now : track.readyAt(), track.startedAt(),
                track.worker(), now, result));
        finished++;
        if (!result.succeeded()) {
            failed++;
        }
        switch (result.provenance().origin()) {
            case RAN -> ran++;
            case CACHED -> cached++;
            case SHARED -> shared++;
            case CUT_OFF -> cutOff++;
        }
        if (result.succeeded()) {
            for (Id dependant : dependants.getOrDefault(job.id(), List.of())) {
                if (waitingOn.merge(dependant, -1, Integer::sum) == 0) {
                    Track waiting = tracks.get(dependant);
                    tracks.put(dependant, new Track(waiting.job(), now, waiting.startedAt(), waiting.worker(),
                            waiting.finishedAt(), waiting.result()));
                }
            }
        }
    }

    /** Counts of the jobs by state, taken at one moment. */
    public record Counts(int total, int finished, int running, int ran, int cached, int shared, int failed, int cutOff) {}

    public synchronized Counts counts() {
        return new Counts(tracks.size(), finished, running, ran, cached, shared, failed, cutOff);
    }
}
