package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.Digest;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.PreconditionFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;

/**
 * Failures as the API defines them: {@code NOT_FOUND} for what the store or the action cache
 * lacks, {@code FAILED_PRECONDITION} naming each missing blob (so that a client uploads them and
 * tries again), {@code INVALID_ARGUMENT} saying what is wrong with a request.
 */
final class ReapiErrors {
    private ReapiErrors() {}

    /** The status for blobs an action needs, with a {@code MISSING} violation for each, as clients read them. */
    static com.google.rpc.Status missing(List<Digest> digests, String message) {
        PreconditionFailure.Builder failure = PreconditionFailure.newBuilder();
        for (Digest digest : digests) {
            failure.addViolations(PreconditionFailure.Violation.newBuilder().setType("MISSING")
                    .setSubject("blobs/" + Digests.text(digest)).setDescription("not in the store; upload it"));
        }
        return com.google.rpc.Status.newBuilder().setCode(Code.FAILED_PRECONDITION_VALUE).setMessage(message)
                .addDetails(Any.pack(failure.build())).build();
    }

    static com.google.rpc.Status invalid(String message) {
        return com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(message)
                .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
                        BadRequest.FieldViolation.newBuilder().setDescription(message)).build())).build();
    }

    static com.google.rpc.Status of(Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }

    /** What the client is told for a failure thrown while serving it. */
    static com.google.rpc.Status statusOf(Throwable failure) {
        return switch (failure) {
            case ActionJob.MissingBlobsException missing -> missing(missing.missing(), missing.getMessage());
            case BlobStore.BlobNotFoundException notFound -> of(Code.NOT_FOUND, notFound.getMessage());
            case BlobStore.BlobMismatchException mismatch -> invalid(mismatch.getMessage());
            case IllegalArgumentException invalid -> invalid(invalid.getMessage());
            case InterruptedException interrupted -> of(Code.UNAVAILABLE, "the server is stopping; try again");
            case IOException io -> of(Code.INTERNAL, "the server could not read or write its store: " + io.getMessage());
            default -> of(Code.INTERNAL, failure.toString());
        };
    }

    static StatusRuntimeException toException(com.google.rpc.Status status) {
        return StatusProto.toStatusRuntimeException(status);
    }

    /** A call's body: what it answers, or what it throws. */
    @FunctionalInterface
    interface Answer<T> {
        T get() throws Exception;
    }

    /** Runs a unary call, answering its result or, for a failure, the status the API defines for it. */
    static <T> void answer(Logger log, String method, StreamObserver<T> out, Answer<T> answer) {
        T result;
        try {
            result = answer.get();
        } catch (Exception | Error e) {
            fail(log, method, out, e);
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    /**
     * Ends a call with the status the API defines for {@code failure} (one already a status as it
     * is), logged as a warning when it is the server's own fault; an interrupt is kept.
     */
    static void fail(Logger log, String method, StreamObserver<?> out, Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            out.onError(status);
            return;
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        com.google.rpc.Status status = statusOf(failure);
        if (status.getCode() == Code.INTERNAL_VALUE) {
            log.warn("{} failed", method, failure);
        } else {
            log.info("{}: {}", method, status.getMessage());
        }
        out.onError(toException(status));
    }

    static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
