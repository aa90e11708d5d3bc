package distbuild.client;

import distbuild.http.RemoteCallException;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.transfer.FileTransferClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** Uploads the source files a coordinator lacks, a few at a time. */
final class SourceUploads {
    /** Uploads in flight at once: enough to fill a link, few enough not to swamp the coordinator. */
    private static final int PARALLEL_UPLOADS = 8;

    private final Logger log;
    private final FileTransferClient files;

    SourceUploads(Logger log, FileTransferClient files) {
        this.log = log;
        this.files = files;
    }

    /**
     * Uploads {@code missing}; null when all went up, else why the build cannot have them (a file
     * gone or changed since the graph was made). Leaving early — a failure, an interrupt — stops
     * the uploads still going.
     *
     * @throws IOException if the coordinator could not be reached: not the build's fault
     */
    String upload(Graph graph, Path sourceDir, List<Id> missing) throws IOException, InterruptedException {
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
            if (e.getCause() instanceof IOException unreachable) {
                throw unreachable;
            }
            Throwable cause = e.getCause();
            return "uploading source files failed: " + distbuild.http.CallFailure.describe(cause);
        } finally {
            threads.shutdownNow();
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("some source file uploads did not stop within 10 s of being cancelled");
            }
        }
    }

    private String uploadOne(Id id, String path, Path sourceDir) throws IOException, InterruptedException {
        Path file = sourceDir.resolve(path);
        if (!Files.isRegularFile(file)) {
            return "source file \"" + path + "\" is not in " + sourceDir;
        }
        try {
            files.upload(id, file);
            return null;
        } catch (RemoteCallException e) {
            if (e.status() >= 500) {
                throw e;
            }
            return "source file \"" + path + "\": " + e.getMessage()
                    + (e.status() == 400 ? " (did the file change after the graph was made?)" : "");
        }
    }
}
