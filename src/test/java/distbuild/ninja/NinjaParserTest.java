package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NinjaParserTest {
    private static final String FILE = "build.ninja";

    private static List<Statement> statements(String text) {
        NinjaParser parser = new NinjaParser(NinjaLexer.of(FILE, text));
        List<Statement> statements = new ArrayList<>();
        for (Statement statement = parser.next(); statement != null; statement = parser.next()) {
            statements.add(statement);
        }
        return statements;
    }

    private static Refusal refusal(String text) {
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> statements(text));
        assertThat(refusal).as("refusal of:\n" + text).isNotNull();
        return refusal;
    }

    private static Position at(int line, int column) {
        return new Position(FILE, line, column);
    }

    private static List<String> texts(List<Statement.PathText> paths) {
        return paths.stream().map(path -> path.text().evaluate(name -> "$" + name)).toList();
    }

    @Test
    void aRuleKeepsItsBindingsUnevaluated() {
        Statement.Rule rule = (Statement.Rule) statements("""
                rule cc
                  command = gcc -c $in -o $out
                  # a comment between bindings
                  description = CC $out
                """).getFirst();

        assertThat(rule.name()).isEqualTo("cc");
        assertThat(rule.at()).isEqualTo(at(1, 6));
        assertThat(rule.bindings().keySet()).containsExactly("command", "description");
        assertThat(rule.bindings().get("command").variables()).containsExactly("in", "out");
    }

    @Test
    void aBuildStatementKeepsEachKindOfPathInItsOwnList() {
        Statement.Edge edge = (Statement.Edge) statements("""
                build out1 out2 | imp1 imp2: cc in1 in2 | dep1 || order1 order2 |@ check1
                  flags = -O2
                """).getFirst();

        assertThat(texts(edge.outputs())).containsExactly("out1", "out2");
        assertThat(texts(edge.implicitOutputs())).containsExactly("imp1", "imp2");
        assertThat(edge.rule()).isEqualTo("cc");
        assertThat(edge.ruleAt()).isEqualTo(at(1, 30));
        assertThat(texts(edge.inputs())).containsExactly("in1", "in2");
        assertThat(texts(edge.implicitInputs())).containsExactly("dep1");
        assertThat(texts(edge.orderOnlyInputs())).containsExactly("order1", "order2");
        assertThat(texts(edge.validations())).containsExactly("check1");
        assertThat(edge.bindings()).extracting(Statement.Binding::name).containsExactly("flags");
        assertThat(edge.outputs().get(1).at()).isEqualTo(at(1, 12));
    }

    @Test
    void aBuildStatementMayHaveOnlyImplicitOutputsAndNoInputs() {
        Statement.Edge edge = (Statement.Edge) statements("build | stamp: touch\n").getFirst();

        assertThat(edge.outputs()).isEmpty();
        assertThat(texts(edge.implicitOutputs())).containsExactly("stamp");
        assertThat(edge.inputs()).isEmpty();
        assertThat(edge.bindings()).isEmpty();
    }

    @Test
    void orderOnlyInputsNeedNoImplicitOnes() {
        Statement.Edge edge = (Statement.Edge) statements("build a: cc b || c\n").getFirst();

        assertThat(edge.implicitInputs()).isEmpty();
        assertThat(texts(edge.orderOnlyInputs())).containsExactly("c");
    }

    @Test
    void poolsDefaultsIncludesSubninjasAndVariablesAreStatementsToo() {
        List<Statement> statements = statements("""
                cflags = -O2 $extra
                pool link
                  depth = 4
                default all $other
                include rules.ninja
                subninja sub/build.ninja
                """);

        assertThat(statements).hasSize(5);
        Statement.Let let = (Statement.Let) statements.get(0);
        assertThat(let.name()).isEqualTo("cflags");
        assertThat(let.value().variables()).containsExactly("extra");
        Statement.Pool pool = (Statement.Pool) statements.get(1);
        assertThat(pool.name()).isEqualTo("link");
        assertThat(pool.depth().value()).isEqualTo(EvalString.literal("4"));
        assertThat(texts(((Statement.Default) statements.get(2)).targets())).containsExactly("all", "$other");
        assertThat(texts(List.of(((Statement.Include) statements.get(3)).file()))).containsExactly("rules.ninja");
        assertThat(texts(List.of(((Statement.Subninja) statements.get(4)).file()))).containsExactly("sub/build.ninja");
    }

    @Test
    void aBlankLineEndsABlockOfBindings() {
        Refusal refusal = refusal("rule cc\n  command = x\n\n  description = y\n");

        assertThat(refusal.at()).isEqualTo(at(4, 1));
        assertThat(refusal).hasMessageStartingWith("unexpected indent");
    }

    @Test
    void aRuleMayBindOnlyNinjasRuleVariables() {
        Refusal refusal = refusal("rule cc\n  command = x\n  flags = -O2\n");

        assertThat(refusal.at()).isEqualTo(at(3, 3));
        assertThat(refusal).hasMessage("unexpected variable 'flags' (a rule may bind only command, depfile, deps,"
                + " description, dyndep, generator, msvc_deps_prefix, pool, restat, rspfile, rspfile_content)");
        assertThat(NinjaParser.RULE_VARIABLES).containsExactlyInAnyOrder("command", "description", "depfile", "deps",
                "msvc_deps_prefix", "generator", "restat", "rspfile", "rspfile_content", "pool", "dyndep");
    }

    @Test
    void aPoolHasOnlyADepth() {
        Refusal refusal = refusal("pool p\n  size = 3\n");

        assertThat(refusal.at()).isEqualTo(at(2, 3));
        assertThat(refusal).hasMessage("unexpected variable 'size' (a pool has only 'depth')");
    }

    @Test
    void aBuildLineWithoutItsColonIsRefusedWhereTheColonShouldBe() {
        Refusal refusal = refusal("build a b\n");

        assertThat(refusal.at()).isEqualTo(at(1, 10));
        assertThat(refusal).hasMessage("expected ':', got newline ($ also escapes ':')");
    }

    @Test
    void aBuildLineWithoutOutputsOrRuleIsRefused() {
        assertThat(refusal("build : cc\n").at()).isEqualTo(at(1, 7));
        assertThat(refusal("build : cc\n")).hasMessage("expected path");
        assertThat(refusal("build a: \n")).hasMessage("expected build command name");
        assertThat(refusal("build a: \n").at()).isEqualTo(at(1, 10));
    }

    @Test
    void aNameWithoutEqualsIsRefusedAsAnUnknownStatement() {
        Refusal refusal = refusal("x = 1\nfoo\n");

        assertThat(refusal.at()).isEqualTo(at(2, 1));
        assertThat(refusal).hasMessage("unknown statement 'foo' (expected '=' after a variable name, got newline;"
                + " statements are build, rule, pool, default, include, subninja and name = value)");
    }

    @Test
    void aStatementStartingWithPunctuationIsRefused() {
        assertThat(refusal(": x\n")).hasMessage("unexpected ':'");
        assertThat(refusal("x = 1\n@x\n").at()).isEqualTo(at(2, 1));
        assertThat(refusal("x = 1\n@x\n")).hasMessageStartingWith("unexpected '@'");
    }

    @Test
    void missingNamesArePointedAt() {
        assertRefused("rule\n", at(1, 5), "expected rule name");
        assertRefused("pool 1a !\n", at(1, 9), "expected newline, got '!'");
        assertRefused("pool\n", at(1, 5), "expected pool name");
        assertRefused("default\n", at(1, 8), "expected target name");
        assertRefused("include\n", at(1, 8), "expected path");
        assertRefused("subninja \n", at(1, 10), "expected path");
        assertRefused("rule cc\n  = x\n", at(2, 3), "expected variable name, got '='");
        assertRefused("rule cc\n  command x\n", at(2, 11), "expected '=', got identifier");
    }

    @Test
    void aNulByteIsRefusedWhereItIs() {
        assertRefused("x = 1\n\0\n", at(2, 1), "a NUL byte in the file");
        assertRefused("x = a\0b\n", at(1, 6), "a NUL byte in the file");
    }

    private static void assertRefused(String text, Position at, String message) {
        Refusal refusal = refusal(text);
        assertThat(refusal.at()).as("where " + text + " is refused").isEqualTo(at);
        assertThat(refusal).hasMessage(message);
    }

    @Test
    void anIndentedBindingStartingWithATabIsRefusedAsATab() {
        Refusal refusal = refusal("build a: cc\n  \tflags = x\n");

        assertThat(refusal.at()).isEqualTo(at(2, 3));
        assertThat(refusal).hasMessage("tabs are not allowed, use spaces");
    }

    @Test
    void bindingsAreStoredAsWrittenInOrder() {
        Statement.Rule rule = (Statement.Rule) statements("rule r\n  command = a\n  description = b\n  depfile = c\n")
                .getFirst();

        assertThat(rule.bindings()).containsExactly(Map.entry("command", EvalString.literal("a")),
                Map.entry("description", EvalString.literal("b")), Map.entry("depfile", EvalString.literal("c")));
    }
}
