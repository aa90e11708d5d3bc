package distbuild.ninja;

/**
 * What the lexer hands the parser where a statement starts and between the parts of a
 * statement. Paths and values are not tokens: the parser asks the lexer to read one where the
 * grammar expects it, as ninja's parser does, since what ends one depends on where it is.
 */
sealed interface Token {
    Position at();

    record Build(Position at) implements Token {}

    record Rule(Position at) implements Token {}

    record Pool(Position at) implements Token {}

    record Default(Position at) implements Token {}

    record Include(Position at) implements Token {}

    record Subninja(Position at) implements Token {}

    /** A variable, rule or pool name: {@code [a-zA-Z0-9_.-]+}. */
    record Identifier(String name, Position at) implements Token {}

    record Colon(Position at) implements Token {}

    record Equals(Position at) implements Token {}

    record Pipe(Position at) implements Token {}

    record DoublePipe(Position at) implements Token {}

    record PipeAt(Position at) implements Token {}

    /** Spaces starting a line that has something on it: a binding of the statement above. */
    record Indent(Position at) implements Token {}

    record Newline(Position at) implements Token {}

    record End(Position at) implements Token {}

    /** A character that has no place here, such as {@code @}; {@code shown} names it: {@code '@'}. */
    record Stray(String shown, Position at) implements Token {}

    /** Something the lexer refuses wherever it is (a tab, a NUL byte); {@code message} says what. */
    record Unexpected(String message, Position at) implements Token {}

    /** How ninja names a token in "expected X, got Y". */
    default String describe() {
        return switch (this) {
            case Build b -> "'build'";
            case Rule r -> "'rule'";
            case Pool p -> "'pool'";
            case Default d -> "'default'";
            case Include i -> "'include'";
            case Subninja s -> "'subninja'";
            case Identifier i -> "identifier";
            case Colon c -> "':'";
            case Equals e -> "'='";
            case Pipe p -> "'|'";
            case DoublePipe p -> "'||'";
            case PipeAt p -> "'|@'";
            case Indent i -> "indent";
            case Newline n -> "newline";
            case End e -> "end of file";
            case Stray s -> s.shown();
            case Unexpected u -> u.message();
        };
    }
}
