package distbuild.ninja;

import java.util.List;
import java.util.Map;

/** One statement of a ninja file as the parser reads it, nothing evaluated yet. */
sealed interface Statement {
    Position at();

    /** {@code name = value} at the top of a file: evaluated at once, in the file's scope. */
    record Let(String name, EvalString value, Position at) implements Statement {}

    /** {@code rule name} and its bindings, which stay unevaluated until an edge asks for them. */
    record Rule(String name, Map<String, EvalString> bindings, Position at) implements Statement {}

    /** {@code pool name} with its {@code depth = N} line, or null where there is none. */
    record Pool(String name, Binding depth, Position at) implements Statement {}

    /**
     * {@code build outputs | implicit outputs: rule inputs | implicit || order-only |@ validations}
     * and its indented bindings.
     */
    record Edge(
            List<PathText> outputs,
            List<PathText> implicitOutputs,
            String rule,
            Position ruleAt,
            List<PathText> inputs,
            List<PathText> implicitInputs,
            List<PathText> orderOnlyInputs,
            List<PathText> validations,
            List<Binding> bindings,
            Position at)
            implements Statement {}

    record Default(List<PathText> targets, Position at) implements Statement {}

    /** {@code include file}: read on in the same scope. */
    record Include(PathText file, Position at) implements Statement {}

    /** {@code subninja file}: read in a scope of its own, whose parent is this file's. */
    record Subninja(PathText file, Position at) implements Statement {}

    record PathText(EvalString text, Position at) {}

    record Binding(String name, EvalString value, Position at) {}
}
