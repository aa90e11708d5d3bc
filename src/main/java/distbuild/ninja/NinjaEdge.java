package distbuild.ninja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code build} statement, its paths evaluated and canonical. Its command and other
 * variables are evaluated when asked, as ninja does, so that a graph of 100,000 edges does not
 * hold 100,000 expanded command lines; asking again gives the same answer (the edge and its
 * scopes are immutable).
 *
 * <p>Phony edges ({@link #isPhony}) never run: they name other targets. One with no inputs at
 * all stands for a path that may be a source file: ninja treats it as up to date if the file
 * exists and as always dirty if it does not.
 */
public final class NinjaEdge {
    private final int id;
    private final NinjaRule rule;
    private final List<String> outputs;
    private final List<String> implicitOutputs;
    private final List<String> inputs;
    private final List<String> implicitInputs;
    private final List<String> orderOnlyInputs;
    private final List<String> validations;
    private final List<String> allOutputs;
    private final List<String> allInputs;
    private final Map<String, String> bindings;
    private final Scope scope;
    private final NinjaPool pool;
    private final Position at;

    NinjaEdge(int id, NinjaRule rule, List<String> outputs, List<String> implicitOutputs, List<String> inputs,
            List<String> implicitInputs, List<String> orderOnlyInputs, List<String> validations,
            Map<String, String> bindings, Scope scope, NinjaPool pool, Position at) {
        this.id = id;
        this.rule = rule;
        this.outputs = List.copyOf(outputs);
        this.implicitOutputs = List.copyOf(implicitOutputs);
        this.inputs = List.copyOf(inputs);
        this.implicitInputs = List.copyOf(implicitInputs);
        this.orderOnlyInputs = List.copyOf(orderOnlyInputs);
        this.validations = List.copyOf(validations);
        this.allOutputs = this.implicitOutputs.isEmpty() ? this.outputs : concat(this.outputs, this.implicitOutputs);
        this.allInputs = this.implicitInputs.isEmpty() && this.orderOnlyInputs.isEmpty() ? this.inputs
                : concat(concat(this.inputs, this.implicitInputs), this.orderOnlyInputs);
        this.bindings = Map.copyOf(bindings);
        this.scope = scope;
        this.pool = pool;
        this.at = at;
    }

    /** The edge's place among the graph's edges, in the order the files declare them. */
    public int id() {
        return id;
    }

    /** The rule's name ({@code phony} for phony edges). */
    public String rule() {
        return rule.name();
    }

    public boolean isPhony() {
        return rule == NinjaRule.PHONY;
    }

    /** Explicit outputs: {@code $out}. */
    public List<String> outputs() {
        return outputs;
    }

    /** Outputs after {@code |}: produced, but not in {@code $out}. */
    public List<String> implicitOutputs() {
        return implicitOutputs;
    }

    /** Explicit and implicit outputs, in that order. */
    public List<String> allOutputs() {
        return allOutputs;
    }

    /** Explicit inputs: {@code $in}. */
    public List<String> inputs() {
        return inputs;
    }

    /** Inputs after {@code |}: the edge is out of date when they change, but not in {@code $in}. */
    public List<String> implicitInputs() {
        return implicitInputs;
    }

    /** Inputs after {@code ||}: built first, but their changing does not make the edge dirty. */
    public List<String> orderOnlyInputs() {
        return orderOnlyInputs;
    }

    /** Explicit, implicit and order-only inputs, in that order: everything that must exist first. */
    public List<String> allInputs() {
        return allInputs;
    }

    /** Targets after {@code |@}: built whenever this edge is, but nothing waits for them. */
    public List<String> validations() {
        return validations;
    }

    public NinjaPool pool() {
        return pool;
    }

    /** Where the {@code build} statement is. */
    public Position declaredAt() {
        return at;
    }

    /** The command line, as {@code ninja -t commands} prints it. */
    public String command() {
        return binding("command");
    }

    /** What ninja shows while the command runs; empty if none (ninja then shows the command). */
    public String description() {
        return binding("description");
    }

    /** The depfile's path, {@code $out} and {@code $in} unquoted; empty if none. */
    public String depfile() {
        return unescaped("depfile");
    }

    public DepsStyle deps() {
        String deps = binding("deps");
        return switch (deps) {
            case "" -> DepsStyle.NONE;
            case "gcc" -> DepsStyle.GCC;
            case "msvc" -> DepsStyle.MSVC;
            default -> throw new IllegalStateException("deps = '" + deps + "' was refused when the file was read");
        };
    }

    public String msvcDepsPrefix() {
        return binding("msvc_deps_prefix");
    }

    /** The response file's path, {@code $out} and {@code $in} unquoted; empty if none. */
    public String rspfile() {
        return unescaped("rspfile");
    }

    /** What goes into the response file before the command runs. */
    public String rspfileContent() {
        return binding("rspfile_content");
    }

    /** Whether ninja re-checks the outputs' times after the command, to spare their dependants. */
    public boolean restat() {
        return !binding("restat").isEmpty();
    }

    /** Whether this edge regenerates the build files (ninja never rebuilds it for a changed command). */
    public boolean generator() {
        return !binding("generator").isEmpty();
    }

    /**
     * The command as ninja hashes it into {@code .ninja_log}: with {@code ;rspfile=} and the
     * response file's content appended when there is one.
     */
    public String commandForLog() {
        String command = command();
        String rspfileContent = rspfileContent();
        return rspfileContent.isEmpty() ? command : command + ";rspfile=" + rspfileContent;
    }

    /**
     * Any variable as the edge sees it (ninja's {@code GetBinding}): its own bindings, its rule's,
     * then its file's scope; {@code $in} and {@code $out} quoted for the shell; "" if unbound.
     */
    public String binding(String name) {
        return evaluation(true).lookup(name);
    }

    private String unescaped(String name) {
        return evaluation(false).lookup(name);
    }

    private EdgeEvaluation evaluation(boolean shellEscape) {
        return new EdgeEvaluation(rule, bindings, scope, inputs, outputs, shellEscape);
    }

    NinjaRule ruleDeclaration() {
        return rule;
    }

    @Override
    public String toString() {
        return "build " + String.join(" ", allOutputs()) + ": " + rule.name()
                + (inputs.isEmpty() ? "" : " " + String.join(" ", inputs)) + " (" + at + ")";
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first.size() + second.size());
        both.addAll(first);
        both.addAll(second);
        return List.copyOf(both);
    }
}
