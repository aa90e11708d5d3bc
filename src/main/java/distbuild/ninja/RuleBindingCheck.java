package distbuild.ninja;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of an edge's rule bindings that need the scopes as they stand at the end: rule
 * bindings that refer to each other in a circle (ninja dies of it when it builds), and a
 * {@code deps} other than gcc or msvc.
 */
final class RuleBindingCheck {
    private final Map<NinjaRule, Boolean> mayCycle = new IdentityHashMap<>();

    /** What is wrong with the edge's evaluated bindings, if anything. */
    Optional<String> problem(NinjaEdge edge) {
        NinjaRule rule = edge.ruleDeclaration();
        // Evaluating every binding of every edge would cost what the build later does anyway;
        // only rules whose bindings could form a circle are tried.
        if (mayCycle.computeIfAbsent(rule, RuleBindingCheck::hasCircle)) {
            for (String name : rule.bindings().keySet()) {
                try {
                    edge.binding(name);
                } catch (EdgeEvaluation.CycleException cycle) {
                    return Optional.of("cycle in rule variables: " + cycle.getMessage());
                }
            }
        }
        String deps = edge.binding("deps");
        if (!deps.isEmpty() && !deps.equals("gcc") && !deps.equals("msvc")) {
            return Optional.of("unknown deps type '" + deps + "' (ninja knows gcc and msvc)");
        }
        return Optional.empty();
    }

    /** Whether the rule's bindings, followed through each other, ever come back to one. */
    private static boolean hasCircle(NinjaRule rule) {
        Map<String, EvalString> bindings = rule.bindings();
        for (String start : bindings.keySet()) {
            Set<String> reached = new HashSet<>();
            Deque<String> pending = new ArrayDeque<>(bindings.get(start).variables());
            while (!pending.isEmpty()) {
                String name = pending.pop();
                if (name.equals(start)) {
                    return true;
                }
                EvalString value = bindings.get(name);
                if (value != null && reached.add(name)) {
                    pending.addAll(value.variables());
                }
            }
        }
        return false;
    }
}
