package distbuild.store;

import build.bazel.remote.execution.v2.Digest;
import com.google.protobuf.ByteString;
import distbuild.cache.CachedFile;
import distbuild.cache.EntryNotFoundException;
import distbuild.cache.FileCache;
import distbuild.cache.PendingFile;
import distbuild.files.FileDigests;
import distbuild.files.FileTrees;
import distbuild.model.Id;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The content-addressed store of the API, kept in the coordinator's own file cache: one store for
 * both protocols. The cache names a file by the SHA-1 of its content (the seed's IDs), the API by
 * its SHA-256; a small index maps one to the other. A blob is therefore also a source file any
 * worker fetches by its ID, once, into its own file cache, and the cache's size limit and eviction
 * apply to blobs as to uploads. An index entry whose file was evicted reads as missing.
 *
 * <p>Layout under its directory: {@code index/<2 hex>/<sha256>} holding {@code <sha1> <size>},
 * {@code tmp/} for blobs being written.
 */
public final class BlobStore {
    private final FileCache files;
    private final Path index;
    private final Path scratch;

    private BlobStore(FileCache files, Path index, Path scratch) {
        this.files = files;
        this.index = index;
        this.scratch = scratch;
    }

    public static BlobStore open(FileCache files, Path dir) throws IOException {
        Path scratch = dir.resolve("tmp");
        if (Files.exists(scratch)) {
            FileTrees.deleteRecursively(scratch); // what a crash left half-written
        }
        Files.createDirectories(scratch);
        Path index = Files.createDirectories(dir.resolve("index"));
        return new BlobStore(files, index, scratch);
    }

    /** A fresh path in the store's scratch area, on the cache's file system, for a blob being received. */
    public Path newScratchFile() {
        return scratch.resolve(UUID.randomUUID().toString());
    }

    public boolean has(Digest digest) {
        return idOf(digest).isPresent();
    }

    /** The blob held under this SHA-256, whatever its size (for keys that name only the hash: Bazel's HTTP cache). */
    public Optional<Digest> find(String sha256) {
        if (sha256.equals(Digests.EMPTY.getHash())) {
            return Optional.of(Digests.EMPTY);
        }
        return Digests.isSha256(sha256) ? heldEntry(sha256).map(entry -> Digests.of(sha256, entry.size())) : Optional.empty();
    }

    /** The seed's ID of a blob held here (the file a worker fetches), or empty if it is not held. */
    public Optional<Id> idOf(Digest digest) {
        if (digest.equals(Digests.EMPTY)) {
            return Optional.of(emptyBlob());
        }
        if (!Digests.isWellFormed(digest)) {
            return Optional.empty();
        }
        // The same hash with another size is not this blob.
        return heldEntry(digest.getHash()).filter(entry -> entry.size() == digest.getSizeBytes()).map(IndexEntry::id);
    }

    /** What the index says of a SHA-256: the seed ID of its file and its size. */
    private record IndexEntry(Id id, long size) {
        String line() {
            return id.hex() + " " + size + "\n";
        }
    }

    /** The index's entry for this SHA-256, if it has a readable one (a line cut short by a crash is none). */
    private Optional<IndexEntry> indexEntry(String sha256) {
        try {
            String[] words = Files.readString(entryPath(sha256), StandardCharsets.US_ASCII).strip().split(" ");
            if (words.length == 2 && words[1].matches("\\d{1,18}")) {
                return Optional.of(new IndexEntry(Id.parse(words[0]), Long.parseLong(words[1])));
            }
        } catch (IOException | RuntimeException absentOrTorn) {
            // not indexed
        }
        return Optional.empty();
    }

    /** The entry, if its file is still in the file cache; one whose file was evicted is dropped from the index. */
    private Optional<IndexEntry> heldEntry(String sha256) {
        Optional<IndexEntry> entry = indexEntry(sha256);
        if (entry.isPresent() && !files.contains(entry.get().id())) {
            try {
                Files.deleteIfExists(entryPath(sha256));
            } catch (IOException e) {
                // a stale entry only costs a lookup
            }
            return Optional.empty();
        }
        return entry;
    }

    /** The empty blob is always held (the API says so); it is put back if it was ever evicted. */
    private Id emptyBlob() {
        Id id = Id.ofContent(new byte[0]);
        if (!files.contains(id)) {
            try {
                put(ByteString.EMPTY, Digests.EMPTY);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot keep the empty blob in " + files.root(), e);
            }
        }
        return id;
    }

    /**
     * Reads the blob; the file stays in the cache until the stream is closed.
     *
     * @throws BlobNotFoundException if it is not held
     */
    public InputStream open(Digest digest) throws IOException {
        Id id = idOf(digest).orElseThrow(() -> new BlobNotFoundException(digest));
        CachedFile lease;
        try {
            lease = files.get(id);
        } catch (EntryNotFoundException evicted) {
            throw new BlobNotFoundException(digest);
        }
        try {
            return new FilterInputStream(Files.newInputStream(lease.path())) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        lease.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    public ByteString read(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            return ByteString.readFrom(in);
        }
    }

    /**
     * Stores {@code data} if it is what {@code expected} names.
     *
     * @throws BlobMismatchException if its SHA-256 or size differ from the digest
     */
    public void put(ByteString data, Digest expected) throws IOException {
        Path file = newScratchFile();
        try (OutputStream out = Files.newOutputStream(file)) {
            data.writeTo(out);
        }
        putFile(file, expected);
    }

    /**
     * Moves the file {@code file} (in {@link #newScratchFile() the scratch area}) into the store
     * if it is what {@code expected} names; the file is gone afterwards either way.
     *
     * @throws BlobMismatchException if its SHA-256 or size differ from the digest
     */
    public void putFile(Path file, Digest expected) throws IOException {
        try {
            Stored stored = hash(file);
            if (!stored.digest().equals(expected)) {
                throw new BlobMismatchException("the content sent for blob " + Digests.text(expected) + " is "
                        + Digests.text(stored.digest()) + ": its digest must be the SHA-256 and size of what is sent");
            }
            commit(file, stored);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Moves the file (anywhere on the cache's file system) into the store and says what it is now called. */
    public Digest putComputed(Path file) throws IOException {
        try {
            Stored stored = hash(file);
            commit(file, stored);
            return stored.digest();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Stores a copy of the file (anywhere), which stays as it is; what it is called now. */
    public Digest putCopy(Path file) throws IOException {
        Path copy = newScratchFile();
        Files.copy(file, copy);
        return putComputed(copy);
    }

    private record Stored(Digest digest, Id id) {}

    private static Stored hash(Path file) throws IOException {
        MessageDigest sha256 = FileDigests.newSha256();
        MessageDigest sha1 = Id.sha1();
        long size;
        try (InputStream in = Files.newInputStream(file);
             OutputStream both = new DigestOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha1), sha256)) {
            size = in.transferTo(both);
        }
        return new Stored(Digests.of(HexFormat.of().formatHex(sha256.digest()), size), Id.ofDigest(sha1));
    }

    private void commit(Path file, Stored stored) throws IOException {
        try {
            Optional<PendingFile> writer = files.createOrWait(stored.id());
            if (writer.isPresent()) {
                try (PendingFile pending = writer.get()) {
                    Files.move(file, pending.path());
                    pending.commit();
                }
            } else if (!isIndexed(stored)) {
                checkSameContent(stored);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while storing blob " + Digests.text(stored.digest()));
        }
        FileTrees.replaceAtomically(entryPath(stored.digest().getHash()),
                new IndexEntry(stored.id(), stored.digest().getSizeBytes()).line().getBytes(StandardCharsets.US_ASCII));
    }

    private boolean isIndexed(Stored stored) {
        return indexEntry(stored.digest().getHash()).map(IndexEntry::id).filter(stored.id()::equals).isPresent();
    }

    /**
     * A file of the same SHA-1 is already held and no SHA-256 names it as this one yet: it is
     * checked to be this content, so that a SHA-1 collision planted earlier cannot be served under
     * this blob's SHA-256.
     */
    private void checkSameContent(Stored stored) throws IOException {
        try (CachedFile held = files.get(stored.id())) {
            if (!FileDigests.sha256(held.path()).equals(stored.digest().getHash())) {
                throw new BlobMismatchException("blob " + Digests.text(stored.digest()) + " has the SHA-1 of another blob"
                        + " held here, but not its content; it is refused rather than confused with it");
            }
        } catch (EntryNotFoundException evicted) {
            throw new java.io.IOException("blob " + Digests.text(stored.digest()) + " was evicted while it was stored; send it again");
        }
    }

    private Path entryPath(String sha256) {
        return index.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** A blob the store does not hold: answered as {@code NOT_FOUND}. */
    public static final class BlobNotFoundException extends IOException {
        BlobNotFoundException(Digest digest) {
            super("blob " + Digests.text(digest) + " is not in the store");
        }
    }

    /** Content that is not what its digest says: answered as {@code INVALID_ARGUMENT}. */
    public static final class BlobMismatchException extends IOException {
        BlobMismatchException(String message) {
            super(message);
        }
    }
}
