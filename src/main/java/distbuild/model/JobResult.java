package distbuild.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * What running (or replaying) a job produced. {@code error == null && exitCode == 0} is
 * success; {@code error} carries failures that are not an exit code (command not found,
 * template error, an input that could not be fetched…). The {@link Provenance} says how this
 * copy of the result came about; it is not part of what the result is, so {@link #equals} ignores it.
 * A failure that is the infrastructure's carries a {@link Retry}, null otherwise.
 *
 * @param outputDigest the SHA-256 of the job's output directory as {@code FileTrees.digest} reads it
 *     (64 hex digits), which two runs share exactly when their outputs are the same byte for byte;
 *     null when not known (a peer of the reference design does not say). Like the provenance it
 *     describes the artifact beside the result, and {@link #equals} ignores it.
 */
public record JobResult(Id jobId, byte[] stdout, byte[] stderr, int exitCode, String error, Provenance provenance,
        Retry retry, String outputDigest) {
    private static final byte[] EMPTY = new byte[0];

    public JobResult {
        Objects.requireNonNull(jobId, "jobId");
        stdout = stdout == null ? EMPTY : stdout;
        stderr = stderr == null ? EMPTY : stderr;
        provenance = Objects.requireNonNullElse(provenance, Provenance.UNKNOWN);
        if (retry != null && error == null) {
            throw new IllegalArgumentException("a result to retry is a failure and needs its error");
        }
        if (outputDigest != null && !Sha256Hex.isValid(outputDigest)) {
            throw new InvalidInputException("an output digest is a SHA-256 of 64 hex digits, got \"" + outputDigest + "\"");
        }
    }

    public JobResult(Id jobId, byte[] stdout, byte[] stderr, int exitCode, String error, Provenance provenance, Retry retry) {
        this(jobId, stdout, stderr, exitCode, error, provenance, retry, null);
    }

    public JobResult(Id jobId, byte[] stdout, byte[] stderr, int exitCode, String error, Provenance provenance) {
        this(jobId, stdout, stderr, exitCode, error, provenance, null);
    }

    public JobResult(Id jobId, byte[] stdout, byte[] stderr, int exitCode, String error) {
        this(jobId, stdout, stderr, exitCode, error, Provenance.UNKNOWN, null);
    }

    /** The same result, told as having come about as {@code how}. */
    public JobResult withProvenance(Provenance how) {
        return new JobResult(jobId, stdout, stderr, exitCode, error, how, retry, outputDigest);
    }

    /** The same result, its output directory's digest known. */
    public JobResult withOutputDigest(String digest) {
        return new JobResult(jobId, stdout, stderr, exitCode, error, provenance, retry, digest);
    }

    /** The same result, as that of job {@code id} (a job cut off early, given an earlier job's result). */
    public JobResult asResultOf(Id id) {
        return new JobResult(id, stdout, stderr, exitCode, error, provenance, retry, outputDigest);
    }

    /** A failure of the infrastructure, not of the job: worth trying again. */
    public static JobResult retry(Id jobId, Retry retry) {
        return new JobResult(jobId, EMPTY, EMPTY, 0, retry.reason(), Provenance.UNKNOWN, retry);
    }

    public boolean shouldRetry() {
        return retry != null;
    }

    public static JobResult success(Id jobId, byte[] stdout, byte[] stderr) {
        return new JobResult(jobId, stdout, stderr, 0, null);
    }

    /** A failure that is not an exit code, such as a missing program or a lost input. */
    public static JobResult error(Id jobId, String error) {
        return new JobResult(jobId, EMPTY, EMPTY, 0, Objects.requireNonNull(error, "error"));
    }

    public boolean succeeded() {
        return error == null && exitCode == 0;
    }

    /** Why the job failed, for a message ("exit code 2", or the error); empty on success. */
    public String failure() {
        if (error != null) {
            return error;
        }
        return exitCode == 0 ? "" : "exit code " + exitCode;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobResult that
                && jobId.equals(that.jobId)
                && Arrays.equals(stdout, that.stdout)
                && Arrays.equals(stderr, that.stderr)
                && exitCode == that.exitCode
                && Objects.equals(error, that.error)
                && Objects.equals(retry, that.retry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, Arrays.hashCode(stdout), Arrays.hashCode(stderr), exitCode, error);
    }

    @Override
    public String toString() {
        return "JobResult[" + jobId.shortHex() + (succeeded() ? " ok" : " failed: " + failure())
                + ", stdout " + stdout.length + " bytes, stderr " + stderr.length + " bytes]";
    }
}
