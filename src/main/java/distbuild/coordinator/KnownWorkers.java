package distbuild.coordinator;

import distbuild.model.WorkerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.write(temporary, workers.stream().map(WorkerId::url).toList(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot note the live workers in {}: {}", file, e.toString());
        }
    }
}
