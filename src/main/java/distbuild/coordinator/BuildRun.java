package distbuild.coordinator;

import distbuild.cache.FileCache;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import distbuild.scheduler.JobTicket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One client's build, from {@code BuildStarted} to its last update. Runs on the request's own
 * thread and reacts to events (the upload signal, finished jobs) one at a time, so its state
 * needs no locks. Whatever way it ends — success, a failed job, the client gone — it withdraws
 * its interest in every job it started, so work nobody else wants stops.
 */
final class BuildRun {
    private sealed interface Event {}

    private record UploadDone() implements Event {}

    private record JobDone(Job job, JobResult result, Throwable failure) implements Event {}

    private final Logger log;
    private final Id id;
    private final Graph graph;
    private final StatusWriter out;
    private final JobStarter starter;
    private final FileCache files;
    private final Duration keepAlive;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Id, JobTicket> unfinished = new HashMap<>();
    private final Map<String, Id> filesByPath;

    BuildRun(Logger log, Id id, Graph graph, StatusWriter out, JobStarter starter, FileCache files, Duration keepAlive) {
        this.log = log;
        this.id = id;
        this.graph = graph;
        this.out = out;
        this.starter = starter;
        this.files = files;
        this.keepAlive = keepAlive;
        this.filesByPath = graph.filesByPath();
    }

    Id id() {
        return id;
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
        try {
            List<Id> missing = missingFiles();
            out.started(new BuildStarted(id, missing));
            log.info("build {} started: {} jobs, {} of {} source files to upload", id.shortHex(), graph.jobs().size(),
                    missing.size(), graph.sourceFiles().size());
            awaitUploads();
            List<Id> stillMissing = missingFiles();
            if (!stillMissing.isEmpty()) {
                fail("source files still missing after UploadDone: " + describeFiles(stillMissing));
                return;
            }
            if (runJobs()) {
                out.update(StatusUpdate.finished());
                log.info("build {} finished: {} jobs in {} ms", id.shortHex(), graph.jobs().size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            }
        } finally {
            if (!unfinished.isEmpty()) {
                log.info("build {} ended with {} jobs unfinished; withdrawing from them", id.shortHex(), unfinished.size());
            }
            unfinished.values().forEach(JobTicket::cancel);
        }
    }

    private void awaitUploads() throws IOException, InterruptedException {
        while (!(nextEvent() instanceof UploadDone)) {
            // a job event cannot come before any job started
        }
    }

    /** Starts jobs as their deps finish; true when all succeeded, false after reporting a failure. */
    private boolean runJobs() throws IOException, InterruptedException {
        Map<Id, Job> jobs = graph.jobsById();
        Map<Id, Integer> waitingOn = new HashMap<>();
        Map<Id, List<Job>> dependants = new HashMap<>();
        for (Job job : jobs.values()) {
            List<Id> deps = job.deps().stream().distinct().toList();
            waitingOn.put(job.id(), deps.size());
            deps.forEach(dep -> dependants.computeIfAbsent(dep, k -> new ArrayList<>()).add(job));
        }
        jobs.values().stream().filter(job -> waitingOn.get(job.id()) == 0).forEach(this::start);
        int finished = 0;
        while (finished < jobs.size()) {
            if (!(nextEvent() instanceof JobDone done)) {
                continue; // a repeated UploadDone
            }
            unfinished.remove(done.job().id());
            if (done.failure() != null) {
                fail("job " + done.job().describe() + " could not run: " + reason(done.failure()));
                return false;
            }
            out.update(StatusUpdate.ofJob(done.result()));
            if (!done.result().succeeded()) {
                fail("job " + done.job().describe() + " failed: " + done.result().failure());
                return false;
            }
            finished++;
            for (Job dependant : dependants.getOrDefault(done.job().id(), List.of())) {
                if (waitingOn.merge(dependant.id(), -1, Integer::sum) == 0) {
                    start(dependant);
                }
            }
        }
        return true;
    }

    private void start(Job job) {
        Map<Id, String> sources = new LinkedHashMap<>();
        for (String input : job.inputs()) {
            sources.put(filesByPath.get(input), input);
        }
        JobTicket ticket = starter.start(job, sources);
        unfinished.put(job.id(), ticket);
        ticket.result().whenComplete((result, failure) -> events.add(new JobDone(job, result, failure)));
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

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return cause.getMessage() == null ? "cancelled" : cause.getMessage();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
