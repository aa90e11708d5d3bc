package distbuild.cache;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The result stored with an artifact: the job's stdout and stderr as raw bytes in two files of
 * the entry directory. Only successful results are stored, so the exit code need not be: a stored
 * result is present exactly when both files are.
 */
final class StoredResult {
    private static final String STDOUT = "stdout";
    private static final String STDERR = "stderr";

    private StoredResult() {}

    /** Throws {@link IllegalArgumentException} unless {@code result} is a success of job {@code id}. */
    static void checkStorable(Id id, JobResult result) {
        if (!result.jobId().equals(id)) {
            throw new IllegalArgumentException("the result of job " + result.jobId().shortHex()
                    + "… cannot be stored with artifact " + id.shortHex() + "…");
        }
        if (!result.succeeded()) {
            throw new IllegalArgumentException("only a successful result is stored with an artifact; job "
                    + id.shortHex() + "… failed: " + result.failure());
        }
    }

    static void write(Path directory, JobResult result) throws IOException {
        Files.write(directory.resolve(STDOUT), result.stdout());
        Files.write(directory.resolve(STDERR), result.stderr());
    }

    static boolean isIn(Path entry) {
        return Files.isRegularFile(entry.resolve(STDOUT)) && Files.isRegularFile(entry.resolve(STDERR));
    }

    static Optional<JobResult> read(Path entry, Id id) throws IOException {
        if (!isIn(entry)) {
            return Optional.empty();
        }
        return Optional.of(JobResult.success(id,
                Files.readAllBytes(entry.resolve(STDOUT)), Files.readAllBytes(entry.resolve(STDERR))));
    }

    /**
     * Moves a result written by {@link #write} in {@code staging} into a committed entry. The two
     * renames are not one atomic step, but a reader sees a result only once both files are there,
     * and a crash in between leaves no result, which {@code attachResult} can then add.
     */
    static void moveInto(Path staging, Path entry) throws IOException {
        Files.move(staging.resolve(STDOUT), entry.resolve(STDOUT), StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging.resolve(STDERR), entry.resolve(STDERR), StandardCopyOption.ATOMIC_MOVE);
    }
}
