package distbuild.model;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a worker says it offers, for jobs that require something of the machine they run on: its
 * operating system and architecture (as Go names them: {@code linux}, {@code amd64}, {@code arm64}),
 * CPUs, memory, labels an operator gave it ({@code --label gpu}), and the compilers it has.
 *
 * @param memoryBytes the machine's physical memory
 * @param toolchains its compilers and the programs they run, by path → SHA-256; empty when it
 *     does not say (then each job's programs are checked only where it runs)
 */
public record WorkerOffers(String os, String arch, int cpus, long memoryBytes, SortedSet<String> labels,
        SortedMap<String, String> toolchains) {
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
        toolchains = Collections.unmodifiableSortedMap(new TreeMap<>(toolchains));
        if (toolchains.size() > MOST_PROGRAMS) {
            throw new InvalidInputException("a worker lists at most " + MOST_PROGRAMS + " compiler programs, got " + toolchains.size());
        }
        // Programs are named as a job names them (Needs#programs), so a listed one is compared as it is.
        new Needs(java.util.Map.of(), toolchains);
    }

    /** Offers that say nothing of the machine's compilers. */
    public WorkerOffers(String os, String arch, int cpus, long memoryBytes, SortedSet<String> labels) {
        this(os, arch, cpus, memoryBytes, labels, new TreeMap<>());
    }

    static final int MOST_PROGRAMS = 256;

    /** The same, listing {@code compilers} (path → SHA-256). */
    public WorkerOffers withToolchains(java.util.Map<String, String> compilers) {
        return new WorkerOffers(os, arch, cpus, memoryBytes, labels, new TreeMap<>(compilers));
    }

    /** Whether this machine lists none of {@code programs} (path → SHA-256) in another build; checked without allocating. */
    public boolean hasTheSame(java.util.Map<String, String> programs) {
        for (java.util.Map.Entry<String, String> program : programs.entrySet()) {
            String here = toolchains.get(program.getKey());
            if (here != null && !here.equals(program.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Of the programs a job was planned with (path → SHA-256), those this machine has in another
     * build, in words; a program it does not list is not known to differ (the worker checks it
     * before it runs the job).
     */
    public java.util.List<String> otherBuildsOf(java.util.Map<String, String> programs) {
        java.util.List<String> differ = new java.util.ArrayList<>();
        programs.forEach((path, sha256) -> {
            String here = toolchains.get(path);
            if (here != null && !here.equals(sha256)) {
                differ.add("the same " + path + " (it has another build, SHA-256 " + here.substring(0, 12) + "…)");
            }
        });
        return differ;
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
                + (labels.isEmpty() ? "" : ", labels " + String.join(", ", labels))
                + (toolchains.isEmpty() ? "" : ", " + toolchains.size() + " compiler programs");
    }
}
