package distbuild.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;

/**
 * A build: the source files it reads, by content ID and path, and its jobs. Immutable; build one
 * with the constructor and check it with {@link #validate()} before trusting it.
 */
public record Graph(Map<Id, String> sourceFiles, List<Job> jobs) {
    public Graph {
        sourceFiles = Collections.unmodifiableMap(new LinkedHashMap<>(sourceFiles));
        jobs = List.copyOf(jobs);
    }

    /** Every problem that makes this graph unbuildable, one readable sentence each; empty if none. */
    public List<String> problems() {
        return GraphValidator.problems(this);
    }

    /** @throws InvalidGraphException listing every problem, if there is any */
    public Graph validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidGraphException(problems);
        }
        return this;
    }

    /** The jobs by ID. Assumes IDs are unique (a validated graph). */
    public Map<Id, Job> jobsById() {
        Map<Id, Job> byId = new LinkedHashMap<>();
        jobs.forEach(job -> byId.putIfAbsent(job.id(), job));
        return byId;
    }

    /**
     * This graph cut down to {@code roots} and every job they need, directly or not, with only the
     * source files those jobs read. Unknown roots are ignored.
     */
    public Graph restrictTo(java.util.Collection<Id> roots) {
        Map<Id, Job> byId = jobsById();
        java.util.Set<Id> kept = new java.util.HashSet<>();
        java.util.ArrayDeque<Id> pending = new java.util.ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            Id id = pending.pop();
            Job job = byId.get(id);
            if (job != null && kept.add(id)) {
                pending.addAll(job.deps());
            }
        }
        List<Job> keptJobs = jobs.stream().filter(job -> kept.contains(job.id())).toList();
        java.util.Set<String> read = new java.util.HashSet<>();
        keptJobs.forEach(job -> read.addAll(job.inputs()));
        Map<Id, String> keptFiles = new LinkedHashMap<>();
        sourceFiles.forEach((id, path) -> {
            if (read.contains(path)) {
                keptFiles.put(id, path);
            }
        });
        return new Graph(keptFiles, keptJobs);
    }

    /** Source file IDs by path (the reverse of {@link #sourceFiles()}). */
    public Map<String, Id> filesByPath() {
        Map<String, Id> byPath = new HashMap<>();
        sourceFiles.forEach((id, path) -> byPath.put(path, id));
        return byPath;
    }

    /**
     * The jobs ordered so that each comes after all of its deps; among jobs that could go in
     * either order, the graph's own order is kept. Requires an acyclic graph.
     */
    public List<Job> topologicalOrder() {
        Map<Id, Job> byId = jobsById();
        Map<Id, Integer> waitingOn = new HashMap<>();
        Map<Id, List<Job>> dependants = new HashMap<>();
        for (Job job : byId.values()) {
            int known = 0;
            for (Id dep : job.deps().stream().distinct().toList()) {
                if (byId.containsKey(dep)) {
                    known++;
                    dependants.computeIfAbsent(dep, k -> new ArrayList<>()).add(job);
                }
            }
            waitingOn.put(job.id(), known);
        }
        // Always take the ready job that comes first in the graph, so the graph's order is kept
        // wherever the deps allow it (a FIFO queue would put a job made ready late after later jobs).
        Map<Id, Integer> position = new HashMap<>();
        byId.keySet().forEach(id -> position.put(id, position.size()));
        List<Job> order = new ArrayList<>(byId.size());
        Queue<Job> ready = new PriorityQueue<>(Comparator.comparingInt((Job job) -> position.get(job.id())));
        byId.values().stream().filter(job -> waitingOn.get(job.id()) == 0).forEach(ready::add);
        while (!ready.isEmpty()) {
            Job job = ready.poll();
            order.add(job);
            for (Job dependant : dependants.getOrDefault(job.id(), List.of())) {
                if (waitingOn.merge(dependant.id(), -1, Integer::sum) == 0) {
                    ready.add(dependant);
                }
            }
        }
        if (order.size() != byId.size()) {
            throw new InvalidGraphException(List.of("the jobs' dependencies form a cycle"));
        }
        return order;
    }
}
