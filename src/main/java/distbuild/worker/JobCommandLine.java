package distbuild.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's command line with its program found on the worker's PATH once (not by a failed exec
 * per PATH directory, per job).
 */
final class JobCommandLine {
    private JobCommandLine() {}

    /**
     * {@code argv} with its program found on the worker's PATH once and for all: the process
     * launch would otherwise try each PATH directory in turn, a failed exec each, for every job.
     */
    static List<String> resolved(List<String> argv) {
        String program = argv.getFirst();
        Optional<String> found = program.contains("/") ? Optional.empty() : onPath(program);
        if (found.isEmpty()) {
            return argv;
        }
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, found.get());
        return resolved;
    }

    /** Programs found on the PATH, by name: looking costs a few file-system calls, for every job. */
    private static final java.util.Map<String, Optional<String>> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<String> onPath(String program) {
        return FOUND.computeIfAbsent(program, JobCommandLine::search);
    }

    private static Optional<String> search(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.startsWith("/")) {
                return Optional.empty(); // relative to each job's directory: leave it to the launch
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
