package distbuild.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a process from {@code /proc/<pid>/status}. */
public final class ProcStatus {
    private ProcStatus() {}

    /** Resident set size now (VmRSS), in bytes. */
    public static long rss(long pid) throws IOException {
        return field(pid, "VmRSS");
    }

    /** The highest resident set size so far (VmHWM), in bytes. */
    public static long peakRss(long pid) throws IOException {
        return field(pid, "VmHWM");
    }

    private static long field(long pid, String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024; // always in kB
            }
        }
        throw new IOException("/proc/" + pid + "/status has no " + name);
    }
}
