package distbuild.ninja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks a variable up for one edge exactly as ninja's {@code EdgeEnv} does: {@code $in},
 * {@code $in_newline} and {@code $out} first; then the edge's own bindings, then its rule's
 * binding (evaluated here, so it sees the edge's variables and the rule's others), then the
 * file's scope and its parents.
 *
 * <p>One quirk kept on purpose: ninja gives an edge without bindings of its own its file's
 * scope as its environment, so for such an edge a variable bound in that file (not in a parent)
 * wins over the rule's binding of the same name. {@code ninja -t commands} shows it; so do we.
 */
final class EdgeEvaluation {
    private final NinjaRule rule;
    private final Map<String, String> edgeBindings;
    private final VariableScope scope;
    private final List<String> inputs;
    private final List<String> outputs;
    private final boolean shellEscape;
    /** The rule bindings being evaluated, innermost last: a name met again is a cycle. */
    private final List<String> evaluating = new ArrayList<>(4);

    /**
     * @param inputs the edge's explicit inputs, for {@code $in}
     * @param outputs its explicit outputs, for {@code $out}
     * @param shellEscape whether {@code $in} and {@code $out} quote their paths for the shell (ninja
     *     does except in {@code depfile}, {@code rspfile} and {@code dyndep})
     */
    EdgeEvaluation(NinjaRule rule, Map<String, String> edgeBindings, VariableScope scope, List<String> inputs,
            List<String> outputs, boolean shellEscape) {
        this.rule = rule;
        this.edgeBindings = edgeBindings;
        this.scope = scope;
        this.inputs = inputs;
        this.outputs = outputs;
        this.shellEscape = shellEscape;
    }

    /** {@code name}'s value for this edge; {@link CycleException} if rule bindings refer to each other in a circle. */
    String lookup(String name) {
        switch (name) {
            case "in" -> {
                return pathList(inputs, ' ');
            }
            case "in_newline" -> {
                return pathList(inputs, '\n');
            }
            case "out" -> {
                return pathList(outputs, ' ');
            }
            default -> {
                // not special
            }
        }
        int seen = evaluating.indexOf(name);
        if (seen >= 0) {
            throw new CycleException(String.join(" -> ", evaluating.subList(seen, evaluating.size())) + " -> " + name);
        }
        EvalString ruleValue = rule.bindings().get(name);
        VariableScope fallback;
        if (!edgeBindings.isEmpty()) {
            String value = edgeBindings.get(name);
            if (value != null) {
                return value;
            }
            fallback = scope;
        } else {
            String value = scope.own(name);
            if (value != null) {
                return value;
            }
            fallback = scope.parent();
        }
        if (ruleValue != null) {
            evaluating.add(name);
            String value = ruleValue.evaluate(this::lookup);
            evaluating.removeLast();
            return value;
        }
        return fallback == null ? "" : fallback.lookup(name);
    }

    private String pathList(List<String> paths, char separator) {
        if (paths.size() == 1 && !shellEscape) {
            return paths.getFirst();
        }
        StringBuilder list = new StringBuilder();
        for (String path : paths) {
            if (!list.isEmpty()) {
                list.append(separator);
            }
            if (shellEscape) {
                appendShellEscaped(path, list);
            } else {
                list.append(path);
            }
        }
        return list.toString();
    }

    /** Ninja's POSIX quoting: as is if every character is known safe, else in single quotes. */
    static void appendShellEscaped(String path, StringBuilder to) {
        if (isShellSafe(path)) {
            to.append(path);
            return;
        }
        to.append('\'');
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'') {
                to.append("'\\''");
            } else {
                to.append(c);
            }
        }
        to.append('\'');
    }

    private static boolean isShellSafe(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '+' || c == '-' || c == '.' || c == '/';
            if (!safe) {
                return false;
            }
        }
        return true;
    }

    /** Rule bindings that refer to each other in a circle; the message is the circle. */
    static final class CycleException extends RuntimeException {
        CycleException(String cycle) {
            super(cycle, null, false, false);
        }
    }
}
