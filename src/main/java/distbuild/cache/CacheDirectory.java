package distbuild.cache;

import distbuild.files.FileTrees;
import distbuild.model.Id;
import distbuild.model.InvalidIdException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What both caches share: a root directory with one committed entry per ID, named by the ID's 40
 * hex digits; a temporary area {@code tmp/} where entries are written before they are committed
 * and moved to before they are deleted; a lock file keeping other processes out; and the
 * in-process lock table — at most one writer per ID, any number of readers, and removal only when
 * neither is active.
 *
 * <p>Whether an entry is committed is what the file system says ({@code root/<hex>} exists); the
 * table only records who is using an entry right now. Both change together, under one lock, so a
 * decision made on one is never contradicted by the other.
 */
final class CacheDirectory implements Closeable {
    private static final String LOCK_FILE = ".lock";
    private static final String TEMPORARY_AREA = "tmp";

    private final Path root;
    private final Path temporaryArea;
    /** "file" or "artifact": how messages name an entry. */
    private final String kind;
    private final FileChannel lockFile;
    private final FileLock processLock;

    private final CacheLimit limit;
    /** Sizes and recency of the entries, for eviction; null when the cache has no limit. */
    private final LruEviction eviction;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writerFinished = lock.newCondition();
    private final Map<Id, Usage> inUse = new HashMap<>();
    private final AtomicLong temporaryNames = new AtomicLong();
    private boolean closed;

    /** Who is using one entry right now; removed from the table once nobody is. */
    private static final class Usage {
        boolean writing;
        int readers;
    }

    private CacheDirectory(Path root, String kind, FileChannel lockFile, FileLock processLock, CacheLimit limit,
            LruEviction eviction) {
        this.root = root;
        this.temporaryArea = root.resolve(TEMPORARY_AREA);
        this.kind = kind;
        this.lockFile = lockFile;
        this.processLock = processLock;
        this.limit = limit;
        this.eviction = eviction;
    }

