package distbuild.worker;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CachedArtifact;
import distbuild.cache.EntryNotFoundException;
import distbuild.cache.PendingArtifact;
import distbuild.files.FileTrees;
import distbuild.files.SpecialFileException;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import distbuild.transfer.ArtifactTransferClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The outermost link: a job whose artifact and result are cached is replayed without running
 * anything — fetched first from the peer the coordinator named as holding it, if there is one —;
 * so is one the coordinator cut off early, with the artifact of the earlier job it names;
 * otherwise the job runs with its output directory inside a pending cache entry, and a success is
 * committed — output and result (with the output's digest) together, atomically — and announced.
 */
final class CachingExecutor implements JobExecutor {
    private final Logger log;
    private final ArtifactCache cache;
    private final ArtifactAnnouncer announcer;
    private final ArtifactTransferClient peers;
    private final JobExecutor next;

    CachingExecutor(Logger log, ArtifactCache cache, ArtifactAnnouncer announcer, ArtifactTransferClient peers,
            JobExecutor next) {
        this.log = log;
        this.cache = cache;
        this.announcer = announcer;
        this.peers = peers;
        this.next = next;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
        Id id = run.jobId();
        Id earlier = run.spec().replayOf();
        if (earlier == null) {
            fetchFromHolder(run);
        }
        while (true) {
            Optional<Optional<JobResult>> cached = lookUp(id);
            if (cached.isPresent()) {
                if (cached.get().isPresent()) {
                    log.debug("job {} is cached: replaying its result", run.spec().job().describe());
                    return cached.get().get().withProvenance(Provenance.cached(null));
                }
                return ranNow(recoverResult(run), run);
            }
            if (earlier != null) {
                Optional<JobResult> replayed = replayEarlier(run, earlier);
                if (replayed.isPresent()) {
                    return replayed.get();
                }
                earlier = null;
                continue; // looked up again: another run may have committed it meanwhile
            }
            Optional<PendingArtifact> writer = cache.createOrWait(id);
            if (writer.isEmpty()) {
                continue; // another run committed it while we waited: replay that
            }
            PendingArtifact pending = writer.get();
            try {
                Files.createDirectories(pending.outputDir());
                JobResult result = next.execute(run.withOutputDir(pending.outputDir()));
                if (result.succeeded()) {
                    long storing = System.nanoTime();
                    try {
                        // What the job made, by content: a job after it whose deps made the same as before can be cut off.
                        result = result.withOutputDigest(FileTrees.digest(pending.outputDir()));
                        pending.commit(result);
                    } catch (SpecialFileException e) {
                        return ranNow(specialFileIn(result, e), run);
                    }
                    run.phases().storedSince(storing);
                    if (cache.contains(id)) { // not evicted already by a commit running alongside
                        announcer.added(id);
                    }
                }
                return ranNow(result, run);
            } catch (IOException e) {
                if (!isDiskFull(e)) {
                    throw e;
                }
                // The pending entry is thrown away below: the cache stays as it was, and the worker goes on.
                log.warn("job {}: the disk is full: {}", run.spec().job().describe(), e.getMessage());
                return JobResult.error(id, "the worker's disk is full: cannot store the job's output ("
                        + e.getMessage() + "); free space or lower --artifact-cache-size");
            } finally {
                discardUnlessCommitted(pending);
            }
        }
    }

    private static boolean isDiskFull(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private static JobResult ranNow(JobResult result, JobRun run) {
        return result.withProvenance(Provenance.ran(null, run.phases().timing()));
    }

    /**
     * Early cutoff: the coordinator found that an earlier job ran exactly these commands on exactly
     * these inputs (its deps' outputs the same by content), so that job's artifact and result are
     * this one's. Taken from this worker's cache, or fetched from the peer named; empty (the job
     * then runs) when neither has them with a result to replay.
     */
    private Optional<JobResult> replayEarlier(JobRun run, Id earlier) throws Exception {
        WorkerId holder = run.spec().cachedOn();
        if (!cache.contains(earlier) && holder != null) {
            try {
                if (peers.download(earlier, holder, cache)) {
                    announcer.added(earlier);
                }
            } catch (IOException e) {
                log.info("job {}: could not fetch the earlier job {} from {}, running it instead: {}",
                        run.spec().job().describe(), earlier.shortHex(), holder, e.getMessage());
                return Optional.empty();
            }
        }
        CachedArtifact source;
        try {
            source = cache.get(earlier);
        } catch (EntryNotFoundException absent) {
            return Optional.empty();
        }
        try (source) {
            Optional<JobResult> result = source.result();
            if (result.isEmpty()) {
                return Optional.empty();
            }
            Optional<PendingArtifact> writer = cache.createOrWait(run.jobId());
            if (writer.isEmpty()) {
                return Optional.empty(); // committed meanwhile: the caller replays that
            }
            try (PendingArtifact pending = writer.get()) {
                return Optional.of(takeAsOwn(run, earlier, source, result.get(), pending));
            } catch (IOException e) {
                log.info("job {}: could not take the output of {} ({}); running it instead", run.spec().job().describe(),
                        earlier.shortHex(), e.toString());
                return Optional.empty();
            }
        }
    }

    /** The earlier job's output, linked into this job's pending entry, and its result as this job's, committed. */
    private JobResult takeAsOwn(JobRun run, Id earlier, CachedArtifact source, JobResult earlierResult, PendingArtifact pending)
            throws IOException {
        FileTrees.linkTree(source.outputDir(), pending.outputDir());
        JobResult replayed = earlierResult.asResultOf(run.jobId());
        if (replayed.outputDigest() == null) { // fetched from a peer: read here
            replayed = replayed.withOutputDigest(FileTrees.digest(source.outputDir()));
        }
        pending.commit(replayed);
        if (cache.contains(run.jobId())) { // not evicted already by a commit running alongside
            announcer.added(run.jobId());
        }
        log.debug("job {} cut off: the output of {} taken as its own", run.spec().job().describe(), earlier.shortHex());
        return replayed.withProvenance(Provenance.cutOff(null));
    }

    /** If a peer holds the job's artifact and this worker does not, gets it from there; a failed fetch just means running it. */
    private void fetchFromHolder(JobRun run) throws InterruptedException {
        WorkerId holder = run.spec().cachedOn();
        if (holder == null || cache.contains(run.jobId())) {
            return;
        }
        try {
            if (peers.download(run.jobId(), holder, cache)) {
                log.debug("job {} fetched from {} instead of run", run.spec().job().describe(), holder);
                announcer.added(run.jobId());
            }
        } catch (IOException e) {
            log.info("could not fetch job {} from {}, running it instead: {}", run.spec().job().describe(), holder,
                    e.getMessage());
        }
    }

    /** Throws away the output of a run that did not commit; failing that must not hide the job's own result. */
    private void discardUnlessCommitted(PendingArtifact pending) {
        try {
            pending.abort();
        } catch (IOException e) {
            log.warn("could not throw away the uncommitted output of job {}: {}", pending.id().shortHex(), e.toString());
        }
    }

    /**
     * An artifact may hold only regular files and directories (SPEC §2): anything else could not
     * be sent to other workers, so a job that leaves, say, a symbolic link fails, naming it.
     */
    private static JobResult specialFileIn(JobResult result, SpecialFileException e) {
        return new JobResult(result.jobId(), result.stdout(), result.stderr(), 0, "the output holds \""
                + e.relativePath() + "\", which is not a regular file or a directory; an artifact may hold only those"
                + " (copy the file instead of linking it)");
    }

    /** Empty if the artifact is not cached; else its stored result, which may be missing. */
    private Optional<Optional<JobResult>> lookUp(Id id) throws Exception {
        if (!cache.contains(id)) {
            return Optional.empty(); // the usual case, without the cost of an exception
        }
        try (CachedArtifact artifact = cache.get(id)) {
            return Optional.of(artifact.result());
        } catch (EntryNotFoundException absent) {
            return Optional.empty();
        }
    }

    /**
     * The artifact came from a peer that kept no result, so the job's output text is unknown.
     * Run it once more in scratch space to learn it; the cached artifact stays as it is.
     */
    private JobResult recoverResult(JobRun run) throws Exception {
        log.info("job {} has a cached artifact but no stored output; running it again to get its output",
                run.spec().job().describe());
        Path scratchOutput = run.scratchDir().resolve("output");
        Files.createDirectories(scratchOutput);
        JobResult result = next.execute(run.withOutputDir(scratchOutput));
        if (result.succeeded()) {
            cache.attachResult(run.jobId(), result);
        }
        return result;
    }
}
