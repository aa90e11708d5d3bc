package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NinjaLexerTest {
    private static final String FILE = "build.ninja";

    private static List<Token> tokens(String text) {
        NinjaLexer lexer = NinjaLexer.of(FILE, text);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (!(token instanceof Token.End) && !(token instanceof Token.Unexpected));
        return tokens;
    }

    private static Position at(int line, int column) {
        return new Position(FILE, line, column);
    }

    @Test
    void everyTokenCarriesItsFileLineAndColumn() {
        assertThat(tokens("rule cc\n  x = 1\nbuild a: cc |@ v\n"))
                .startsWith(new Token.Rule(at(1, 1)), new Token.Identifier("cc", at(1, 6)), new Token.Newline(at(1, 8)),
                        new Token.Indent(at(2, 1)), new Token.Identifier("x", at(2, 3)), new Token.Equals(at(2, 5)));
        assertThat(tokens(": = | || |@ pool default include subninja build"))
                .containsExactly(new Token.Colon(at(1, 1)), new Token.Equals(at(1, 3)), new Token.Pipe(at(1, 5)),
                        new Token.DoublePipe(at(1, 7)), new Token.PipeAt(at(1, 10)), new Token.Pool(at(1, 13)),
                        new Token.Default(at(1, 18)), new Token.Include(at(1, 26)), new Token.Subninja(at(1, 34)),
                        new Token.Build(at(1, 43)), new Token.End(at(1, 48)));
    }

    @Test
    void wordsThatOnlyStartWithAKeywordAreIdentifiers() {
        assertThat(tokens("builder build.ninja rules\n"))
                .startsWith(new Token.Identifier("builder", at(1, 1)), new Token.Identifier("build.ninja", at(1, 9)),
                        new Token.Identifier("rules", at(1, 21)));
    }

    @Test
    void commentsAndTheirIndentationAreSkipped() {
        assertThat(tokens("# top\n  # indented\nx\n")).containsExactly(new Token.Identifier("x", at(3, 1)),
                new Token.Newline(at(3, 2)), new Token.End(at(4, 1)));
    }

    @Test
    void aLineOfSpacesIsANewlineNotAnIndent() {
        assertThat(tokens("   \n  x\n")).startsWith(new Token.Newline(at(1, 4)), new Token.Indent(at(2, 1)));
    }

    @Test
    void crlfEndsALineLikeLf() {
        assertThat(tokens("a\r\nb\r\n")).containsExactly(new Token.Identifier("a", at(1, 1)), new Token.Newline(at(1, 2)),
                new Token.Identifier("b", at(2, 1)), new Token.Newline(at(2, 2)), new Token.End(at(3, 1)));
    }

    @Test
    void tabsAreRefusedWhereATokenShouldBe() {
        assertThat(tokens("rule cc\n\tcommand = x\n"))
                .contains(new Token.Unexpected("tabs are not allowed, use spaces", at(2, 1)));
    }

    @Test
    void aCommentOnTheLastLineNeedsANewline() {
        assertThat(tokens("x = 1\n# no newline").getLast())
                .isEqualTo(new Token.Unexpected("the comment on the file's last line needs a newline after it", at(2, 1)));
    }

    @Test
    void pathsEndAtSpacesColonsPipesAndLineEnds() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "out1 out2: cc in|x\n");
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("out1"));
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("out2"));
        assertThat(lexer.readPath().isEmpty()).isTrue();
        assertThat(lexer.next()).isEqualTo(new Token.Colon(at(1, 10)));
        assertThat(lexer.readIdentifier()).isEqualTo("cc");
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("in"));
        assertThat(lexer.next()).isEqualTo(new Token.Pipe(at(1, 17)));
    }

    @Test
    void valuesRunToTheEndOfTheLineWithSpacesColonsPipesAndTabs() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "a: b | c\td  \nnext\n");
        assertThat(lexer.readValue()).isEqualTo(EvalString.literal("a: b | c\td  "));
        assertThat(lexer.next()).isEqualTo(new Token.Identifier("next", at(2, 1)));
    }

    @Test
    void escapesAreResolvedAndVariablesKeptForLater() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "$$ $  $: ${a.b} $a.b $a-b_c$ x\n");
        assertThat(lexer.readValue().pieces()).containsExactly(new EvalString.Text("$   : "),
                new EvalString.Variable("a.b"), new EvalString.Text(" "), new EvalString.Variable("a"),
                new EvalString.Text(".b "), new EvalString.Variable("a-b_c"), new EvalString.Text(" x"));
    }

    @Test
    void escapedSpacesAndColonsStayInAPath() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "my$ file c$:/x next\n");
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("my file"));
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("c:/x"));
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("next"));
    }

    @Test
    void dollarNewlineContinuesTheLineSkippingTheNextLinesIndentation() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "x = one$\n    two$\r\n  three\nafter\n");
        assertThat(lexer.next()).isEqualTo(new Token.Identifier("x", at(1, 1)));
        assertThat(lexer.next()).isEqualTo(new Token.Equals(at(1, 3)));
        assertThat(lexer.readValue()).isEqualTo(EvalString.literal("onetwothree"));
        assertThat(lexer.next()).isEqualTo(new Token.Identifier("after", at(4, 1)));
    }

    @Test
    void dollarNewlineContinuesBetweenPaths() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "a $\n    b\n");
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("a"));
        assertThat(lexer.here()).isEqualTo(at(2, 5));
        assertThat(lexer.readPath()).isEqualTo(EvalString.literal("b"));
    }

    @Test
    void aBadEscapeIsRefusedAtItsDollar() {
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> value(NinjaLexer.of(FILE, "x = a$!b\n")));
        assertThat(refusal.at()).isEqualTo(at(1, 6));
        assertThat(refusal).hasMessage("bad $-escape (literal $ must be written as $$)");
    }

    @Test
    void anUnterminatedBraceIsRefused() {
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> value(NinjaLexer.of(FILE, "x = ${abc\n")));
        assertThat(refusal.at()).isEqualTo(at(1, 5));
        assertThat(refusal).hasMessageContaining("'${' needs a variable name");
    }

    @Test
    void aValueWithoutItsNewlineAtTheEndOfTheFileIsRefused() {
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> value(NinjaLexer.of(FILE, "x = 1")));
        assertThat(refusal.at()).isEqualTo(at(1, 6));
        assertThat(refusal).hasMessage("unexpected end of file (the last line needs a newline)");
    }

    @Test
    void aCarriageReturnWithoutNewlineIsRefused() {
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> value(NinjaLexer.of(FILE, "x = a\rb\n")));
        assertThat(refusal.at()).isEqualTo(at(1, 6));
    }

    @Test
    void nonAsciiPathsAreDecodedAsUtf8() {
        assertThat(NinjaLexer.of(FILE, "größe.o\n").readPath()).isEqualTo(EvalString.literal("größe.o"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] text = {'x', ' ', '=', ' ', (byte) 0xff, '\n', 0};
        NinjaLexer lexer = new NinjaLexer(FILE, text, text.length - 1);
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> value(lexer));
        assertThat(refusal).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void theLineOfAPositionIsKeptForMessages() {
        NinjaLexer lexer = NinjaLexer.of(FILE, "first\r\nsecond\nthird\n");
        tokens(lexer, 5);
        assertThat(lexer.lineText(1)).isEqualTo("first");
        assertThat(lexer.lineText(2)).isEqualTo("second");
        assertThat(lexer.lineText(3)).isEqualTo("third");
    }

    /** The value of the {@code name = value} line the lexer starts with. */
    private static EvalString value(NinjaLexer lexer) {
        assertThat(lexer.next()).isInstanceOf(Token.Identifier.class);
        assertThat(lexer.next()).isInstanceOf(Token.Equals.class);
        return lexer.readValue();
    }

    private static void tokens(NinjaLexer lexer, int count) {
        for (int i = 0; i < count; i++) {
            lexer.next();
        }
    }
}
