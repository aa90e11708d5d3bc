package distbuild.cache;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The result stored with an artifact: the job's stdout and stderr, length-prefixed, in one file
 * {@code result} of the entry directory. One file rather than two, because a worker writes one
 * per job and file creation is what costs on a busy disk, and because it then appears in one
 * atomic step. Only successful results are stored, so the exit code need not be.
 */
final class StoredResult {
    private static final String FILE = "result";
    /**
     * The output's digest, when known, follows stderr: a worker of the version before reads the
     * same format and ignores it, so a worker rolled back keeps its cache.
     */
    private static final int FORMAT = 1;

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
        try (OutputStream file = Files.newOutputStream(directory.resolve(FILE));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
            out.writeInt(FORMAT);
            out.writeInt(result.stdout().length);
            out.write(result.stdout());
            out.writeInt(result.stderr().length);
            out.write(result.stderr());
            out.writeUTF(result.outputDigest() == null ? "" : result.outputDigest());
        }
    }

    /** The bytes of the stored result in {@code entry}; 0 if there is none. */
    static long size(Path entry) throws IOException {
        Path file = entry.resolve(FILE);
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    static boolean isIn(Path entry) {
        return Files.isRegularFile(entry.resolve(FILE));
    }

    private static String digest(ByteBuffer stored) {
        byte[] text = new byte[Short.toUnsignedInt(stored.getShort())];
        stored.get(text);
        return new String(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    static Optional<JobResult> read(Path entry, Id id) throws IOException {
        Path file = entry.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        // Small by construction (a worker keeps only the first megabytes of a job's output), so read it whole.
        ByteBuffer stored = ByteBuffer.wrap(Files.readAllBytes(file));
        try {
            int format = stored.getInt();
            if (format != FORMAT) {
                throw new IOException("the stored result of " + id.shortHex() + "… has unknown format " + format);
            }
            byte[] stdout = block(stored);
            byte[] stderr = block(stored);
            String digest = stored.hasRemaining() ? digest(stored) : "";
            return Optional.of(JobResult.success(id, stdout, stderr).withOutputDigest(digest.isEmpty() ? null : digest));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("the stored result of " + id.shortHex() + "… is cut short or damaged", e);
        }
    }

    private static byte[] block(ByteBuffer stored) {
        int length = stored.getInt();
        if (length < 0 || length > stored.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] block = new byte[length];
        stored.get(block);
        return block;
    }

    /** Moves a result written by {@link #write} in {@code staging} into a committed entry, atomically. */
    static void moveInto(Path staging, Path entry) throws IOException {
        Files.move(staging.resolve(FILE), entry.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }
}
