package distbuild.coordinator;

import distbuild.cache.CachedFile;
import distbuild.cache.EntryNotFoundException;
import distbuild.cache.FileCache;
import distbuild.http.CallFailure;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.BuildAbandonedException;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import distbuild.scheduler.JobTicket;
import distbuild.scheduler.LogContext;
import distbuild.scheduler.LostDepsException;
import distbuild.scheduler.Priority;
import distbuild.scheduler.Share;
import distbuild.scheduler.SchedulerStoppedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * One client's build, from {@code BuildStarted} to its last update. Two halves meet here:
 * <ul>
 *   <li>launching: when a job finishes, its dependants that became ready are started right in
 *       that callback (on the thread that delivered the result), so the heartbeat that reported
 *       a job can already carry the next one of a chain back to the worker;
 *   <li>reporting: the request's own thread streams every finished job to the client, in the
 *       order they finished, and ends the build.
 * </ul>
 * Whatever way it ends — success, a failed job, the client gone — it withdraws its interest in
 * every job it started, so work nobody else wants stops.
 */
final class BuildRun {
    private sealed interface Event {}

    private record UploadDone() implements Event {}

    private record JobDone(Job job, JobResult result, Throwable failure) implements Event {}

    private record JobStarted(Job job, WorkerId worker) implements Event {}

    private record JobLost(Job job, WorkerId worker, String reason) implements Event {}

    private final Logger log;
    private final Id id;
    private final Graph graph;
    private final boolean reportJobStarts;
    private final StatusWriter out;
    private final JobStarter starter;
    private final FileCache files;
    private final Duration keepAlive;
    private final DurationHistory durations;
    private final ClusterTotals totals;
    private final long createdAt = System.nanoTime();
    /** What it did job by job, for the status pages; outlives the build in the coordinator's history. */
    private final BuildJournal journal;
    /** Each job's priority, computed when the jobs start: the critical path first. */
    private Map<Id, Priority> priorities = Map.of();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, Id> filesByPath;

    /** How often a build runs a dep again because its artifact was lost, before it gives up on it. */
    static final int MAX_RERUNS = 3;

    /** Guards the launching state below, which job callbacks change from any thread. */
    private final Object launching = new Object();
    /** For each job not started yet, the deps it still waits for. */
    private final Map<Id, Set<Id>> waitingFor = new HashMap<>();
    private final Map<Id, Integer> reruns = new HashMap<>();
    private final Map<Id, List<Job>> dependants = new HashMap<>();
    private final Map<Id, JobTicket> unfinished = new HashMap<>();
    private final ArrayDeque<Job> ready = new ArrayDeque<>();
    private boolean draining;
    private boolean stopped;
    private final Share share;

    /**
     * @param submitter who sent it, for the status pages, or null
     * @param share whose slots its jobs count against (see {@link distbuild.scheduler.FairShares}); its build is this one
     */
    BuildRun(Logger log, Id id, Graph graph, boolean reportJobStarts, String submitter, Share share, StatusWriter out,
            BuildContext context) {
        this.log = log;
        this.id = id;
        this.share = share;
        this.graph = graph;
        this.reportJobStarts = reportJobStarts;
        this.journal = new BuildJournal(id, submitter, graph);
        this.out = out;
        this.starter = context.starter();
        this.files = context.files();
        this.keepAlive = context.keepAlive();
        this.durations = context.durations();
        this.totals = context.totals();
        this.filesByPath = graph.filesByPath();
    }

    Id id() {
        return id;
    }

    /** What it did job by job, for the status pages; complete once {@link #run} returned. */
    BuildJournal journal() {
        return journal;
    }

