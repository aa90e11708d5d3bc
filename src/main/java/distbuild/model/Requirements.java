package distbuild.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a job requires of the worker that runs it (a build file's {@code requires: {arch: arm64,
 * label: big-mem}}): {@code os} and {@code arch} equal to the worker's, each of the
 * comma-separated {@code label}s among its labels, at least {@code cpus} CPUs and {@code memory}
 * bytes ({@code 16GiB}, {@code 512MiB}, or a number). A job without requirements runs anywhere.
 */
public record Requirements(SortedMap<String, String> wanted) {
    public static final Requirements NONE = new Requirements(Map.of());
    public static final Set<String> KEYS = Set.of("os", "arch", "label", "cpus", "memory");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public Requirements(Map<String, String> wanted) {
        this(new TreeMap<>(wanted));
    }

    /**
     * Values are kept as they are meant (no surrounding blanks; labels one comma apart, sorted). A
     * key this version does not know is kept, and no worker meets it (a newer peer's requirement
     * must not be dropped, or the job would run where it must not); {@link #strict} refuses it.
     */
    public Requirements {
        TreeMap<String, String> normalised = new TreeMap<>();
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue().strip();
            if (key == null || !key.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new InvalidInputException("a requirement is named by a short lower-case word, got \"" + key + "\"");
            }
            if (value.isEmpty()) {
                throw new InvalidInputException("requirement \"" + key + "\" has no value");
            }
            switch (key) {
                case "label" -> {
                    List<String> labels = new ArrayList<>(new java.util.TreeSet<>(List.of(value.split("\\s*,\\s*"))));
                    labels.forEach(Requirements::checkLabel);
                    value = String.join(",", labels);
                }
                case "cpus" -> {
                    if (!value.matches("\\d{1,6}")) {
                        throw new InvalidInputException("requirement cpus is a number of CPUs, got \"" + value + "\"");
                    }
                }
                case "memory" -> ByteSizes.parse(value);
                case "os", "arch" -> {
                    if (!value.matches(WorkerOffers.NAME)) {
                        throw new InvalidInputException("requirement " + key + " is a name such as linux or arm64, got \""
                                + value + "\"");
                    }
                }
                default -> {} // unknown to this version: met by no worker
            }
            normalised.put(key, value);
        }
        wanted = Collections.unmodifiableSortedMap(normalised);
    }

    /** The same, refusing a requirement this version does not know (for what a person wrote). */
    public static Requirements strict(Map<String, String> wanted) {
        for (String key : wanted.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException("unknown requirement \"" + key + "\": a job may require "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        return new Requirements(wanted);
    }

    /** Whether a worker offering {@code offers} meets every one of these; {@link #unmetBy} says what it lacks. */
    public boolean metBy(WorkerOffers offers) {
        return wanted.isEmpty() || (offers != null && unmetBy(offers).isEmpty());
    }

    public boolean isEmpty() {
        return wanted.isEmpty();
    }

    /**
     * What a worker offering {@code offers} lacks of these, in words ("arch arm64 (it has amd64)");
     * empty if it meets them all. A worker that says nothing of itself (of the reference design)
     * meets no requirement.
     */
    public List<String> unmetBy(WorkerOffers offers) {
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<String> unmet = new ArrayList<>();
        if (offers == null) {
            unmet.add("it says nothing of its machine");
            return unmet;
        }
        wanted.forEach((key, value) -> {
            switch (key) {
                case "os" -> {
                    if (!value.equals(offers.os())) {
                        unmet.add("os " + value + " (it has " + offers.os() + ")");
                    }
                }
                case "arch" -> {
                    if (!value.equals(offers.arch())) {
                        unmet.add("arch " + value + " (it has " + offers.arch() + ")");
                    }
                }
                case "label" -> labels(value).stream().filter(label -> !offers.labels().contains(label))
                        .forEach(label -> unmet.add("label " + label));
                case "cpus" -> {
                    if (offers.cpus() < Integer.parseInt(value)) {
                        unmet.add(value + " CPUs (it has " + offers.cpus() + ")");
                    }
                }
                case "memory" -> {
                    if (offers.memoryBytes() < ByteSizes.parse(value)) {
                        unmet.add(value + " of memory (it has " + ByteSizes.describe(offers.memoryBytes()) + ")");
                    }
                }
                default -> unmet.add("requirement " + key + ", which this coordinator does not know");
            }
        });
        return unmet;
    }

    @Override
    public String toString() {
        List<String> each = new ArrayList<>();
        wanted.forEach((key, value) -> each.add(key + ": " + value));
        return String.join(", ", each);
    }

    private static List<String> labels(String value) {
        return List.of(value.split(","));
    }

    /** Refuses a label that is not a plain word, with why. */
    public static void checkLabel(String label) {
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidInputException("a label is 1 to 63 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, got \"" + label + "\"");
        }
    }
}
