package distbuild.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server process's resources at one moment: open descriptors ({@code /proc/PID/fd}), OS
 * threads ({@code /proc/PID/status}) and the heap in use right after a full GC ({@code jcmd PID
 * GC.run}, then {@code GC.heap_info}): the three that grow when something leaks.
 *
 * @param atSeconds when, in seconds since the soak began
 * @param role "coordinator" or "worker N"
 * @param uptimeSeconds how long this process had been running (processes are restarted by the faults)
 * @param heapAfterGcKiB -1 if jcmd could not tell
 */
public record ServerFigures(double atSeconds, String role, long pid, double uptimeSeconds, int fds, int threads,
        long heapAfterGcKiB) {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total.*?used (\\d+)K");
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

    static ServerFigures sample(double atSeconds, String role, long pid, double uptimeSeconds) throws IOException, InterruptedException {
        int fds;
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) entries.count();
        }
        int threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).strip());
            }
        }
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        long heap = used.find() ? Long.parseLong(used.group(1)) : -1;
        return new ServerFigures(atSeconds, role, pid, uptimeSeconds, fds, threads, heap);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path output = Files.createTempFile("jcmd", ".txt");
        try {
            // Into a file, so that a jcmd that hangs is given up after its timeout instead of blocking a read.
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A row of the report's table. */
    String row() {
        return String.format(java.util.Locale.ROOT, "| %.0f | %s | %d | %.0f | %d | %d | %s |", atSeconds, role, pid,
                uptimeSeconds, fds, threads, heapAfterGcKiB < 0 ? "?" : String.format(java.util.Locale.ROOT, "%.1f MiB", heapAfterGcKiB / 1024.0));
    }

    static final String TABLE_HEAD = "| at s | process | pid | up s | fds | threads | heap after GC |\n|---|---|---|---|---|---|---|";
}
