package distbuild.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The C and C++ compilers of a machine: drivers found on the standard search path ({@code gcc},
 * {@code cc}, {@code x86_64-linux-gnu-g++-12}, {@code clang}) and the programs each runs itself
 * (its compiler proper, {@code cc1} or {@code cc1plus}, and its assembler), which another build of
 * the same package would change though the driver stayed the same. A planner pins them in a job's
 * identity; a worker lists them, so that a job goes only where its compiler is the same.
 */
public final class Compilers {
    /** A compiler driver's file name. */
    public static final Pattern DRIVER = Pattern.compile("(.*-)?(cc|gcc|g\\+\\+|c\\+\\+|clang|clang\\+\\+)(-[0-9.]+)?");
    /** Where a job's shell finds a bare program name, in order (the jobs' PATH). */
    public static final List<String> SEARCH_PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");
    /** At most this many programs are listed: a machine with more lists the first ones found. */
    static final int MOST_LISTED = 64;

    private static final Map<Path, List<Path>> PARTS = new ConcurrentHashMap<>();

    private Compilers() {}

    /** The program a job's shell runs for the bare name {@code name}, if the search path has it. */
    public static Optional<Path> onSearchPath(String name) {
        for (String dir : SEARCH_PATH) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What the compiler driver {@code driver} runs itself, asked of it once per process. */
    public static List<Path> partsOf(Path driver) {
        boolean cxx = driver.getFileName().toString().contains("++");
        return PARTS.computeIfAbsent(driver, d -> {
            List<Path> parts = new ArrayList<>();
            for (String part : List.of(cxx ? "cc1plus" : "cc1", "as")) {
                // A bare name ("as") is what the driver finds on the PATH: the jobs' PATH, resolved the same way.
                ask(d, "-print-prog-name=" + part).flatMap(name -> name.startsWith("/") ? Optional.of(Path.of(name))
                        : onSearchPath(name)).filter(Files::isRegularFile).ifPresent(parts::add);
            }
            return List.copyOf(parts);
        });
    }

    /**
     * Every compiler driver on this machine's search path and the programs each runs, by path (as
     * a job's shell would find it) → SHA-256. Reads each once ({@link FileDigests#programSha256}).
     */
    public static SortedMap<String, String> onThisMachine() {
        SortedMap<String, String> found = new TreeMap<>();
        Set<Path> seenDirs = new HashSet<>();
        for (String dir : SEARCH_PATH) {
            Path path = Path.of(dir);
            try {
                if (!seenDirs.add(path.toRealPath())) {
                    continue; // /bin is /usr/bin on most systems now
                }
            } catch (IOException missing) {
                continue;
            }
            List<Path> drivers = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    if (DRIVER.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry)
                            && Files.isExecutable(entry)) {
                        drivers.add(entry);
                    }
                }
            } catch (IOException unreadable) {
                continue;
            }
            drivers.sort(null);
            for (Path driver : drivers) {
                List<Path> programs = new ArrayList<>(List.of(driver));
                programs.addAll(partsOf(driver));
                for (Path program : programs) {
                    if (found.size() >= MOST_LISTED) {
                        return found;
                    }
                    try {
                        found.putIfAbsent(program.toString(), FileDigests.programSha256(program));
                    } catch (IOException unreadable) {
                        // not listed: checked where it runs, as any program
                    }
                }
            }
        }
        return found;
    }

    private static Optional<String> ask(Path program, String option) {
        try {
            Process process = new ProcessBuilder(program.toString(), option).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // The answer is one short line, which the pipe holds until it is read: wait first, so a driver that hangs is given up on.
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String answer = new String(process.getInputStream().readAllBytes()).strip();
            return process.exitValue() == 0 ? Optional.of(answer) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
