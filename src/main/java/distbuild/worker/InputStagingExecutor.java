package distbuild.worker;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CachedArtifact;
import distbuild.cache.CachedFile;
import distbuild.cache.EntryNotFoundException;
import distbuild.cache.FileCache;
import distbuild.files.FileTrees;
import distbuild.http.CallFailure;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Retry;
import distbuild.model.SourcePath;
import distbuild.model.WorkerId;
import distbuild.transfer.ArtifactTransferClient;
import distbuild.transfer.FileTransferClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Lays out the job's source tree (copies out of the file cache, downloading what is missing from
 * the coordinator) and makes each dep's artifact available (downloading it from the peer the
 * coordinator named). The deps stay read-locked in the cache until the job is done.
 *
 * <p>Nothing a job is given is the cache's own file: a job that writes to its inputs or deps
 * (by mistake, or after a chmod) must not change them for every later job. Sources are copied
 * (they are small, and the job may write next to them); deps are copied too, unless the job runs
 * in a {@link distbuild.sandbox.Sandbox} that mounts them read-only at no cost.
 */
final class InputStagingExecutor implements JobExecutor {
    private final Logger log;
    private final FileCache files;
    private final FileTransferClient coordinatorFiles;
    private final ArtifactCache artifacts;
    private final ArtifactTransferClient peers;
    private final ArtifactAnnouncer announcer;
    private final boolean depsMountedReadOnly;
    private final JobExecutor next;

    /** @param depsMountedReadOnly whether the jobs run where their deps cannot be written (a sandbox), so need no copy */
    InputStagingExecutor(Logger log, FileCache files, FileTransferClient coordinatorFiles, ArtifactCache artifacts,
            ArtifactTransferClient peers, ArtifactAnnouncer announcer, boolean depsMountedReadOnly, JobExecutor next) {
        this.log = log;
        this.files = files;
        this.coordinatorFiles = coordinatorFiles;
        this.artifacts = artifacts;
        this.peers = peers;
        this.announcer = announcer;
        this.depsMountedReadOnly = depsMountedReadOnly;
        this.next = next;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
        Job job = run.spec().job();
        long started = System.nanoTime();
        Path sourceDir = run.scratchDir().resolve("src");
        if (!Files.isDirectory(sourceDir)) { // kept from the slot's last run (ScratchSpace): no exception thrown to find that
            Files.createDirectories(sourceDir);
        }
        JobResult problem = stageSources(run, sourceDir);
        if (problem != null) {
            return problem;
        }
        List<CachedArtifact> leases = new ArrayList<>();
        try {
            Map<Id, Path> deps = new LinkedHashMap<>();
            for (Id dep : job.deps()) {
                if (deps.containsKey(dep)) {
                    continue;
                }
                WorkerId peer = run.spec().artifacts().get(dep);
                try {
                    CachedArtifact lease = acquireDep(dep, peer);
                    leases.add(lease);
                    deps.put(dep, depsMountedReadOnly ? lease.outputDir() : privateCopy(lease, run));
                } catch (IOException e) {
                    String reason = "cannot get the artifact of dep " + dep.hex() + (peer == null ? "" : " from " + peer)
                            + ": " + CallFailure.describe(e); // a person reads it: the JDK's may be null
                    // Only a peer that says it lacks the artifact, or cannot be reached, stops counting as its holder.
                    boolean peerLacksIt = peer != null && (e instanceof java.net.ConnectException
                            || e instanceof distbuild.http.RemoteCallException remote && remote.isNotFound());
                    return JobResult.retry(job.id(), new Retry(reason, peerLacksIt ? Map.of(dep, peer) : Map.of()));
                }
            }
            run.phases().fetchedSince(started);
            return next.execute(run.withInputs(sourceDir, deps));
        } finally {
            for (CachedArtifact lease : leases) {
                lease.close();
            }
        }
    }

    /**
     * Null when every source file is in place; otherwise the job's failure — to be retried if a
     * file could not be fetched, final if the job itself is malformed.
     */
    private JobResult stageSources(JobRun run, Path sourceDir) throws IOException, InterruptedException {
        Id job = run.jobId();
        Set<String> staged = new HashSet<>();
        for (Map.Entry<Id, String> file : run.spec().sourceFiles().entrySet()) {
            Id id = file.getKey();
            String path = file.getValue();
            var pathProblem = SourcePath.problem(path);
            if (pathProblem.isPresent()) {
                return JobResult.error(job, "source file path \"" + path + "\" " + pathProblem.get());
            }
            try {
                coordinatorFiles.download(id, files);
                try (CachedFile cached = files.get(id)) {
                    place(cached.path(), sourceDir.resolve(path));
                }
            } catch (IOException e) {
                return JobResult.retry(job, Retry.because("cannot fetch source file \"" + path + "\" (" + id.shortHex()
                        + ") from the coordinator: " + CallFailure.describe(e)));
            }
            staged.add(path);
        }
        for (String input : run.spec().job().inputs()) {
            if (!staged.contains(input)) {
                return JobResult.error(job, "input \"" + input + "\" was not sent with the job (it is missing from SourceFiles)");
            }
        }
        return null;
    }

    private CachedArtifact acquireDep(Id dep, WorkerId peer) throws IOException, InterruptedException {
        if (!artifacts.contains(dep)) {
            if (peer == null) {
                throw new IOException("the coordinator named no worker that has it");
            }
            if (peers.download(dep, peer, artifacts)) {
                log.debug("fetched artifact {} from {}", dep.shortHex(), peer);
                announcer.added(dep);
            }
        }
        try {
            return artifacts.get(dep);
        } catch (EntryNotFoundException e) {
            throw new IOException("it vanished from the local cache right after it was fetched", e);
        }
    }

    /**
     * A copy, not a hard link: the cache's file is read-only, but its owner (the job runs as the
     * worker's user) could make it writable and change it for every later job.
     */
    private static void place(Path cached, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(cached, target);
    }

    /** The dep's artifact copied into the run's scratch directory, which is emptied after the run. */
    private static Path privateCopy(CachedArtifact lease, JobRun run) throws IOException {
        Path copy = run.scratchDir().resolve("deps").resolve(lease.id().hex());
        FileTrees.copyTree(lease.outputDir(), copy);
        return copy;
    }
}
