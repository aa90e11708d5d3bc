package distbuild.ninja;

import java.util.HashMap;
import java.util.Map;

/**
 * A file's scope while it is being read: variables as bound so far (a path, an edge binding or
 * an {@code include} line sees these, as ninja evaluates them on the spot) and the rules
 * declared in it. {@link #freeze} gives the {@link Scope} the graph keeps.
 */
final class ReadingScope implements VariableScope {
    private final ReadingScope parent;
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, NinjaRule> rules = new HashMap<>();
    private Scope frozen;

    ReadingScope(ReadingScope parent) {
        this.parent = parent;
    }

    @Override
    public String own(String name) {
        return variables.get(name);
    }

    @Override
    public ReadingScope parent() {
        return parent;
    }

    void bind(String name, String value) {
        variables.put(name, value);
    }

    /** The rule declared in this scope, not its parents', or null. */
    NinjaRule ownRule(String name) {
        return rules.get(name);
    }

    void declare(NinjaRule rule) {
        rules.put(rule.name(), rule);
    }

    /** The rule {@code name} as an edge here sees it: declared here or in a parent, or built in. */
    NinjaRule rule(String name) {
        if (name.equals(NinjaRule.PHONY.name())) {
            return NinjaRule.PHONY;
        }
        for (ReadingScope scope = this; scope != null; scope = scope.parent) {
            NinjaRule rule = scope.rules.get(name);
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    /** The scope as it stands, for good: call once everything is read. */
    Scope freeze() {
        if (frozen == null) {
            frozen = new Scope(parent == null ? null : parent.freeze(), variables);
        }
        return frozen;
    }
}
