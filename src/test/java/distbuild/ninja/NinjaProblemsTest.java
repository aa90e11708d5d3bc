package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal names its file, line and column, shows the line, and says what is wrong. */
class NinjaProblemsTest {
    private static final String RULE = "rule cc\n  command = cc $in -o $out\n";

    @TempDir
    Path tmp;

    private BuildDir dir;

    @BeforeEach
    void dir() {
        dir = new BuildDir(tmp);
    }

    private static Position at(int line, int column) {
        return new Position("build.ninja", line, column);
    }

    @Test
    void aProblemReadsFileLineColumnMessageThenTheLineWithACaret() {
        NinjaProblem problem = dir.problem(RULE + "build a.o: cx a.c\n");

        assertThat(problem.at()).isEqualTo(at(3, 12));
        assertThat(problem.message()).isEqualTo("unknown build rule 'cx'");
        assertThat(problem.line()).isEqualTo("build a.o: cx a.c");
        assertThat(problem).hasToString("""
                build.ninja:3:12: unknown build rule 'cx'
                build a.o: cx a.c
                           ^""");
    }

    @Test
    void aProblemInAnIncludedFileNamesTheIncludeChain() {
        dir.file("rules.ninja", "rule cc\n  command = cc\n  flags = x\n");
        dir.file("sub/build.ninja", "\ninclude rules.ninja\n");
        NinjaProblem problem = dir.problem("# top\nsubninja sub/build.ninja\n");

        assertThat(problem.at()).isEqualTo(new Position("rules.ninja", 3, 3));
        assertThat(problem.includedFrom()).containsExactly(new Position("sub/build.ninja", 2, 1), at(2, 1));
        assertThat(problem.toString()).endsWith("\n  flags = x\n  ^\n  included from sub/build.ninja:2\n  included from build.ninja:2");
    }

    @Test
    void aLongLineIsShownAroundTheColumn() {
        String inputs = "x".repeat(300);
        NinjaProblem problem = dir.problem(RULE + "build a.o: cc " + inputs + " $!\n");

        String[] lines = problem.toString().split("\n");
        assertThat(lines[1]).startsWith("...").endsWith("$!").hasSizeLessThan(130);
        assertThat(lines[2].indexOf('^')).isEqualTo(lines[1].indexOf("$!"));
    }

    @Test
    void theCaretCountsCharactersOnALineWithNonAsciiText() {
        NinjaProblem problem = dir.problem(RULE + "build größe.o: cx a.c\n");

        assertThat(problem.toString().split("\n")[2]).isEqualTo("               ^");
    }

    @Test
    void everyProblemOfAFileIsReportedInOneGo() {
        List<NinjaProblem> problems = dir.file("build.ninja", RULE + """
                build a.o: cx a.c
                build b.o c.o
                  x = 1
                build d.o: cc $!
                pool p
                  depth = -1
                build e.o: cc e.c
                """).problems();

        assertThat(problems).extracting(NinjaProblem::at).containsExactly(at(3, 12), at(4, 14), at(6, 15), at(8, 3));
        assertThat(problems.getLast().message()).isEqualTo("invalid pool depth -1: it cannot be negative");
    }

    @Test
    void anUnknownRule() {
        NinjaProblem problem = dir.problem("build a: nothing\n");

        assertThat(problem.at()).isEqualTo(at(1, 10));
        assertThat(problem.message()).isEqualTo("unknown build rule 'nothing'");
    }

    @Test
    void aRuleDeclaredTwiceInOneScope() {
        NinjaProblem problem = dir.problem(RULE + RULE);

        assertThat(problem.at()).isEqualTo(at(3, 6));
        assertThat(problem.message()).isEqualTo("duplicate rule 'cc' (declared first at build.ninja:1:6)");
    }

    @Test
    void aRuleMayBeDeclaredAgainInASubninja() {
        dir.file("sub.ninja", RULE + "build b: cc\n");

        assertThat(dir.graph(RULE + "subninja sub.ninja\n").edges()).hasSize(1);
    }

