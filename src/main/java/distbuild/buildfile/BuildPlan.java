package distbuild.buildfile;

import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph ready to send, the names people use for its jobs (each job's own name and, for a
 * {@code foreach} rule, the rule's name for all the jobs it stamped out), and each job's declared
 * outputs (none known for a wire graph).
 */
public record BuildPlan(Graph graph, Map<String, List<Id>> names, Map<Id, List<String>> outputs, List<Id> defaults) {
    public BuildPlan {
        names = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names));
        outputs = Map.copyOf(outputs);
        defaults = List.copyOf(defaults);
    }

    public BuildPlan(Graph graph, Map<String, List<Id>> names, Map<Id, List<String>> outputs) {
        this(graph, names, outputs, List.of());
    }

    public BuildPlan(Graph graph, Map<String, List<Id>> names) {
        this(graph, names, Map.of());
    }

    /** This plan with the jobs its file's {@code default:} names. */
    public BuildPlan withDefaults(List<Id> jobs) {
        return new BuildPlan(graph, names, outputs, jobs);
    }

    /** A wire graph, whose jobs are known by their names. */
    public static BuildPlan of(Graph graph) {
        Map<String, List<Id>> names = new LinkedHashMap<>();
        for (Job job : graph.jobs()) {
            if (!job.name().isEmpty()) {
                names.computeIfAbsent(job.name(), n -> new ArrayList<>()).add(job.id());
            }
        }
        return new BuildPlan(graph, names);
    }

    /**
     * What a build is for when nobody names targets: the jobs the file's {@code default:} names,
     * else the jobs nothing depends on.
     */
    public List<Id> defaultTargets() {
        if (!defaults.isEmpty()) {
            return defaults;
        }
        Set<Id> needed = new HashSet<>();
        graph.jobs().forEach(job -> needed.addAll(job.deps()));
        return graph.jobs().stream().map(Job::id).filter(id -> !needed.contains(id)).distinct().toList();
    }

    /**
     * The jobs the given names stand for.
     *
     * @throws IllegalArgumentException naming every unknown target, with the closest known name
     */
    public List<Id> targets(Collection<String> requested) {
        Set<Id> targets = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : requested) {
            List<Id> ids = names.get(name);
            if (ids == null) {
                unknown.add("no job is named '" + name + "'"
                        + Suggestions.closest(name, names.keySet()).map(close -> " (did you mean '" + close + "'?)").orElse(""));
            } else {
                targets.addAll(ids);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", unknown));
        }
        return List.copyOf(targets);
    }

    /** This plan cut down to {@code targets} and everything they need. */
    public BuildPlan restrictTo(Collection<Id> targets) {
        Graph restricted = graph.restrictTo(targets);
        Set<Id> kept = restricted.jobsById().keySet();
        Map<String, List<Id>> keptNames = new LinkedHashMap<>();
        names.forEach((name, ids) -> {
            List<Id> still = ids.stream().filter(kept::contains).toList();
            if (!still.isEmpty()) {
                keptNames.put(name, still);
            }
        });
        Map<Id, List<String>> keptOutputs = new LinkedHashMap<>(outputs);
        keptOutputs.keySet().retainAll(kept);
        return new BuildPlan(restricted, keptNames, keptOutputs, defaults.stream().filter(kept::contains).toList());
    }

    /**
     * The jobs whose outputs a person means by the targets' outputs: the targets that declare
     * outputs; and when none does (the only target is a test run of the program), the nearest jobs
     * they depend on that do.
     */
    public List<Id> deliverable(List<Id> targets) {
        if (outputs.isEmpty() || targets.stream().anyMatch(id -> !outputs.getOrDefault(id, List.of()).isEmpty())) {
            return targets;
        }
        Map<Id, Job> jobs = graph.jobsById();
        Set<Id> chosen = new LinkedHashSet<>();
        Set<Id> seen = new HashSet<>();
        java.util.Deque<Id> pending = new java.util.ArrayDeque<>(targets);
        while (!pending.isEmpty()) {
            Id next = pending.poll();
            if (!seen.add(next) || !jobs.containsKey(next)) {
                continue;
            }
            if (!outputs.getOrDefault(next, List.of()).isEmpty()) {
                chosen.add(next);
            } else {
                pending.addAll(jobs.get(next).deps());
            }
        }
        return List.copyOf(chosen);
    }
}
