package distbuild.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The subset of Go's {@code text/template} a command may use: {@code {{.SourceDir}}},
 * {@code {{.OutputDir}}} and {@code {{index .Deps "<40-hex job id>"}}}, with the text around
 * them kept verbatim. Anything else is an error naming the template, never an empty string,
 * because a silently wrong path in a command is far harder to debug than a refused build.
 */
public final class Template {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private sealed interface Part {}

    private record Text(String text) implements Part {}

    private record SourceDir() implements Part {}

    private record OutputDir() implements Part {}

    private record Dep(Id id) implements Part {}

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses a template, checking its syntax only. */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        int position = 0;
        while (position < source.length()) {
            int open = source.indexOf(OPEN, position);
            if (open < 0) {
                parts.add(new Text(source.substring(position)));
                break;
            }
            if (open > position) {
                parts.add(new Text(source.substring(position, open)));
            }
            int close = source.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new TemplateException("template " + quote(source) + ": unterminated action starting at "
                        + quote(abbreviate(source.substring(open))) + " (missing \"}}\")");
            }
            parts.add(parseAction(source, source.substring(open, close + CLOSE.length())));
            position = close + CLOSE.length();
        }
        return new Template(source, List.copyOf(parts));
    }

    /**
     * {@code text} as a template that renders to exactly it: each {@code {{} written as Go's raw
     * string action, which a worker of the reference design renders the same way.
     */
    public static String literal(String text) {
        return text.contains(OPEN) ? text.replace(OPEN, "{{`{{`}}") : text;
    }

    /** Parses and renders {@code source} in one step. */
    public static String render(String source, TemplateContext context) {
        if (!source.contains(OPEN)) {
            return source;
        }
        return parse(source).render(context);
    }

    /** The text with every action replaced by the path it names. */
    public String render(TemplateContext context) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (Part part : parts) {
            switch (part) {
                case Text text -> out.append(text.text());
                case SourceDir ignored -> out.append(context.sourceDir());
                case OutputDir ignored -> out.append(context.outputDir());
                case Dep dep -> {
                    var path = context.deps().get(dep.id());
                    if (path == null) {
                        throw notADep(dep.id());
                    }
                    out.append(path);
                }
            }
        }
        return out.toString();
    }

    /** The job IDs this template reads through {@code index .Deps}. */
    public Set<Id> referencedDeps() {
        Set<Id> deps = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Dep dep) {
                deps.add(dep.id());
            }
        }
        return deps;
    }

    /** The error for a template reading a dep that the job does not list in its Deps. */
    public TemplateException notADep(Id dep) {
        return new TemplateException("template " + quote(source) + ": {{index .Deps \"" + dep.hex()
                + "\"}} refers to a job that is not in this job's Deps");
    }

    @Override
    public String toString() {
        return source;
    }

    private static Part parseAction(String source, String action) {
        String body = action.substring(OPEN.length(), action.length() - CLOSE.length()).strip();
        switch (body) {
            case ".SourceDir" -> {
                return new SourceDir();
            }
            case ".OutputDir" -> {
                return new OutputDir();
            }
            default -> {
                // A raw string constant prints itself, as in Go: how a literal "{{" is written.
                if (body.length() >= 2 && body.charAt(0) == '`' && body.charAt(body.length() - 1) == '`'
                        && body.indexOf('`', 1) == body.length() - 1) {
                    return new Text(body.substring(1, body.length() - 1));
                }
                // The only other form is: index .Deps "<id>" (any whitespace between words).
                String[] words = body.split("\\s+");
                if (words.length == 3 && words[0].equals("index") && words[1].equals(".Deps")) {
                    String literal = words[2];
                    if (literal.length() >= 2 && isQuote(literal.charAt(0))
                            && literal.charAt(literal.length() - 1) == literal.charAt(0)) {
                        String hex = literal.substring(1, literal.length() - 1);
                        try {
                            return new Dep(Id.parse(hex));
                        } catch (InvalidIdException e) {
                            throw new TemplateException("template " + quote(source) + ": " + action + " : "
                                    + e.getMessage());
                        }
                    }
                }
                throw new TemplateException("template " + quote(source) + ": unsupported action " + action
                        + "; a command may use only {{.SourceDir}}, {{.OutputDir}} and"
                        + " {{index .Deps \"<job id>\"}}");
            }
        }
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '`';
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
