package distbuild.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host users that jobs of a worker running as root run as: one of its own for each job
 * running on the machine, so that a job's processes count against its own process limit (the
 * kernel counts RLIMIT_NPROC per user) and the files it owns are no other job's. Any number of
 * workers on one machine share the range: a user is taken with a lock file that a crashed worker's
 * kernel releases, and, within one process, a set (file locks are per process).
 */
final class JobUsers {
    /** How many users the range has: more than the jobs one machine runs at once. */
    static final int RANGE = 4096;

    private static final Set<Integer> TAKEN_HERE = ConcurrentHashMap.newKeySet();

    private final int first;
    private final Path lockDir;

    JobUsers(int first, Path lockDir) {
        this.first = first;
        this.lockDir = lockDir;
    }

    int first() {
        return first;
    }

    /** The lock directory shared by the workers of this machine: under /run, which no service has a private copy of. */
    static Path defaultLockDir() {
        Path run = Path.of("/run");
        return Files.isDirectory(run) && Files.isWritable(run) ? run.resolve("distbuild-job-users")
                : Path.of(System.getProperty("java.io.tmpdir"), "distbuild-job-users");
    }

    /** One user for one job, until its lease is closed. */
    record Lease(int uid, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // the lock goes with the descriptor either way
            } finally {
                TAKEN_HERE.remove(uid);
            }
        }
    }

    Lease take() throws IOException {
        Files.createDirectories(lockDir);
        for (int i = 0; i < RANGE; i++) {
            int uid = first + i;
            if (!TAKEN_HERE.add(uid)) {
                continue;
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockDir.resolve(uid + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new Lease(uid, channel); // the lock lives as long as the channel
                }
            } catch (OverlappingFileLockException | IOException e) {
                // taken by another worker, or a lock file we cannot use: try the next user
            }
            if (channel != null) {
                channel.close();
            }
            TAKEN_HERE.remove(uid);
        }
        throw new IOException("all " + RANGE + " job users from " + first + " are taken by jobs running on this machine"
                + " (their locks are in " + lockDir + ")");
    }
}
