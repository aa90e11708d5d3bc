package distbuild.ninja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a ninja file's tokens into {@link Statement}s, one at a time, so that a huge file is
 * never held as a whole list of them. Only the shape is checked here; whether a rule exists, a
 * pool is declared or an output is produced twice is the {@link NinjaReader}'s business.
 */
final class NinjaParser {
    /** The variables a rule may bind (ninja 1.11's {@code Rule::IsReservedBinding}). */
    static final Set<String> RULE_VARIABLES = Set.of("command", "description", "depfile", "deps", "msvc_deps_prefix",
            "generator", "restat", "rspfile", "rspfile_content", "pool", "dyndep");

    private final NinjaLexer lexer;

    NinjaParser(NinjaLexer lexer) {
        this.lexer = lexer;
    }

    /** The next statement, or null at the end of the file; a {@link Refusal} if it is malformed. */
    Statement next() {
        for (;;) {
            Token token = lexer.next();
            switch (token) {
                case Token.Newline newline -> {
                    continue;
                }
                case Token.End end -> {
                    return null;
                }
                case Token.Identifier name -> {
                    return let(name);
                }
                case Token.Rule keyword -> {
                    return rule();
                }
                case Token.Build build -> {
                    return edge(build);
                }
                case Token.Pool keyword -> {
                    return pool();
                }
                case Token.Default defaults -> {
                    return defaults(defaults);
                }
                case Token.Include include -> {
                    return new Statement.Include(includedFile(), include.at());
                }
                case Token.Subninja subninja -> {
                    return new Statement.Subninja(includedFile(), subninja.at());
                }
                case Token.Unexpected unexpected -> throw new Refusal(unexpected.at(), unexpected.message());
                case Token.Stray stray -> throw new Refusal(stray.at(), "unexpected " + stray.shown()
                        + " (a statement starts with a keyword such as 'build' or 'rule', or a variable name)");
                case Token.Indent indent -> throw new Refusal(indent.at(),
                        "unexpected indent (indented lines are the bindings of a rule, build or pool above them)");
                case Token.Colon colon -> throw unexpected(colon);
                case Token.Equals equals -> throw unexpected(equals);
                case Token.Pipe pipe -> throw unexpected(pipe);
                case Token.DoublePipe pipe -> throw unexpected(pipe);
                case Token.PipeAt pipe -> throw unexpected(pipe);
            }
        }
    }

    /** {@code name = value}; a name without {@code =} is most likely a misspelt keyword, and named so. */
    private Statement.Let let(Token.Identifier name) {
        Token token = lexer.next();
        if (token instanceof Token.Unexpected unexpected) {
            throw new Refusal(unexpected.at(), unexpected.message());
        }
        if (!(token instanceof Token.Equals)) {
            throw new Refusal(name.at(), "unknown statement '" + name.name() + "' (expected '=' after a variable name, got "
                    + token.describe() + "; statements are build, rule, pool, default, include, subninja and name = value)");
        }
        return new Statement.Let(name.name(), lexer.readValue(), name.at());
    }

    private Statement.Rule rule() {
        Position at = lexer.here();
        String name = lexer.readIdentifier();
        if (name == null) {
            throw new Refusal(at, "expected rule name");
        }
        expect(Token.Newline.class, "");
        Map<String, EvalString> bindings = new LinkedHashMap<>();
        while (indented()) {
            Statement.Binding binding = binding();
            if (!RULE_VARIABLES.contains(binding.name())) {
                throw new Refusal(binding.at(), "unexpected variable '" + binding.name() + "' (a rule may bind only "
                        + String.join(", ", RULE_VARIABLES.stream().sorted().toList()) + ")");
            }
            bindings.put(binding.name(), binding.value());
        }
        return new Statement.Rule(name, bindings, at);
    }

    private Statement.Pool pool() {
        Position at = lexer.here();
        String name = lexer.readIdentifier();
        if (name == null) {
            throw new Refusal(at, "expected pool name");
        }
        expect(Token.Newline.class, "");
        Statement.Binding depth = null;
        while (indented()) {
            Statement.Binding binding = binding();
            if (!binding.name().equals("depth")) {
                throw new Refusal(binding.at(), "unexpected variable '" + binding.name() + "' (a pool has only 'depth')");
            }
            depth = binding;
        }
        return new Statement.Pool(name, depth, at);
    }

