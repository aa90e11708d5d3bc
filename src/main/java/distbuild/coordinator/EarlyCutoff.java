package distbuild.coordinator;

import distbuild.model.ActionKey;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * Early cutoff: a job that runs again and makes byte for byte what it made before does not make
 * the jobs after it run again. Each finished job is remembered with the digest of its output and
 * its {@link ActionKey} (its commands and inputs by content, its deps by their outputs' digests).
 * When a job's deps are done, its key is computed; if an earlier job had that key, this one would
 * make the same output, and its worker is told to take the earlier one's artifact and result
 * instead of running it ({@code ReplayOf} in its spec; a worker of the reference design runs it,
 * which is as right, only slower).
 *
 * <p>A job without deps is never cut off: its key differs from an earlier job's only where its
 * ID does, so an ID changed without its key is a client asking for a run. Nor is a job that may
 * reach the network. (A job with deps is cut off whenever its key is an earlier one's, whatever
 * else changed its ID: a planner may name the same job anew, as ninja's does when an edge's
 * order-only inputs already exist.)
 *
 * <p>Kept in {@code DATA/early-cutoff}, one line per finished job ({@code job digest key}), so
 * that it works across restarts; compacted when mostly outdated. A damaged line costs only itself.
 * Thread-safe.
 */
final class EarlyCutoff implements AutoCloseable {
    static final String FILE = "early-cutoff";
    /** Jobs remembered (about 250 bytes each); the least recently used are forgotten beyond it. */
    static final int MOST_REMEMBERED = 200_000;
    /** Keys of started jobs not yet finished are forgotten beyond this many (jobs cancelled, lost). */
    private static final int MOST_PENDING = 100_000;
    private static final HexFormat HEX = HexFormat.of();

    /** What a finished job made (its output's digest), and its key (null when unknown). */
    private record Made(byte[] digest, byte[] key) {
        boolean sameAs(Made other) {
            return Arrays.equals(digest, other.digest) && Arrays.equals(key, other.key);
        }
    }

    private final Logger log;
    private final Path file;
    private final int most;
    private final LinkedHashMap<Id, Made> made;
    private final Map<ByteBuffer, Id> madeBy = new HashMap<>();
    private final Map<Id, byte[]> pending = new HashMap<>();
    private final Map<Id, Id> replayOf = new HashMap<>();
    private BufferedWriter journal;
    private boolean closed;
    private boolean warned;
    private long linesInFile;

    private EarlyCutoff(Logger log, Path file, int most) {
        this.log = log;
        this.file = file;
        this.most = most;
        this.made = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Id, Made> eldest) {
                if (size() <= EarlyCutoff.this.most) {
                    return false;
                }
                forgetKeyOf(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    /** The table kept in {@code dataDir}, as it was left there. */
    static EarlyCutoff open(Logger log, Path dataDir) {
        return open(log, dataDir, MOST_REMEMBERED);
    }

    static EarlyCutoff open(Logger log, Path dataDir, int most) {
        EarlyCutoff table = new EarlyCutoff(log, dataDir.resolve(FILE), most);
        table.read();
        return table;
    }

    /**
     * A job's deps are done and it is about to start: the earlier job whose output it would make,
     * if one is known (a job already known by its own ID is replayed as such, not here).
     *
     * @param sourceFiles the job's source files, ID → path
     * @param held whether a live worker holds a job's artifact: an earlier job no worker holds is of no use
     */
    synchronized Optional<Id> earlierFor(Job job, Map<Id, String> sourceFiles, Predicate<Id> held) {
        replayOf.remove(job.id()); // whatever an earlier start of it found
        Map<Id, String> depOutputs = new HashMap<>();
        for (Id dep : job.deps()) {
            Made depMade = made.get(dep);
            if (depMade == null) {
                return Optional.empty(); // a dep of unknown output: no key, no cutoff
            }
            depOutputs.put(dep, HEX.formatHex(depMade.digest()));
        }
        byte[] key = HEX.parseHex(ActionKey.of(job, sourceFiles, depOutputs).sha256());
        if (pending.size() >= MOST_PENDING) {
            pending.clear();
            replayOf.clear();
        }
        pending.put(job.id(), key);
        if (job.deps().isEmpty() || job.network()) {
            return Optional.empty();
        }
        Id earlier = madeBy.get(ByteBuffer.wrap(key));
        if (earlier == null || earlier.equals(job.id()) || !held.test(earlier)) {
            return Optional.empty();
        }
        replayOf.put(job.id(), earlier);
        return Optional.of(earlier);
    }

    /** The earlier job a started job may take the result of, if {@link #earlierFor} found one. */
    synchronized Optional<Id> replayOf(Id job) {
        return Optional.ofNullable(replayOf.get(job));
    }

    /** A worker's result of a job was taken: a success with its output's digest is remembered. */
    synchronized void finished(JobResult result) {
        byte[] started = pending.remove(result.jobId());
        replayOf.remove(result.jobId());
        if (!result.succeeded() || result.outputDigest() == null) {
            return;
        }
        Made before = made.get(result.jobId());
        Made now = new Made(HEX.parseHex(result.outputDigest()), started != null ? started : before == null ? null : before.key());
        if (before != null && before.sameAs(now)) {
            return; // nothing new: a replay of what is known
        }
        if (before != null) {
            forgetKeyOf(result.jobId(), before);
        }
        remember(result.jobId(), now);
        append(result.jobId(), now);
    }

    /** How many finished jobs are remembered. */
    synchronized int size() {
        return made.size();
    }

    private void remember(Id job, Made what) {
        made.put(job, what);
        if (what.key() != null) {
            madeBy.put(ByteBuffer.wrap(what.key()), job); // the latest: the likeliest still held by a live worker
        }
    }

    private void forgetKeyOf(Id job, Made what) {
        if (what.key() != null && job.equals(madeBy.get(ByteBuffer.wrap(what.key())))) {
            madeBy.remove(ByteBuffer.wrap(what.key()));
        }
    }

    private void read() {
        if (!Files.exists(file)) {
            return;
        }
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            lines.forEach(line -> {
                linesInFile++;
                String[] fields = line.split(" ");
                try {
                    if (fields.length >= 3) {
                        remember(Id.parse(fields[0]), new Made(hex32(fields[1]), optional(fields[2])));
                    }
                } catch (RuntimeException damaged) {
                    // one bad line costs only itself
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("could not read {} ({}); early cutoff starts from what runs now", file, e.getMessage());
        }
        compactIfOutdated();
    }

    private static byte[] hex32(String field) {
        byte[] bytes = HEX.parseHex(field);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("not a SHA-256");
        }
        return bytes;
    }

    private static byte[] optional(String field) {
        return field.equals("-") ? null : HEX.parseHex(field);
    }

    /** Writes the file anew with what is remembered, once most of its lines are outdated. */
    private void compactIfOutdated() {
        if (linesInFile <= Math.max(10_000, 2L * made.size())) {
            return;
        }
        closeJournal();
        Path fresh = file.resolveSibling(FILE + ".new");
        try (BufferedWriter out = Files.newBufferedWriter(fresh, StandardCharsets.US_ASCII)) {
            for (Map.Entry<Id, Made> entry : made.entrySet()) {
                out.write(line(entry.getKey(), entry.getValue()));
            }
        } catch (IOException e) {
            log.warn("could not compact {}: {}", file, e.getMessage());
            return;
        }
        try {
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            linesInFile = made.size();
        } catch (IOException e) {
            log.warn("could not compact {}: {}", file, e.getMessage());
        }
    }

    private void append(Id job, Made what) {
        if (closed) {
            return;
        }
        try {
            if (journal == null) {
                Files.createDirectories(file.getParent());
                boolean tornLine = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
                journal = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                if (tornLine) {
                    journal.write('\n'); // a line cut short by a crash stays alone, and is skipped as damaged
                }
            }
            journal.write(line(job, what));
            journal.flush(); // a crash loses at most the line being written
            linesInFile++;
            compactIfOutdated();
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                log.warn("could not keep finished jobs in {} ({}); early cutoff works until the coordinator stops", file,
                        e.getMessage());
            }
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            return last.get(0) == '\n';
        }
    }

    private static String line(Id job, Made what) {
        return job.hex() + " " + HEX.formatHex(what.digest()) + " " + (what.key() == null ? "-" : HEX.formatHex(what.key())) + "\n";
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.warn("could not close {}: {}", file, e.getMessage());
            }
            journal = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeJournal();
    }
}
