package distbuild.coordinator;

import distbuild.files.FileTrees;
import distbuild.model.WorkerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The workers that were alive, kept in the coordinator's data directory so that a coordinator
 * started again knows whom to wait for before it hands out jobs (see the scheduler's recovery).
 * One URL per line, replaced whole by an atomic rename.
 */
final class KnownWorkers {
    private final Logger log;
    private final Path file;

    KnownWorkers(Logger log, Path dataDir) {
        this.log = log;
        this.file = dataDir.resolve("live-workers");
    }

    /** The workers alive when the last coordinator on this data directory stopped; empty on a first start. */
    List<WorkerId> read() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<WorkerId> workers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        workers.add(new WorkerId(line.strip()));
                    } catch (IllegalArgumentException e) {
                        log.warn("ignoring a bad line in {}: {}", file, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the workers known before the restart from {}: {}", file, e.toString());
        }
        return workers;
    }

    void write(List<WorkerId> workers) {
        StringBuilder lines = new StringBuilder();
        workers.forEach(worker -> lines.append(worker.url()).append('\n'));
        try {
            FileTrees.replaceAtomically(file, lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("cannot note the live workers in {}: {}", file, e.toString());
        }
    }
}
