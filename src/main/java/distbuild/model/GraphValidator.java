package distbuild.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds every reason a graph cannot be built, so a user fixes them all in one round. */
final class GraphValidator {
    private static final int MAX_CYCLES_REPORTED = 10;

    private GraphValidator() {}

    static List<String> problems(Graph graph) {
        List<String> problems = new ArrayList<>();
        checkSourceFiles(graph, problems);
        Map<Id, Job> byId = checkUniqueIds(graph, problems);
        Set<String> knownPaths = new HashSet<>(graph.sourceFiles().values());
        for (Job job : graph.jobs()) {
            checkInputs(job, knownPaths, problems);
            checkDeps(job, byId, problems);
            checkTemplates(job, problems);
        }
        findCycles(byId, problems);
        return problems;
    }

    private static void checkSourceFiles(Graph graph, List<String> problems) {
        Map<String, Id> firstIdByPath = new HashMap<>();
        for (Map.Entry<Id, String> file : graph.sourceFiles().entrySet()) {
            String path = file.getValue();
            var problem = SourcePath.problem(path);
            if (problem.isPresent()) {
                problems.add("source file " + file.getKey().shortHex() + " path \"" + path + "\" " + problem.get());
                continue;
            }
            Id previous = firstIdByPath.putIfAbsent(path, file.getKey());
            if (previous != null) {
                problems.add("source path \"" + path + "\" is listed for two different files, "
                        + previous.shortHex() + " and " + file.getKey().shortHex());
            }
        }
        // A path cannot be a file and the directory of another file at the same time.
        for (String path : firstIdByPath.keySet()) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                if (firstIdByPath.containsKey(parent)) {
                    problems.add("source path \"" + parent + "\" is a file but \"" + path
                            + "\" needs it to be a directory");
                }
            }
        }
    }

    private static Map<Id, Job> checkUniqueIds(Graph graph, List<String> problems) {
        Map<Id, List<Job>> jobsById = new LinkedHashMap<>();
        graph.jobs().forEach(job -> jobsById.computeIfAbsent(job.id(), k -> new ArrayList<>()).add(job));
        Map<Id, Job> byId = new LinkedHashMap<>();
        jobsById.forEach((id, jobs) -> {
            byId.put(id, jobs.getFirst());
            if (jobs.size() > 1) {
                problems.add("job ID " + id.hex() + " is used by " + jobs.size() + " jobs: "
                        + String.join(", ", jobs.stream().map(job -> "'" + job.name() + "'").toList()));
            }
        });
        return byId;
    }

    private static void checkInputs(Job job, Set<String> knownPaths, List<String> problems) {
        for (String input : job.inputs()) {
            var problem = SourcePath.problem(input);
            if (problem.isPresent()) {
                problems.add("job " + job.describe() + " input \"" + input + "\" " + problem.get());
            } else if (!knownPaths.contains(input)) {
                problems.add("job " + job.describe() + " input \"" + input + "\" is not in SourceFiles");
            }
        }
    }

    private static void checkDeps(Job job, Map<Id, Job> byId, List<String> problems) {
        for (Id dep : job.deps()) {
            if (!byId.containsKey(dep)) {
                problems.add("job " + job.describe() + " depends on unknown job " + dep.hex());
            }
        }
    }

    private static void checkTemplates(Job job, List<String> problems) {
        Set<Id> deps = Set.copyOf(job.deps());
        for (int i = 0; i < job.cmds().size(); i++) {
            for (String text : job.cmds().get(i).templateStrings()) {
                try {
                    Template template = Template.parse(text);
                    for (Id dep : template.referencedDeps()) {
                        if (!deps.contains(dep)) {
                            problems.add("job " + job.describe() + " command " + (i + 1) + ": "
                                    + template.notADep(dep).getMessage());
                        }
                    }
                } catch (TemplateException e) {
                    problems.add("job " + job.describe() + " command " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
    }

    /** Depth-first search with an explicit stack, so a chain of many thousand jobs is fine. */
    private static void findCycles(Map<Id, Job> byId, List<String> problems) {
        enum Color { NEW, ON_PATH, DONE }
        Map<Id, Color> color = new HashMap<>();
        byId.keySet().forEach(id -> color.put(id, Color.NEW));
        Set<Set<Id>> reported = new HashSet<>();
        for (Id root : byId.keySet()) {
            if (color.get(root) != Color.NEW) {
                continue;
            }
            List<Id> path = new ArrayList<>();
            List<Integer> nextDep = new ArrayList<>();
            path.add(root);
            nextDep.add(0);
            color.put(root, Color.ON_PATH);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                Job job = byId.get(path.get(top));
                int index = nextDep.get(top);
                if (index == job.deps().size()) {
                    color.put(job.id(), Color.DONE);
                    path.remove(top);
                    nextDep.remove(top);
                    continue;
                }
                nextDep.set(top, index + 1);
                Id dep = job.deps().get(index);
                Color depColor = color.get(dep);
                if (depColor == null || depColor == Color.DONE) {
                    continue;
                }
                if (depColor == Color.ON_PATH) {
                    List<Id> cycle = path.subList(path.indexOf(dep), path.size());
                    if (reported.add(Set.copyOf(cycle)) && reported.size() <= MAX_CYCLES_REPORTED) {
                        problems.add("dependency cycle: " + describeCycle(cycle, byId));
                    }
                    continue;
                }
                color.put(dep, Color.ON_PATH);
                path.add(dep);
                nextDep.add(0);
            }
        }
        if (reported.size() > MAX_CYCLES_REPORTED) {
            problems.add("... and " + (reported.size() - MAX_CYCLES_REPORTED) + " more dependency cycles");
        }
    }

    // The path runs from a job to the job it depends on, so "a needs b needs c needs a".
    private static String describeCycle(List<Id> cycle, Map<Id, Job> byId) {
        StringBuilder text = new StringBuilder();
        for (Id id : cycle) {
            text.append(byId.get(id).describe()).append(" needs ");
        }
        return text.append(byId.get(cycle.getFirst()).describe()).toString();
    }
}