    /** Up to {@code most} of its jobs that wait for deps to finish, naming the deps. */
    List<ClusterStatus.Waiting> waitingOnDeps(int most) {
        Map<Id, Job> jobs = graph.jobsById();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdAt);
        List<ClusterStatus.Waiting> waiting = new ArrayList<>();
        synchronized (launching) {
            for (Map.Entry<Id, Set<Id>> entry : waitingFor.entrySet()) {
                if (waiting.size() >= most) {
                    break;
                }
                if (entry.getValue().isEmpty()) {
                    continue;
                }
                Job job = jobs.get(entry.getKey());
                List<String> names = entry.getValue().stream().limit(3).map(dep -> jobs.get(dep).describe()).sorted().toList();
                int more = entry.getValue().size() - names.size();
                waiting.add(new ClusterStatus.Waiting(id.hex(), job.id().hex(), job.name(), "waiting for its deps to finish: "
                        + String.join(", ", names) + (more > 0 ? " and " + more + " more" : ""), waited));
            }
        }
        return waiting;
    }

    /** Called from the signal endpoint's thread. */
    void signal(SignalRequest signal) {
        if (signal.uploadDone()) {
            events.add(new UploadDone());
        }
    }

    /**
     * Runs the build to its end.
     *
     * @throws IOException when the client is gone (a write failed)
     * @throws InterruptedException when the build is cancelled
     */
    void run() throws IOException, InterruptedException {
        long startedAt = System.nanoTime();
        List<CachedFile> pinned = new ArrayList<>();
        // Every line logged on the build's thread names it (--log-format json shows it as mdc.build).
        MDC.put("build", id.hex());
        boolean succeeded = false;
        try {
            pin(pinned); // what is here already stays while the rest is uploaded
            List<Id> missing = missingFiles();
            out.started(new BuildStarted(id, missing));
            log.info("build {} started: {} jobs, {} of {} source files to upload", id.shortHex(), graph.jobs().size(),
                    missing.size(), graph.sourceFiles().size());
            if (!missing.isEmpty()) {
                // With nothing to upload the jobs start now: the client's UploadDone, which every
                // client sends, arrives while they run and is ignored, and a cached build is a round trip shorter.
                awaitUploads();
            }
            pin(pinned);
            List<Id> stillMissing = missingFiles();
            if (!stillMissing.isEmpty()) {
                fail("source files still missing after UploadDone: " + describeFiles(stillMissing));
                return;
            }
            totals.buildStarted();
            try {
                succeeded = runJobs(pinned);
            } finally {
                totals.buildEnded(succeeded);
            }
            if (succeeded) {
                journal.ended(ClusterStatus.Build.SUCCEEDED, null);
                out.update(StatusUpdate.finished());
                log.info("build {} finished: {} jobs in {} ms", id.shortHex(), graph.jobs().size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            }
        } finally {
            // Unless it ended with an outcome above: the client went away, or the coordinator stops.
            journal.ended(ClusterStatus.Build.ABANDONED, null);
            List<JobTicket> abandoned;
            synchronized (launching) {
                stopped = true;
                abandoned = new ArrayList<>(unfinished.values());
                unfinished.clear();
            }
            if (!abandoned.isEmpty()) {
                log.info("build {} ended with {} jobs unfinished; withdrawing from them", id.shortHex(), abandoned.size());
            }
            abandoned.forEach(JobTicket::cancel);
            pinned.forEach(CachedFile::close);
            durations.saveIfDue();
            MDC.remove("build");
        }
    }

    /** Holds the build's source files in the cache, so that eviction leaves them until its jobs fetched them. */
    private void pin(List<CachedFile> pinned) {
        Set<Id> held = new HashSet<>();
        pinned.forEach(file -> held.add(file.id()));
        for (Id file : graph.sourceFiles().keySet()) {
            if (held.contains(file)) {
                continue;
            }
            try {
                pinned.add(files.get(file));
            } catch (EntryNotFoundException e) {
                // missing: uploaded next, or reported as missing
            }
        }
    }

    /** A held source file's size; 0 if unknown (weighed as reading nothing). */
    private static long sizeOf(java.nio.file.Path file) {
        try {
            return file == null ? 0 : java.nio.file.Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private void awaitUploads() throws IOException, InterruptedException {
        while (!(nextEvent() instanceof UploadDone)) {
            // a job event cannot come before any job started
        }
    }

    /** Starts the jobs without deps and reports jobs as they finish; true when all succeeded. */
    private boolean runJobs(List<CachedFile> pinned) throws IOException, InterruptedException {
        Map<Id, Job> jobs = graph.jobsById();
        // Jobs never run before are weighed by what they read: the biggest compiles start first. Sizes
        // are read only for those (and each file once), not for a build whose every job has a history.
        Map<Id, java.nio.file.Path> held = new HashMap<>();
        pinned.forEach(file -> held.put(file.id(), file.path()));
        Map<Id, Long> sizes = new HashMap<>();
        priorities = CriticalPath.of(graph, durations, job -> job.inputs().stream()
                .mapToLong(input -> sizes.computeIfAbsent(filesByPath.get(input), file -> sizeOf(held.get(file)))).sum());
        journal.jobsStarting();
        synchronized (launching) {
            for (Job job : jobs.values()) {
                Set<Id> deps = new HashSet<>(job.deps());
                waitingFor.put(job.id(), deps);
                deps.forEach(dep -> dependants.computeIfAbsent(dep, k -> new ArrayList<>()).add(job));
                if (deps.isEmpty()) {
                    ready.add(job);
                }
            }
            launchReady();
        }
        Set<Id> finished = new HashSet<>();
        while (finished.size() < jobs.size()) {
            Event event = nextEvent();
            if (event instanceof JobStarted started) {
                out.update(StatusUpdate.started(started.job().id(), started.worker()));
                continue;
            }
            if (event instanceof JobLost lost) {
                out.update(StatusUpdate.lost(lost.job().id(), lost.worker(), lost.reason()));
                continue;
            }
            if (!(event instanceof JobDone done)) {
                continue; // a repeated UploadDone
            }
            if (done.failure() != null) {
                if (unwrap(done.failure()) instanceof SchedulerStoppedException) {
                    throw new BuildAbandonedException("the coordinator is stopping");
                }
                fail("job " + done.job().describe() + " could not run: " + reason(done.failure()));
                return false;
            }
            totals.jobFinished(done.result());
            out.update(StatusUpdate.ofJob(done.result()));
            if (!done.result().succeeded()) {
                fail("job " + done.job().describe() + " failed: " + done.result().failure());
                return false;
            }
            finished.add(done.job().id());
        }
        return true;
    }

    /** Called on whatever thread completes a job's result: queue it for the client, launch what it unblocks. */
    private void jobDone(Job job, JobResult result, Throwable failure) {
        synchronized (launching) {
            unfinished.remove(job.id());
            if (failure != null && unwrap(failure) instanceof LostDepsException lost && !stopped) {
                failure = runDepsAgain(job, lost.deps());
                if (failure == null) {
                    return;
                }
            }
            if (result != null) {
                durations.remember(job, result);
                journal.finished(job, result);
            } else {
                journal.couldNotRun(job, reason(failure));
            }
            // Queued before its dependants are launched: one replayed at once must not be reported first.
            events.add(new JobDone(job, result, failure));
            if (failure != null || !result.succeeded()) {
                stopped = true; // the build is over: start nothing more
            } else if (!stopped) {
                for (Job dependant : dependants.getOrDefault(job.id(), List.of())) {
                    Set<Id> missing = waitingFor.get(dependant.id());
                    // A dep that ran again counts only for the jobs that were waiting for it again.
                    if (missing.remove(job.id()) && missing.isEmpty()) {
                        ready.add(dependant);
                    }
                }
                launchReady();
            }
        }
    }

    /**
     * The artifacts of some deps of {@code job} are gone with their workers: run those deps again,
     * and the job once they are back. Returns null if so, else why the build must give up instead.
     */
    private Throwable runDepsAgain(Job job, Set<Id> lost) {
        Map<Id, Job> jobs = graph.jobsById();
        List<Job> again = new ArrayList<>();
        for (Id dep : lost) {
            Job depJob = jobs.get(dep);
            if (unfinished.containsKey(dep) || ready.contains(depJob)) {
                continue; // already running again for another of its dependants
            }
            if (reruns.merge(dep, 1, Integer::sum) > MAX_RERUNS) {
                return new IllegalStateException("the artifact of its dep " + depJob.describe() + " was lost "
                        + MAX_RERUNS + " times");
            }
            again.add(depJob);
        }
        try (LogContext about = LogContext.aboutJob(id, job.id())) { // on the thread that brought the news
            log.info("build {}: job {} waits for {} deps whose artifacts were lost; running {} of them again", id.shortHex(),
                    job.describe(), lost.size(), again.size());
        }
        waitingFor.get(job.id()).addAll(lost);
        journal.waitsForDepsAgain(job);
        ready.addAll(again);
        launchReady();
        return null;
    }

    /**
     * Starts every ready job. A job replayed from a known result completes at once, and its
     * callback lands back here; the {@code draining} flag turns that into a loop instead of a
     * recursion as deep as the chain of cached jobs.
     */
    private void launchReady() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            // One step for the scheduler: the most urgent of these goes first, not the first of them.
            starter.batch(this::startReady);
        } finally {
            draining = false;
        }
    }

    private void startReady() {
        for (Job job; !stopped && (job = ready.poll()) != null; ) {
            Map<Id, String> sources = new LinkedHashMap<>();
            for (String input : job.inputs()) {
                sources.put(filesByPath.get(input), input);
            }
            // Before it starts: a job replayed from a known result is finished by the time start returns.
            journal.queued(job);
            JobTicket ticket;
            try (LogContext about = LogContext.aboutJob(id, job.id())) {
                // Each build's jobs count against its own share of the slots.
                ticket = starter.start(job, sources, priorities.getOrDefault(job.id(), Priority.NONE).inShare(share));
            } catch (RuntimeException e) {
                jobDone(job, null, e); // ends the build with the reason, instead of waiting forever
                continue;
            }
            unfinished.put(job.id(), ticket);
            Job started = job;
            ticket.onStart(worker -> {
                journal.started(started, worker);
                if (reportJobStarts) {
                    events.add(new JobStarted(started, worker));
                }
            });
            ticket.onLost((worker, reason) -> {
                journal.lost(started, worker, reason);
                if (reportJobStarts) {
                    events.add(new JobLost(started, worker, reason));
                }
            });
            ticket.result().whenComplete((result, failure) -> jobDone(started, result, failure));
        }
    }

    private Event nextEvent() throws IOException, InterruptedException {
        while (true) {
            Event event = events.poll(keepAlive.toNanos(), TimeUnit.NANOSECONDS);
            if (event != null) {
                return event;
            }
            out.keepAlive(); // throws once the client is gone, which ends the build
        }
    }

    private void fail(String reason) throws IOException {
        log.info("build {} failed: {}", id.shortHex(), reason);
        journal.ended(ClusterStatus.Build.FAILED, reason);
        out.update(StatusUpdate.failed(reason));
    }

    private List<Id> missingFiles() {
        return graph.sourceFiles().keySet().stream().filter(file -> !files.contains(file)).toList();
    }

    private String describeFiles(List<Id> ids) {
        List<String> names = ids.stream().limit(10).map(file -> "\"" + graph.sourceFiles().get(file) + "\" ("
                + file.shortHex() + ")").toList();
        return String.join(", ", names) + (ids.size() > 10 ? " and " + (ids.size() - 10) + " more" : "");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String reason(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CancellationException) {
            return cause.getMessage() == null ? "cancelled" : cause.getMessage();
        }
        return CallFailure.describe(cause);
    }
}
