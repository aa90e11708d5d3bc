package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.Digest;
import com.google.bytestream.ByteStreamGrpc;
import com.google.bytestream.QueryWriteStatusRequest;
import com.google.bytestream.QueryWriteStatusResponse;
import com.google.bytestream.ReadRequest;
import com.google.bytestream.ReadResponse;
import com.google.bytestream.WriteRequest;
import com.google.bytestream.WriteResponse;
import com.google.protobuf.ByteString;
import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Blobs too large for a batch, streamed: {@code Read} from any offset, and {@code Write} that can
 * be resumed. An upload's bytes are kept under its resource name when its stream breaks, so that
 * the client asks {@code QueryWriteStatus} how far it got and goes on from there; the blob enters
 * the store only once all of it came and its digest checked out.
 */
final class ByteStreamService extends ByteStreamGrpc.ByteStreamImplBase {
    static final int CHUNK = 64 * 1024;
    /** How long an upload may go without a byte before it is dropped, with what came of it. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofHours(1);

    private final Logger log;
    private final BlobStore store;
    private final ReapiMetrics metrics;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    ByteStreamService(Logger log, BlobStore store, ReapiMetrics metrics) {
        this.log = log;
        this.store = store;
        this.metrics = metrics;
    }

    /** {@code [instance/]blobs/HASH/SIZE} to read, {@code [instance/]uploads/UUID/blobs/HASH/SIZE[/...]} to write. */
    static Digest parseResource(String name, boolean upload) {
        String[] parts = name.split("/", -1);
        for (int i = 0; i + 2 < parts.length; i++) {
            if (parts[i].equals("blobs") && (!upload || (i >= 2 && parts[i - 2].equals("uploads")))) {
                long size;
                try {
                    size = Long.parseLong(parts[i + 2]);
                } catch (NumberFormatException e) {
                    continue;
                }
                return Digests.check(Digests.of(parts[i + 1], size), "resource \"" + name + "\"");
            }
        }
        if (name.contains("compressed-blobs/")) {
            throw new IllegalArgumentException("resource \"" + name + "\" is compressed; this server offers no compressors");
        }
        throw new IllegalArgumentException("resource \"" + name + "\" is not one the API names: "
                + (upload ? "INSTANCE/uploads/UUID/blobs/HASH/SIZE" : "INSTANCE/blobs/HASH/SIZE") + " is expected");
    }

