package distbuild.ninja;

import java.util.Map;

/**
 * A file's variables as they stand once everything is read: what an edge's rule bindings see
 * when they are evaluated, as in ninja, which evaluates commands after parsing. Immutable.
 */
final class Scope implements VariableScope {
    private final Scope parent;
    private final Map<String, String> bindings;

    Scope(Scope parent, Map<String, String> bindings) {
        this.parent = parent;
        this.bindings = Map.copyOf(bindings);
    }

    @Override
    public String own(String name) {
        return bindings.get(name);
    }

    @Override
    public Scope parent() {
        return parent;
    }

    Map<String, String> bindings() {
        return bindings;
    }
}