    private Statement.Edge edge(Token.Build keyword) {
        List<Statement.PathText> outputs = paths();
        List<Statement.PathText> implicitOutputs = lexer.peek(Token.Pipe.class) ? paths() : List.of();
        if (outputs.isEmpty() && implicitOutputs.isEmpty()) {
            throw new Refusal(lexer.here(), "expected path");
        }
        expect(Token.Colon.class, " ($ also escapes ':')");
        Position ruleAt = lexer.here();
        String rule = lexer.readIdentifier();
        if (rule == null) {
            throw new Refusal(ruleAt, "expected build command name");
        }
        List<Statement.PathText> inputs = paths();
        List<Statement.PathText> implicitInputs = lexer.peek(Token.Pipe.class) ? paths() : List.of();
        List<Statement.PathText> orderOnlyInputs = lexer.peek(Token.DoublePipe.class) ? paths() : List.of();
        List<Statement.PathText> validations = lexer.peek(Token.PipeAt.class) ? paths() : List.of();
        expect(Token.Newline.class, "");
        List<Statement.Binding> bindings = List.of();
        while (indented()) {
            if (bindings.isEmpty()) {
                bindings = new ArrayList<>(2);
            }
            bindings.add(binding());
        }
        return new Statement.Edge(outputs, implicitOutputs, rule, ruleAt, inputs, implicitInputs, orderOnlyInputs,
                validations, bindings, keyword.at());
    }

    private Statement.Default defaults(Token.Default keyword) {
        List<Statement.PathText> targets = paths();
        if (targets.isEmpty()) {
            throw new Refusal(lexer.here(), "expected target name");
        }
        expect(Token.Newline.class, "");
        return new Statement.Default(targets, keyword.at());
    }

    private Statement.PathText includedFile() {
        Position at = lexer.here();
        EvalString file = lexer.readPath();
        if (file.isEmpty()) {
            throw new Refusal(at, "expected path");
        }
        expect(Token.Newline.class, "");
        return new Statement.PathText(file, at);
    }

    /** Paths up to the next {@code :}, {@code |} or line end. */
    private List<Statement.PathText> paths() {
        List<Statement.PathText> paths = List.of();
        for (;;) {
            Position at = lexer.here();
            EvalString path = lexer.readPath();
            if (path.isEmpty()) {
                return paths;
            }
            if (paths.isEmpty()) {
                paths = new ArrayList<>(2);
            }
            paths.add(new Statement.PathText(path, at));
        }
    }

    /**
     * Whether a binding of the statement above follows. A line indented with a tab is meant as
     * one: it is refused here, rather than ending the statement and leaving it incomplete.
     */
    private boolean indented() {
        if (lexer.peek(Token.Indent.class)) {
            return true;
        }
        if (lexer.atTab()) {
            throw new Refusal(lexer.here(), "tabs are not allowed, use spaces");
        }
        return false;
    }

    /** An indented {@code name = value} line, its indent already read. */
    private Statement.Binding binding() {
        Position at = lexer.here();
        String name = lexer.readIdentifier();
        if (name == null) {
            Token token = lexer.next();
            throw new Refusal(token.at(), token instanceof Token.Unexpected unexpected ? unexpected.message()
                    : "expected variable name, got " + token.describe());
        }
        expect(Token.Equals.class, "");
        return new Statement.Binding(name, lexer.readValue(), at);
    }

    private void expect(Class<? extends Token> kind, String hint) {
        Token token = lexer.next();
        if (!kind.isInstance(token)) {
            if (token instanceof Token.Unexpected unexpected) {
                throw new Refusal(token.at(), unexpected.message());
            }
            throw new Refusal(token.at(), "expected " + describe(kind) + ", got " + token.describe() + hint);
        }
    }

    private static String describe(Class<? extends Token> kind) {
        if (kind == Token.Equals.class) {
            return "'='";
        } else if (kind == Token.Colon.class) {
            return "':'";
        } else if (kind == Token.Newline.class) {
            return "newline";
        }
        throw new IllegalArgumentException(kind.getName());
    }

    private static Refusal unexpected(Token token) {
        return new Refusal(token.at(), "unexpected " + token.describe());
    }
}
