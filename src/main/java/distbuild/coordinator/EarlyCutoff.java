package distbuild.coordinator;

import distbuild.model.ActionKey;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * <p>Kept in {@code DATA/early-cutoff}, one line per finished job ({@code job digest key}), so that
 * it works across restarts; read at start, compacted when mostly outdated. A damaged line costs
 * only itself. Thread-safe.
 */
final class EarlyCutoff implements AutoCloseable {
    static final String FILE = "early-cutoff";
    /** Jobs remembered; the least recently used are forgotten beyond it. */
    static final int MOST_REMEMBERED = 500_000;
    /** Keys of started jobs not yet finished are forgotten beyond this many (jobs cancelled, lost). */
    private static final int MOST_PENDING = 100_000;

    /** What a finished job made, and its key when known. */
    private record Made(String digest, ActionKey key) {}

    private final Logger log;
    private final Path file;
    private final int most;
    private final LinkedHashMap<Id, Made> made;
    private final Map<ActionKey, Id> madeBy = new HashMap<>();
    private final Map<Id, ActionKey> pendingKeys = new HashMap<>();
    private final Map<Id, Id> replayOf = new HashMap<>();
    private BufferedWriter journal;
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
                ActionKey key = eldest.getValue().key();
                if (key != null && eldest.getKey().equals(madeBy.get(key))) {
                    madeBy.remove(key);
                }
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
    synchronized Optional<Id> earlierFor(Job job, Map<Id, String> sourceFiles, java.util.function.Predicate<Id> held) {
        Map<Id, String> depOutputs = new HashMap<>();
        for (Id dep : job.deps()) {
            Made depMade = made.get(dep);
            if (depMade == null) {
                return Optional.empty(); // a dep of unknown output: no key, no cutoff
            }
            depOutputs.put(dep, depMade.digest());
        }
        ActionKey key = ActionKey.of(job, sourceFiles, depOutputs);
        if (pendingKeys.size() >= MOST_PENDING) {
            pendingKeys.clear();
            replayOf.clear();
        }
        pendingKeys.put(job.id(), key);
        Id earlier = madeBy.get(key);
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
        ActionKey key = pendingKeys.remove(result.jobId());
        replayOf.remove(result.jobId());
        if (!result.succeeded() || result.outputDigest() == null) {
            return;
        }
        Made before = made.get(result.jobId());
        if (before != null && before.digest().equals(result.outputDigest()) && (key == null || key.equals(before.key()))) {
            return; // nothing new: a replay of what is known
        }
        Made now = new Made(result.outputDigest(), key != null ? key : before == null ? null : before.key());
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
            madeBy.put(what.key(), job); // the latest: the likeliest still held by a live worker
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
                    if (fields.length == 3 && fields[1].matches("[0-9a-f]{64}")) {
                        remember(Id.parse(fields[0]), new Made(fields[1], fields[2].equals("-") ? null : new ActionKey(fields[2])));
                    }
                } catch (RuntimeException damaged) {
                    // one bad line costs only itself
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("could not read {} ({}); early cutoff starts from what runs now", file, e.getMessage());
        }
        if (linesInFile > Math.max(10_000, 2L * made.size())) {
            compact();
        }
    }

    /** Writes the file anew with what is remembered: most of its lines were outdated. */
    private void compact() {
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
        try {
            if (journal == null) {
                Files.createDirectories(file.getParent());
                journal = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            journal.write(line(job, what));
            journal.flush(); // a crash loses at most the line being written, which the reader skips
            linesInFile++;
        } catch (IOException e) {
            log.warn("could not keep job {} in {}: {}", job.shortHex(), file, e.getMessage());
        }
    }

    private static String line(Id job, Made what) {
        return job.hex() + " " + what.digest() + " " + (what.key() == null ? "-" : what.key().sha256()) + "\n";
    }

    @Override
    public synchronized void close() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.warn("could not close {}: {}", file, e.getMessage());
            }
            journal = null;
        }
    }
}
