package distbuild.ninja;

/**
 * Where a file's variables are looked up: its own bindings, then its parent's (the file that
 * {@code subninja}'d it), up to the top file. Unbound variables are empty, as in ninja.
 */
interface VariableScope {
    /** What this scope itself binds {@code name} to, or null. */
    String own(String name);

    /** The scope of the file that {@code subninja}'d this one, or null for the top file's. */
    VariableScope parent();

    default String lookup(String name) {
        for (VariableScope scope = this; scope != null; scope = scope.parent()) {
            String value = scope.own(name);
            if (value != null) {
                return value;
            }
        }
        return "";
    }
}
