package distbuild.client;

import distbuild.http.HttpClients;
import distbuild.http.RemoteCallException;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.BuildClient;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildStream;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.StatusUpdate;
import distbuild.transfer.ArtifactTransferClient;
import distbuild.transfer.FileTransferClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs builds on a coordinator. {@link #build} blocks until the build ends; interrupting the
 * calling thread cancels the build (the connection is dropped and the coordinator stops the
 * jobs only this build wanted).
 */
public final class Client implements AutoCloseable {
    /** Uploads in flight at once: enough to fill a link, few enough not to swamp the coordinator. */
    private static final int PARALLEL_UPLOADS = 8;
    /** How long the coordinator may take to begin sending an artifact (it tries each holder in turn). */
    private static final java.time.Duration FETCH_ANSWER_TIMEOUT = java.time.Duration.ofMinutes(1);

    private final Logger log;
    private final HttpClient http;
    private final BuildClient builds;
    private final FileTransferClient files;
    private final URI coordinator;

    /** @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator} */
    public Client(Logger log, URI coordinator) {
        this.log = log;
        this.coordinator = coordinator;
        this.http = HttpClients.create();
        this.builds = new BuildClient(log, http, coordinator);
        this.files = new FileTransferClient(log, http, coordinator);
    }

    /**
     * Builds {@code graph}, whose source file paths are relative to {@code sourceDir}.
     *
     * @return success, or the reason the build failed (a job failed, a file could not be uploaded…)
     * @throws BuildRefusedException if the coordinator would not start it (an invalid graph)
     * @throws IOException if the coordinator cannot be reached or the connection breaks
     * @throws InterruptedException if the calling thread was interrupted: the build is cancelled
     */
    public BuildOutcome build(Graph graph, Path sourceDir, BuildListener listener)
            throws IOException, InterruptedException {
        BuildStream stream;
        try {
            stream = builds.startBuild(new BuildRequest(graph, true));
        } catch (RemoteCallException e) {
            throw new BuildRefusedException("the coordinator refused the build: " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw new ConnectException("cannot connect to the coordinator at " + coordinator + " (is it running?)");
        }
        try (stream) {
            Id buildId = stream.started().id();
            listener.onStarted(buildId, stream.started().missingFiles().size());
            String uploadProblem = upload(graph, sourceDir, stream.started().missingFiles());
            if (uploadProblem != null) {
                return BuildOutcome.failed(buildId, uploadProblem); // closing the stream cancels the build
            }
            builds.signalBuild(buildId, SignalRequest.UPLOAD_DONE);
            return follow(buildId, stream, graph.jobsById(), listener);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("build cancelled");
            }
            throw e;
        }
    }

    private BuildOutcome follow(Id buildId, BuildStream stream, Map<Id, Job> jobs, BuildListener listener)
            throws IOException {
        for (StatusUpdate update; (update = stream.next()) != null; ) {
            if (update.jobStarted() != null) {
                Job job = jobs.get(update.jobStarted().jobId());
                if (job != null) {
                    listener.onJobStarted(job, update.jobStarted().worker());
                }
            }
            JobResult result = update.jobFinished();
            if (result != null) {
                Job job = jobs.get(result.jobId());
                if (job == null) {
                    log.warn("the coordinator reported job {}, which is not in this build", result.jobId().shortHex());
                } else {
                    listener.onJobFinished(job, result);
                }
            }
            if (update.buildFailed() != null) {
                return BuildOutcome.failed(buildId, update.buildFailed());
            }
            if (update.buildFinished()) {
                return BuildOutcome.success(buildId);
            }
        }
        throw new IOException("the build stream ended without an outcome");
    }

    /**
     * Streams the artifact of job {@code id} from the cluster (the coordinator passes it on from a
     * worker that holds it) and lays it out in {@code directory}, replacing files already there.
     *
     * @param replacedWhole paths of directories in the artifact (a job's declared directory
     *     outputs) whose old contents go, rather than being merged with the new
     * @return how many files it held
     * @throws ArtifactUnavailableException if no live worker holds it any more
     * @throws IOException if the transfer breaks or the archive is unsafe; {@code directory} then
     *     holds no part of it
     */
    public int fetchArtifact(Id id, Path directory, List<String> replacedWhole) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(coordinator, "/artifact", "id", id.hex());
        try (InputStream body = HttpClients.get(http, endpoint, FETCH_ANSWER_TIMEOUT)) {
            return OutputDirectory.extractInto(body, directory, replacedWhole);
        } catch (RemoteCallException e) {
            if (e.isNotFound() && e.getMessage().startsWith(ArtifactTransferClient.NOT_HELD_BY_ANY_WORKER)) {
                throw new ArtifactUnavailableException(e.getMessage(), e);
            }
            // Ours says why it has nothing; any other 404 is a coordinator without this endpoint (one of the reference design).
            throw new IOException(e.isNotFound()
                    ? "the coordinator at " + coordinator + " does not pass artifacts on (is it a distbuild coordinator?)"
                    : e.getMessage(), e);
        }
    }

    public int fetchArtifact(Id id, Path directory) throws IOException, InterruptedException {
        return fetchArtifact(id, directory, List.of());
    }

    /**
     * Uploads the missing files a few at a time; null when all went up, else what went wrong.
     * Leaving early — a failed upload, or an interrupt — stops the uploads still going.
     */
    private String upload(Graph graph, Path sourceDir, List<Id> missing) throws InterruptedException {
        if (missing.isEmpty()) {
            return null;
        }
        log.debug("uploading {} source files", missing.size());
        Semaphore slots = new Semaphore(PARALLEL_UPLOADS);
        List<Future<String>> uploads = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Id id : missing) {
                String path = graph.sourceFiles().get(id);
                if (path == null) {
                    return "the coordinator asked for file " + id.hex() + ", which is not in the graph";
                }
                uploads.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return uploadOne(id, path, sourceDir);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<String> upload : uploads) {
                String problem = upload.get();
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return "uploading source files failed: " + (cause.getMessage() != null ? cause.getMessage() : cause);
        } finally {
            threads.shutdownNow();
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("some source file uploads did not stop within 10 s of being cancelled");
            }
        }
    }

    private String uploadOne(Id id, String path, Path sourceDir) throws InterruptedException {
        Path file = sourceDir.resolve(path);
        if (!Files.isRegularFile(file)) {
            return "source file \"" + path + "\" is not in " + sourceDir;
        }
        try {
            files.upload(id, file);
            return null;
        } catch (RemoteCallException e) {
            return "source file \"" + path + "\": " + e.getMessage()
                    + (e.status() == 400 ? " (did the file change after the graph was made?)" : "");
        } catch (IOException e) {
            return "source file \"" + path + "\": the upload failed: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
