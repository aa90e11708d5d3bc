package distbuild.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a job needs of the machine that runs it, beyond a worker of the seed design: its source
 * tree (or parts of it) seen at absolute paths — the commands of a generated build name files by
 * the paths they have on the client — and programs of exactly the content it was planned with, so
 * that no result is made by another compiler than the one the job's ID stands for.
 *
 * @param treeAt tree-relative directory ("" for the whole tree) → the absolute path its commands see it at
 * @param programs absolute path of a program → the SHA-256 (hex) of its content
 * @param requires what the worker's machine must offer (see {@link Requirements})
 */
public record Needs(SortedMap<String, String> treeAt, SortedMap<String, String> programs, Requirements requires) {
    public static final Needs NONE = new Needs(Map.of(), Map.of());

    public Needs(Map<String, String> treeAt, Map<String, String> programs) {
        this(treeAt, programs, Requirements.NONE);
    }

    public Needs(Map<String, String> treeAt, Map<String, String> programs, Requirements requires) {
        this(Collections.unmodifiableSortedMap(new TreeMap<>(treeAt)), Collections.unmodifiableSortedMap(new TreeMap<>(programs)),
                requires);
    }

    /** These, and {@code requires} too. */
    public Needs requiring(Requirements more) {
        return new Needs(treeAt, programs, more);
    }

    public Needs {
        requires = requires == null ? Requirements.NONE : requires;
        treeAt = Collections.unmodifiableSortedMap(new TreeMap<>(treeAt));
        programs = Collections.unmodifiableSortedMap(new TreeMap<>(programs));
        for (Map.Entry<String, String> entry : treeAt.entrySet()) {
            if (!entry.getKey().isEmpty()) {
                SourcePath.problem(entry.getKey()).ifPresent(problem -> {
                    throw new InvalidInputException("tree directory \"" + entry.getKey() + "\" " + problem);
                });
            }
            String at = entry.getValue();
            if (!at.startsWith("/") || at.equals("/") || at.contains("/../") || at.endsWith("/..") || at.contains("//")) {
                throw new InvalidInputException("a job's tree can be seen only at an absolute path other than /, without"
                        + " '..', got \"" + at + "\"");
            }
        }
        for (Map.Entry<String, String> entry : programs.entrySet()) {
            if (!entry.getKey().startsWith("/")) {
                throw new InvalidInputException("a job's program is named by its absolute path, got \"" + entry.getKey() + "\"");
            }
            if (!Sha256Hex.isValid(entry.getValue())) {
                throw new InvalidInputException("program " + entry.getKey() + " needs a SHA-256 of 64 hex digits, got \""
                        + entry.getValue() + "\"");
            }
        }
    }

    public boolean isEmpty() {
        return treeAt.isEmpty() && programs.isEmpty() && requires.isEmpty();
    }

    /** Whether these ask anything of the worker's machine that a worker's offers can say it lacks. */
    public boolean askOfMachine() {
        return !requires.isEmpty() || !programs.isEmpty();
    }

    /** Whether a worker offering {@code offers} meets these, as far as its offers tell. */
    public boolean metBy(WorkerOffers offers) {
        if (!requires.isEmpty() && !requires.metBy(offers)) {
            return false;
        }
        return offers == null || offers.toolchains().isEmpty() || offers.hasTheSame(programs);
    }

    /**
     * What a worker offering {@code offers} lacks of these, in words: requirements it does not
     * meet, and programs it has in another build than the job was planned with.
     */
    public java.util.List<String> unmetBy(WorkerOffers offers) {
        java.util.List<String> unmet = new java.util.ArrayList<>(requires.unmetBy(offers));
        if (offers != null) {
            unmet.addAll(offers.otherBuildsOf(programs));
        }
        return unmet;
    }

    /** What these ask of a machine, in words (for why a job waits). */
    public String describeAskOfMachine() {
        java.util.List<String> each = new java.util.ArrayList<>();
        if (!requires.isEmpty()) {
            each.add(requires.toString());
        }
        if (!programs.isEmpty()) {
            each.add(programs.size() + (programs.size() == 1 ? " program" : " programs") + " as planned");
        }
        return String.join("; ", each);
    }
}