    @Test
    void aRuleNamedPhony() {
        NinjaProblem problem = dir.problem("rule phony\n  command = x\n");

        assertThat(problem.at()).isEqualTo(at(1, 6));
        assertThat(problem.message()).isEqualTo("duplicate rule 'phony': phony is built in");
    }

    @Test
    void aRuleWithoutCommand() {
        NinjaProblem problem = dir.problem("rule cc\n  description = CC\n");

        assertThat(problem.at()).isEqualTo(at(1, 6));
        assertThat(problem.message()).isEqualTo("expected 'command =' line in rule 'cc'");
        assertThat(dir.problem("rule cc\n  command =\n").message()).isEqualTo("expected 'command =' line in rule 'cc'");
    }

    @Test
    void anRspfileWithoutItsContent() {
        NinjaProblem problem = dir.problem("rule link\n  command = ld\n  rspfile = $out.rsp\n");

        assertThat(problem.at()).isEqualTo(at(1, 6));
        assertThat(problem.message()).isEqualTo("rspfile and rspfile_content need to be both specified (rule 'link')");
    }

    @Test
    void aVariableNoRuleMayBind() {
        NinjaProblem problem = dir.problem("rule cc\n  command = cc\n  cflags = -O2\n");

        assertThat(problem.at()).isEqualTo(at(3, 3));
        assertThat(problem.message()).startsWith("unexpected variable 'cflags' (a rule may bind only command, ");
    }

    @Test
    void anUnknownPool() {
        NinjaProblem fromRule = dir.problem("rule cc\n  command = cc\n  pool = nope\nbuild a: cc\n");
        assertThat(fromRule.at()).isEqualTo(at(4, 10));
        assertThat(fromRule.message()).isEqualTo("unknown pool name 'nope' (a pool must be declared before edges use it)");

        NinjaProblem fromEdge = dir.problem(RULE + "build a: cc\n  pool = nope\n");
        assertThat(fromEdge.at()).isEqualTo(at(4, 3));
    }

    @Test
    void aPoolUsedBeforeItIsDeclared() {
        NinjaProblem problem = dir.problem(RULE + "build a: cc\n  pool = later\npool later\n  depth = 1\n");

        assertThat(problem.message()).startsWith("unknown pool name 'later'");
    }

    @Test
    void aPoolDeclaredTwiceOrNamedConsole() {
        NinjaProblem twice = dir.problem("pool p\n  depth = 1\npool p\n  depth = 2\n");
        assertThat(twice.at()).isEqualTo(at(3, 6));
        assertThat(twice.message()).isEqualTo("duplicate pool 'p'");

        assertThat(dir.problem("pool console\n  depth = 2\n").message()).isEqualTo("duplicate pool 'console'");
    }

    @Test
    void aPoolWithABadOrMissingDepth() {
        NinjaProblem negative = dir.problem("pool p\n  depth = -1\n");
        assertThat(negative.at()).isEqualTo(at(2, 3));
        assertThat(negative.message()).isEqualTo("invalid pool depth -1: it cannot be negative");

        NinjaProblem word = dir.problem("pool p\n  depth = four\n");
        assertThat(word.at()).isEqualTo(at(2, 3));
        assertThat(word.message()).isEqualTo("invalid pool depth 'four': not a whole number");

        NinjaProblem missing = dir.problem("pool p\n");
        assertThat(missing.at()).isEqualTo(at(1, 6));
        assertThat(missing.message()).isEqualTo("expected 'depth =' line in pool 'p'");
    }

    @Test
    void twoEdgesProducingOneOutput() {
        NinjaProblem problem = dir.problem(RULE + "build a.o: cc a.c\nbuild ./a.o: cc b.c\n");

        assertThat(problem.at()).isEqualTo(at(4, 7));
        assertThat(problem.message()).isEqualTo("multiple rules generate a.o (the first is the build statement at build.ninja:3:1)");
    }