    @Override
    public void read(ReadRequest request, StreamObserver<ReadResponse> out) {
        ServerCallStreamObserver<ReadResponse> call = (ServerCallStreamObserver<ReadResponse>) out;
        ReentrantLock lock = new ReentrantLock();
        Condition ready = lock.newCondition();
        call.setOnReadyHandler(() -> {
            lock.lock();
            try {
                ready.signalAll();
            } finally {
                lock.unlock();
            }
        });
        try {
            Digest digest = parseResource(request.getResourceName(), false);
            if (request.getReadOffset() < 0 || request.getReadOffset() > digest.getSizeBytes()) {
                call.onError(ReapiErrors.toException(ReapiErrors.of(Code.OUT_OF_RANGE, "read_offset "
                        + request.getReadOffset() + " is outside blob " + Digests.text(digest))));
                return;
            }
            if (request.getReadLimit() < 0) {
                throw new IllegalArgumentException("read_limit cannot be negative, got " + request.getReadLimit());
            }
            long left = request.getReadLimit() == 0 ? Long.MAX_VALUE : request.getReadLimit();
            try (InputStream in = store.open(digest)) {
                in.skipNBytes(request.getReadOffset());
                byte[] buffer = new byte[CHUNK];
                int n;
                while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    lock.lock();
                    try {
                        while (!call.isReady() && !call.isCancelled()) {
                            ready.await(1, TimeUnit.SECONDS);
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (call.isCancelled()) {
                        return;
                    }
                    call.onNext(ReadResponse.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
                    metrics.sent(n);
                    left -= n;
                }
            }
            call.onCompleted();
        } catch (StatusRuntimeException gone) {
            // the client cancelled while we wrote
        } catch (Exception e) {
            ReapiErrors.fail(log, "Read of " + request.getResourceName(), call, e);
        }
    }

    @Override
    public StreamObserver<WriteRequest> write(StreamObserver<WriteResponse> out) {
        return new StreamObserver<>() {
            private Upload upload;
            private String resource;
            private boolean answered;

            @Override
            public void onNext(WriteRequest request) {
                if (answered) {
                    return; // answered early (the blob was there): the rest is not needed
                }
                try {
                    if (upload == null) {
                        resource = request.getResourceName();
                        Digest digest = parseResource(resource, true);
                        sweepAbandoned();
                        if (store.has(digest)) {
                            Upload stale = uploads.remove(resource);
                            if (stale != null) {
                                stale.discard();
                            }
                            finish(digest.getSizeBytes());
                            return;
                        }
                        upload = uploads.computeIfAbsent(resource, name -> new Upload(digest, store.newScratchFile()));
                    } else if (!request.getResourceName().isEmpty() && !request.getResourceName().equals(resource)) {
                        throw new IllegalArgumentException("a write names one resource; \"" + request.getResourceName()
                                + "\" came after \"" + resource + "\"");
                    }
                    long committed = upload.append(request.getWriteOffset(), request.getData());
                    metrics.received(request.getData().size());
                    if (request.getFinishWrite()) {
                        upload.commit(store);
                        uploads.remove(resource, upload);
                        finish(committed);
                    }
                } catch (Exception e) {
                    answered = true;
                    if (upload != null && upload.isFinished()) {
                        uploads.remove(resource, upload); // the whole blob came and was refused: start again
                    }
                    ReapiErrors.fail(log, "Write of " + resource, out, e);
                }
            }

            private void finish(long committed) {
                answered = true;
                out.onNext(WriteResponse.newBuilder().setCommittedSize(committed).build());
                out.onCompleted();
            }

            @Override
            public void onError(Throwable broken) {
                // The stream broke: what came is kept, for QueryWriteStatus and a resumed write.
            }

            @Override
            public void onCompleted() {
                if (!answered) {
                    answered = true;
                    out.onError(ReapiErrors.toException(ReapiErrors.invalid("the write of " + resource
                            + " ended without finish_write; what came is kept: ask QueryWriteStatus and go on from there")));
                }
            }
        };
    }

    @Override
    public void queryWriteStatus(QueryWriteStatusRequest request, StreamObserver<QueryWriteStatusResponse> out) {
        ReapiErrors.answer(log, "QueryWriteStatus", out, () -> {
            Digest digest = parseResource(request.getResourceName(), true);
            if (store.has(digest)) {
                return QueryWriteStatusResponse.newBuilder().setCommittedSize(digest.getSizeBytes()).setComplete(true).build();
            }
            Upload upload = uploads.get(request.getResourceName());
            if (upload == null) {
                throw ReapiErrors.notFound("no write of " + request.getResourceName() + " has reached this server");
            }
            return QueryWriteStatusResponse.newBuilder().setCommittedSize(upload.committed()).build();
        });
    }

    /** Drops the uploads nobody wrote to for {@link #ABANDONED_AFTER}, and their bytes. */
    private void sweepAbandoned() {
        long now = System.nanoTime();
        uploads.forEach((name, upload) -> {
            if (upload.idleFor(now) > ABANDONED_AFTER.toNanos() && uploads.remove(name, upload)) {
                log.info("dropping the upload of {}: nothing came for {}", name, ABANDONED_AFTER);
                upload.discard();
            }
        });
    }

    /** One blob's bytes as they come, in a scratch file; one writer at a time. */
    private static final class Upload {
        private final Digest digest;
        private final Path file;
        private long committed;
        private boolean finished;
        private long touched = System.nanoTime();

        synchronized long idleFor(long now) {
            return now - touched;
        }

        synchronized void discard() {
            finished = true;
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the store's scratch area is emptied at the next start anyway
            }
        }

        Upload(Digest digest, Path file) {
            this.digest = digest;
            this.file = file;
        }

        synchronized long committed() {
            return committed;
        }

        synchronized boolean isFinished() {
            return finished;
        }

        synchronized long append(long offset, ByteString data) throws IOException {
            touched = System.nanoTime();
            if (finished) {
                throw new IllegalArgumentException("the upload of " + Digests.text(digest) + " was dropped after a long silence"
                        + " or has ended; start it again under a new resource name");
            }
            if (offset == 0 && committed > 0) {
                Files.deleteIfExists(file); // the client starts over
                committed = 0;
            }
            if (offset != committed) {
                throw new IllegalArgumentException("write_offset " + offset + " of " + Digests.text(digest) + ", but "
                        + committed + " bytes are committed: ask QueryWriteStatus where to go on from");
            }
            if (committed + data.size() > digest.getSizeBytes()) {
                throw new IllegalArgumentException("more than the " + digest.getSizeBytes() + " bytes blob "
                        + Digests.text(digest) + " has were sent");
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                data.writeTo(out);
            }
            committed += data.size();
            return committed;
        }

        synchronized void commit(BlobStore store) throws IOException {
            finished = true;
            if (!Files.exists(file)) {
                Files.createFile(file); // the empty blob
            }
            store.putFile(file, digest);
        }
    }
}
