package distbuild.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts each job's command in a session of its own (with {@code setsid}), so that signals meant
 * for the worker — Ctrl-C in its terminal, a signal to its process group — do not reach the jobs:
 * a worker asked to stop lets them finish, and stops them itself if it must.
 */
final class Sessions {
    private static final Optional<Path> SETSID = Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
            .map(directory -> Path.of(directory, "setsid"))
            .filter(Files::isExecutable)
            .findFirst();

    private Sessions() {}

    /**
     * The argv that runs {@code argv} in a new session. The program is looked up on the worker's
     * PATH first, as it would be without {@code setsid}; one that cannot be found is left for the
     * process launch to report. Without {@code setsid} on the machine, {@code argv} as it is.
     */
    static List<String> ownSession(List<String> argv) {
        if (SETSID.isEmpty()) {
            return argv;
        }
        String program = argv.getFirst();
        Optional<String> resolved = program.contains("/") ? Optional.of(program) : onPath(program);
        if (resolved.isEmpty()) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(argv.size() + 1);
        wrapped.add(SETSID.get().toString());
        wrapped.add(resolved.get());
        wrapped.addAll(argv.subList(1, argv.size()));
        return wrapped;
    }

    private static Optional<String> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
