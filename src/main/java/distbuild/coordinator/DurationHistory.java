package distbuild.coordinator;

import distbuild.files.FileTrees;
import distbuild.model.Cmd;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;

/**
 * How long jobs took when they last ran, remembered across builds and restarts so that the
 * scheduler can start the longest work first. A job is known by its name, or by the programs its
 * commands run when it has none: an edited job has a new ID but the same name, and its last
 * duration is the best guess for its next.
 */
final class DurationHistory {
    private static final int MAX_ENTRIES = 200_000;
    private static final java.time.Duration SAVE_EVERY = java.time.Duration.ofSeconds(30);

    private final Logger log;
    private final Path file;
    private long lastSaved = System.nanoTime();
    private final LinkedHashMap<String, Long> nanos = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    DurationHistory(Logger log, Path dataDir) {
        this.log = log;
        this.file = dataDir.resolve("durations");
        load();
    }

    /** The duration of the job's last run, if one is known. */
    synchronized OptionalLong lastNanos(Job job) {
        Long known = nanos.get(key(job));
        return known == null ? OptionalLong.empty() : OptionalLong.of(known);
    }

    /** Notes how long the job took, if it ran (a replay from a cache says nothing about its cost). */
    synchronized void remember(Job job, JobResult result) {
        Provenance provenance = result.provenance();
        if (result.succeeded() && !provenance.replayed() && provenance.timing().isKnown()) {
            nanos.put(key(job), provenance.timing().total().toNanos());
        }
    }

    /** Saves, unless it did so less than a while ago: called as builds end, so a killed coordinator loses little. */
    void saveIfDue() {
        synchronized (this) {
            if (System.nanoTime() - lastSaved < SAVE_EVERY.toNanos()) {
                return;
            }
        }
        save();
    }

    /** Writes what is known to the data directory, for the next coordinator on it. */
    synchronized void save() {
        lastSaved = System.nanoTime();
        StringBuilder lines = new StringBuilder();
        nanos.forEach((key, value) -> lines.append(value).append('\t').append(key).append('\n'));
        try {
            FileTrees.replaceAtomically(file, lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("cannot keep job durations in {}: {}", file, e.toString());
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    try {
                        nanos.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
                    } catch (NumberFormatException e) {
                        // a line from somewhere else: skip it
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot read job durations from {}: {}", file, e.toString());
        }
    }

    /** A key on one line: the name, or the programs the commands run. */
    static String key(Job job) {
        if (!job.name().isEmpty()) {
            return "name:" + job.name().replace('\n', ' ').replace('\t', ' ');
        }
        List<String> programs = new ArrayList<>();
        for (Cmd cmd : job.cmds()) {
            programs.add(switch (cmd) {
                case Cmd.Exec exec -> exec.argv().getFirst();
                case Cmd.Cat cat -> "cat";
            });
        }
        return "programs:" + String.join(" ", programs).replace('\n', ' ').replace('\t', ' ');
    }
}
