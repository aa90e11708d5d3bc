package distbuild.ninja;

import java.util.Map;

/**
 * A {@code rule} as declared: its bindings unevaluated, since an edge evaluates them in its own
 * scope (with {@code $in}, {@code $out} and its own variables).
 */
record NinjaRule(String name, Map<String, EvalString> bindings, Position at) {
    /** Ninja's built-in rule: its edges only name other targets and never run. */
    static final NinjaRule PHONY = new NinjaRule("phony", Map.of(), null);

    NinjaRule {
        bindings = Map.copyOf(bindings);
    }
}
