package distbuild.model;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a worker says it offers, for jobs that require something of the machine they run on: its
 * operating system and architecture (as Go names them: {@code linux}, {@code amd64}, {@code arm64}),
 * CPUs, memory, and labels an operator gave it ({@code --label gpu}).
 *
 * @param memoryBytes the machine's physical memory
 */
public record WorkerOffers(String os, String arch, int cpus, long memoryBytes, SortedSet<String> labels) {
    /** How an OS or an architecture is named. */
    static final String NAME = "[a-z0-9_]{1,32}";

    public WorkerOffers {
        if (os == null || !os.matches(NAME) || arch == null || !arch.matches(NAME)) {
            throw new InvalidInputException("a worker's offers name its OS and architecture as Go does (linux, amd64),"
                    + " got \"" + os + "\", \"" + arch + "\"");
        }
        if (cpus < 0 || memoryBytes < 0) {
            throw new InvalidInputException("a worker's CPUs and memory cannot be negative, got " + cpus + ", " + memoryBytes);
        }
        labels = Collections.unmodifiableSortedSet(new TreeSet<>(labels));
        for (String label : labels) {
            Requirements.checkLabel(label);
        }
    }

    /** This machine's, with {@code labels}. */
    public static WorkerOffers ofThisMachine(Set<String> labels) {
        long memory = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new WorkerOffers(goOs(System.getProperty("os.name")), goArch(System.getProperty("os.arch")), Runtime.getRuntime().availableProcessors(), memory, new TreeSet<>(labels));
    }

    /** The JVM's name of an operating system as Go names it. */
    static String goOs(String jvmOs) {
        String os = jvmOs.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        String plain = os.replaceAll("[^a-z0-9_]", "");
        return plain.isEmpty() ? "unknown" : plain.substring(0, Math.min(32, plain.length()));
    }

    /** The JVM's name of an architecture as Go (and Bazel's platforms, and Docker) name it. */
    static String goArch(String jvmArch) {
        return switch (jvmArch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> {
                String plain = jvmArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
                yield plain.isEmpty() ? "unknown" : plain.substring(0, Math.min(32, plain.length()));
            }
        };
    }

    @Override
    public String toString() {
        return os + "/" + arch + ", " + cpus + " CPUs, " + ByteSizes.describe(memoryBytes)
                + (labels.isEmpty() ? "" : ", labels " + String.join(", ", labels));
    }
}