    /**
     * Opens (creating if needed) the cache directory {@code root}, takes it over for this process
     * and empties its temporary area.
     *
     * @throws CacheInUseException if another process, or another open cache in this one, has it
     */
    static CacheDirectory open(Path root, String kind, CacheLimit limit) throws IOException {
        Files.createDirectories(root);
        FileChannel lockFile = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock processLock = tryLock(lockFile);
            if (processLock == null) {
                throw new CacheInUseException(root);
            }
            // Only after taking the lock: the temporary area may belong to a live owner until then.
            // What is left there was being written or removed when a process died; it never counted.
            Path temporaryArea = root.resolve(TEMPORARY_AREA);
            FileTrees.deleteRecursively(temporaryArea);
            Files.createDirectory(temporaryArea);
            LruEviction eviction = limit.maxBytes() == Long.MAX_VALUE ? null : scan(root, limit);
            CacheDirectory directory = new CacheDirectory(root, kind, lockFile, processLock, limit, eviction);
            directory.evictIfOver(); // the limit may have been lowered since the last run
            return directory;
        } catch (Throwable failure) {
            closeAfterFailure(lockFile, failure);
            throw failure;
        }
    }

    Path root() {
        return root;
    }

    /** Where the committed entry for {@code id} is, whether or not it exists. */
    Path entryPath(Id id) {
        return root.resolve(id.hex());
    }

    /** A fresh path in the temporary area; nothing exists there yet. */
    Path newTemporaryPath(Id id) {
        return temporaryArea.resolve(id.hex() + "-" + temporaryNames.incrementAndGet());
    }

    /** How messages name the entry for {@code id}, such as "artifact 3f2a9c01…". */
    String describe(Id id) {
        return kind + " " + id.shortHex() + "…";
    }

    /**
     * Makes the caller the one writer of {@code id}.
     *
     * @throws EntryExistsException if the entry is committed already
     * @throws EntryLockedException if another writer has it
     */
    Reservation reserve(Id id) throws CacheException {
        lock.lock();
        try {
            checkOpen();
            if (isBeingWritten(id)) {
                throw new EntryLockedException(describe(id) + " is being written by another writer", id);
            }
            if (isCommitted(id)) {
                throw new EntryExistsException(describe(id), id);
            }
            return startWriting(id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #reserve}, but if another writer has {@code id}, waits for it to finish. Empty if
     * the entry is committed, already or by that writer; a reservation if it is absent, which
     * includes the other writer having aborted.
     */
    Optional<Reservation> reserveOrWait(Id id) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            checkOpen();
            while (isBeingWritten(id)) {
                writerFinished.await();
                checkOpen();
            }
            return isCommitted(id) ? Optional.empty() : Optional.of(startWriting(id));
        } finally {
            lock.unlock();
        }
    }

    /** Starts a read of the committed entry; it cannot be removed until the lease is released. */
    ReadLease startReading(Id id) throws EntryNotFoundException {
        lock.lock();
        try {
            checkOpen();
            // An entry being written lives in the temporary area, so it is not committed either.
            if (!isCommitted(id)) {
                throw new EntryNotFoundException(describe(id), id);
            }
            inUse.computeIfAbsent(id, unused -> new Usage()).readers++;
            if (eviction != null) {
                eviction.used(id);
            }
            return new ReadLease(id);
        } finally {
            lock.unlock();
        }
    }

    boolean contains(Id id) {
        lock.lock();
        try {
            checkOpen();
            return isCommitted(id);
        } finally {
            lock.unlock();
        }
    }

    /** Every committed entry, in ID order. Names in the root that are not IDs are ignored. */
    List<Id> list() throws IOException {
        List<Id> ids = new ArrayList<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(root)) {
            for (Path name : names) {
                idNamedBy(name.getFileName().toString()).ifPresent(ids::add);
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Removes a committed entry that nobody is reading or writing.
     *
     * @throws EntryLockedException while the entry is being written or read
     * @throws EntryNotFoundException if it is not committed
     */
    void remove(Id id) throws IOException {
        Path doomed = newTemporaryPath(id);
        lock.lock();
        try {
            checkOpen();
            Usage usage = inUse.get(id);
            if (usage != null && usage.writing) {
                throw new EntryLockedException("cannot remove " + describe(id) + ": it is being written", id);
            }
            if (usage != null && usage.readers > 0) {
                throw new EntryLockedException("cannot remove " + describe(id) + ": it is in use by " + usage.readers
                        + (usage.readers == 1 ? " reader" : " readers"), id);
            }
            if (!isCommitted(id)) {
                throw new EntryNotFoundException(describe(id), id);
            }
            // One rename makes the entry vanish at once and whole; deleting a big tree takes a while
            // and need not hold the lock. A crash before the delete leaves it in tmp, cleaned at open.
            Files.move(entryPath(id), doomed, StandardCopyOption.ATOMIC_MOVE);
            if (eviction != null) {
                eviction.removed(id);
            }
        } finally {
            lock.unlock();
        }
        FileTrees.deleteRecursively(doomed);
    }

    /** The committed entry {@code id} changed (a file was added to it): count its size again. */
    void recount(Id id) throws IOException {
        lock.lock();
        try {
            if (eviction != null && isCommitted(id)) {
                eviction.added(id, FileTrees.size(entryPath(id)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the committed entries take, as far as the limit counts them (0 without a limit). */
    long size() {
        lock.lock();
        try {
            return eviction == null ? 0 : eviction.total();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops least recently used entries nobody is using until the cache is within its limit, and
     * tells {@link CacheLimit#onEvicted} of each once it is gone.
     */
    void evictIfOver() throws IOException {
        if (eviction == null) {
            return;
        }
        List<Id> evicted = new ArrayList<>();
        List<Path> doomed = new ArrayList<>();
        lock.lock();
        try {
            for (Id id : eviction.overflow(id -> inUse.containsKey(id))) {
                Path moved = newTemporaryPath(id);
                try {
                    Files.move(entryPath(id), moved, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    eviction.added(id, FileTrees.size(entryPath(id))); // still there: still counted
                    continue;
                }
                evicted.add(id);
                doomed.add(moved);
            }
        } finally {
            lock.unlock();
        }
        for (Path path : doomed) {
            FileTrees.deleteRecursively(path);
        }
        evicted.forEach(limit.onEvicted());
    }

    /** The sizes of the entries already there, least recently changed first. */
    private static LruEviction scan(Path root, CacheLimit limit) throws IOException {
        record Found(Id id, long bytes, long changed) {}
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(root)) {
            for (Path name : names) {
                Optional<Id> id = idNamedBy(name.getFileName().toString());
                if (id.isPresent()) {
                    found.add(new Found(id.get(), FileTrees.size(name), Files.getLastModifiedTime(name).toMillis()));
                }
            }
        }
        found.sort(java.util.Comparator.comparingLong(Found::changed));
        LruEviction eviction = new LruEviction(limit.maxBytes());
        found.forEach(entry -> eviction.added(entry.id(), entry.bytes()));
        return eviction;
    }

    /**
     * Gives the directory up to other processes. Writers and readers should be finished first;
     * calls after this one throw {@link IllegalStateException}, and so do waiting
     * {@link #reserveOrWait} calls.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writerFinished.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            processLock.release();
        } finally {
            lockFile.close();
        }
    }

    private Reservation startWriting(Id id) {
        inUse.computeIfAbsent(id, unused -> new Usage()).writing = true;
        return new Reservation(id);
    }

    private void finishWriting(Id id) {
        inUse.get(id).writing = false;
        forgetIfUnused(id);
        writerFinished.signalAll();
    }

    private void forgetIfUnused(Id id) {
        Usage usage = inUse.get(id);
        if (!usage.writing && usage.readers == 0) {
            inUse.remove(id);
        }
    }

    private boolean isBeingWritten(Id id) {
        Usage usage = inUse.get(id);
        return usage != null && usage.writing;
    }

    private boolean isCommitted(Id id) {
        // Not Files.exists(…, NOFOLLOW_LINKS): that throws and catches two exceptions for every absent
        // entry, asked of every job twice. Entries are directories this cache renamed into place.
        return Files.exists(entryPath(id));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the " + kind + " cache in " + root + " is closed");
        }
    }

    private static Optional<Id> idNamedBy(String name) {
        if (name.length() != 2 * Id.BYTES) {
            return Optional.empty();
        }
        try {
            Id id = Id.parse(name);
            // Upper-case hex would parse too, but entryPath would never find it again.
            return id.hex().equals(name) ? Optional.of(id) : Optional.empty();
        } catch (InvalidIdException notAnId) {
            return Optional.empty();
        }
    }

    private static FileLock tryLock(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            // File locks belong to the process, so the JVM reports a second owner in this
            // process this way instead of returning null.
            return null;
        }
    }

    private static void closeAfterFailure(FileChannel channel, Throwable failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The one writer's claim on an entry, held from {@code reserve} until commit or abort. */
    final class Reservation {
        private enum State { WRITING, COMMITTED, ABORTED }

        private final Id id;
        private volatile State state = State.WRITING;

        private Reservation(Id id) {
            this.id = id;
        }

        boolean isCommitted() {
            return state == State.COMMITTED;
        }

        void checkNotAborted() {
            if (state == State.ABORTED) {
                throw new IllegalStateException(describe(id) + " was aborted, so it cannot be committed; create it again");
            }
        }

        /** Moves {@code staged} into place as the committed entry and ends the write. */
        void commit(Path staged) throws IOException {
            commit(staged, -1);
        }

        /** Like {@link #commit(Path)}, with the entry's size when the caller knows it already (-1 if not). */
        void commit(Path staged, long bytes) throws IOException {
            lock.lock();
            try {
                checkOpen();
                checkNotAborted();
                Files.move(staged, entryPath(id), StandardCopyOption.ATOMIC_MOVE);
                state = State.COMMITTED;
                if (eviction != null) {
                    eviction.added(id, bytes >= 0 ? bytes : FileTrees.size(entryPath(id)));
                }
                finishWriting(id);
            } finally {
                lock.unlock();
            }
            evictIfOver();
        }

        /**
         * Ends the write without committing. Returns whether it did so, that is whether the caller
         * has staged data to delete; false once committed or aborted.
         */
        boolean abort() {
            lock.lock();
            try {
                if (state != State.WRITING) {
                    return false;
                }
                state = State.ABORTED;
                finishWriting(id);
                return true;
            } finally {
                lock.unlock();
            }
        }
    }

    /** A reader's hold on a committed entry; releasing it twice is harmless. */
    final class ReadLease {
        private final Id id;
        private boolean released;

        private ReadLease(Id id) {
            this.id = id;
        }

        Id id() {
            return id;
        }

        void release() {
            lock.lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                inUse.get(id).readers--;
                forgetIfUnused(id);
            } finally {
                lock.unlock();
            }
        }
    }
}
