package distbuild.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line a job's command is launched with: its program found on the worker's PATH once
 * (not by a failed exec per PATH directory, per job), and — for a worker that keeps running on its
 * own — started in a session of its own with {@code setsid}, so that signals meant for the worker
 * (Ctrl-C in its terminal, a signal to its process group) do not reach the jobs: a worker asked to
 * stop lets them finish, and stops them itself if it must.
 */
final class JobCommandLine {
    private static final Optional<Path> SETSID = Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
            .map(directory -> Path.of(directory, "setsid"))
            .filter(Files::isExecutable)
            .findFirst();

    private JobCommandLine() {}

    /**
     * The argv that runs {@code argv} in a new session. The program is looked up on the worker's
     * PATH first, as it would be without {@code setsid}; one that cannot be found is left for the
     * process launch to report. Without {@code setsid} on the machine, {@code argv} as it is.
     */
    static List<String> inOwnSession(List<String> argv) {
        if (SETSID.isEmpty()) {
            return resolved(argv);
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