    @Test
    void anOutputListedTwiceInOneEdge() {
        NinjaProblem problem = dir.problem(RULE + "build a.o | a.o: cc a.c\n");

        assertThat(problem.at()).isEqualTo(at(3, 13));
        assertThat(problem.message()).isEqualTo("a.o is an output of this build statement twice");
    }

    @Test
    void anOutputOfARefusedEdgeIsNotClaimedByIt() {
        List<NinjaProblem> problems = dir.file("build.ninja", RULE + """
                build a.o b.o: cc a.c
                  dyndep = a.dd
                build a.o: cc a.c
                build b.o: cc b.c
                """).problems();

        assertThat(problems).extracting(NinjaProblem::message).singleElement().asString()
                .startsWith("dyndep is not supported");
    }

    @Test
    void aMisspeltKeyword() {
        NinjaProblem problem = dir.problem(RULE + "biuld a: cc\n");

        assertThat(problem.at()).isEqualTo(at(3, 1));
        assertThat(problem.message()).isEqualTo("unknown statement 'biuld' (expected '=' after a variable name, got"
                + " identifier; statements are build, rule, pool, default, include, subninja and name = value)");
    }

    @Test
    void aBuildLineWithoutColon() {
        NinjaProblem problem = dir.problem(RULE + "build a.o cc a.c\n");

        assertThat(problem.at()).isEqualTo(at(3, 17));
        assertThat(problem.message()).isEqualTo("expected ':', got newline ($ also escapes ':')");
    }

    @Test
    void anIndentedLineWithNothingAbove() {
        NinjaProblem problem = dir.problem("  x = 1\n");

        assertThat(problem.at()).isEqualTo(at(1, 1));
        assertThat(problem.message()).startsWith("unexpected indent");
    }

    @Test
    void aTab() {
        NinjaProblem problem = dir.problem("rule cc\n\tcommand = cc\n");

        assertThat(problem.at()).isEqualTo(at(2, 1));
        assertThat(problem.message()).isEqualTo("tabs are not allowed, use spaces");
    }

    @Test
    void anUnterminatedBraceVariable() {
        NinjaProblem problem = dir.problem("x = ${name\n");

        assertThat(problem.at()).isEqualTo(at(1, 5));
        assertThat(problem.message()).isEqualTo("bad $-escape: '${' needs a variable name ([a-zA-Z0-9_.-]) and '}' after it");
    }

    @Test
    void aBadDollarEscape() {
        NinjaProblem problem = dir.problem("x = 100$%\n");

        assertThat(problem.at()).isEqualTo(at(1, 8));
        assertThat(problem.message()).isEqualTo("bad $-escape (literal $ must be written as $$)");
    }

    @Test
    void anEmptyPath() {
        NinjaProblem problem = dir.problem(RULE + "build $nothing: cc\n");

        assertThat(problem.at()).isEqualTo(at(3, 7));
        assertThat(problem.message()).isEqualTo("empty path (its variables are all empty here)");
    }

    @Test
    void aMissingIncludeIsNamed() {
        NinjaProblem problem = dir.problem("x = 1\ninclude rules/$x.ninja\n");

        assertThat(problem.at()).isEqualTo(at(2, 1));
        assertThat(problem.message()).isEqualTo("loading 'rules/1.ninja': no such file (paths are relative to the build"
                + " directory " + tmp + ")");
        assertThat(problem.line()).isEqualTo("include rules/$x.ninja");
    }

    @Test
    void aMissingBuildNinja() {
        List<NinjaProblem> problems = dir.problems();

        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst().at()).isEqualTo(Position.wholeFile("build.ninja"));
        assertThat(problems.getFirst().toString()).startsWith("build.ninja: loading 'build.ninja': no such file");
    }

    @Test
    void aFileThatIncludesItself() {
        dir.file("a.ninja", "include build.ninja\n");
        NinjaProblem problem = dir.problem("include a.ninja\n");

        assertThat(problem.at()).isEqualTo(new Position("a.ninja", 1, 1));
        assertThat(problem.message()).isEqualTo("include cycle: build.ninja -> a.ninja -> build.ninja");
    }

    @Test
    void dyndepIsNotSupported() {
        NinjaProblem problem = dir.problem("""
                rule fc
                  command = fc $in
                  dyndep = $in.dd
                build a.mod: fc a.f90 | a.f90.dd
                """);

        assertThat(problem.at()).isEqualTo(at(4, 14));
        assertThat(problem.message()).startsWith("dyndep is not supported (this edge's dyndep file is 'a.f90.dd')");
    }

    @Test
    void anUnknownDepsStyle() {
        NinjaProblem problem = dir.problem("rule cc\n  command = cc\n  deps = clang\nbuild a.o: cc\n");

        assertThat(problem.at()).isEqualTo(at(4, 1));
        assertThat(problem.message()).isEqualTo("unknown deps type 'clang' (ninja knows gcc and msvc)");
        assertThat(problem.line()).isEqualTo("build a.o: cc");
    }

    @Test
    void ruleVariablesThatReferToEachOther() {
        NinjaProblem problem = dir.problem("""
                rule r
                  command = run $description
                  description = $command
                build a: r
                """);

        assertThat(problem.at()).isEqualTo(at(4, 1));
        assertThat(problem.message()).isIn("cycle in rule variables: command -> description -> command",
                "cycle in rule variables: description -> command -> description");
    }

    @Test
    void anEdgeBindingBreaksACycleOfRuleVariables() {
        NinjaGraph graph = dir.graph("""
                rule r
                  command = run $description
                  description = $command
                build a: r
                  description = mine
                """);

        assertThat(graph.edges().getFirst().command()).isEqualTo("run mine");
    }

    @Test
    void aDependencyCycleIsNamedPathByPath() {
        NinjaProblem problem = dir.problem(RULE + "build a: cc b\nbuild b: cc c\nbuild c: cc a\n");

        assertThat(problem.at()).isEqualTo(at(3, 1));
        assertThat(problem.message()).isEqualTo("dependency cycle: a -> b -> c -> a");
        assertThat(problem.line()).isEqualTo("build a: cc b");
    }

    @Test
    void aPhonyEdgeNamingItselfIsACycle() {
        NinjaProblem problem = dir.problem("build all: phony all\n");

        assertThat(problem.message()).isEqualTo("dependency cycle: all -> all");
    }

    @Test
    void aDependencyCycleThroughAnOrderOnlyInput() {
        NinjaProblem problem = dir.problem(RULE + "build a: cc || b\nbuild b: cc | a\n");

        assertThat(problem.message()).isEqualTo("dependency cycle: a -> b -> a");
    }

    @Test
    void aDefaultNamingAnUnknownTarget() {
        NinjaProblem problem = dir.problem(RULE + "build a: cc\ndefault a b\n");

        assertThat(problem.at()).isEqualTo(at(4, 11));
        assertThat(problem.message()).isEqualTo("unknown target 'b' (default must name a path that a build statement"
                + " above it mentions)");
    }

    @Test
    void aDefaultBeforeItsBuildStatement() {
        NinjaProblem problem = dir.problem(RULE + "default a\nbuild a: cc\n");

        assertThat(problem.at()).isEqualTo(at(3, 9));
    }

    @Test
    void aNewerRequiredVersion() {
        NinjaProblem minor = dir.problem("ninja_required_version = 1.12\n");
        assertThat(minor.at()).isEqualTo(at(1, 1));
        assertThat(minor.message()).isEqualTo("ninja_required_version 1.12 is newer than ninja 1.11, whose files"
                + " distbuild reads; generate the build files for ninja 1.11");

        assertThat(dir.problem("ninja_required_version = 2.0\n").message()).startsWith("ninja_required_version 2.0 is newer");
        assertThat(dir.graph("ninja_required_version = 1.11.1\n").edges()).isEmpty();
    }

    @Test
    void aFileWithoutItsLastNewline() {
        NinjaProblem problem = dir.problem(RULE + "build a: cc");

        assertThat(problem.at()).isEqualTo(at(3, 12));
        assertThat(problem.message()).isEqualTo("unexpected end of file (the last line needs a newline)");
    }
}
