package distbuild.includes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a computed include ({@code #include MACRO}) may name, from the definitions the compile
 * could have seen: every {@code #define} of the macro in the files it reads and on its command
 * line, whatever the conditions around them. Only the simple shapes are followed — a macro
 * defined as {@code "x.h"}, {@code <x.h>} or another such macro; anything else (function-like
 * macros, token pasting, a body of several tokens) is {@link #opaque}, and the caller must
 * over-approximate rather than guess.
 *
 * @param names every header name a definition leads to
 * @param opaque why some definition could not be followed; empty if all could
 */
record MacroExpansion(List<HeaderName> names, List<String> opaque) {
    private static final int MAX_DEPTH = 16;

    MacroExpansion {
        names = List.copyOf(names);
        opaque = List.copyOf(opaque);
    }

    /** Whether no definition of the macro was seen: the directive cannot be one the compiler reaches. */
    boolean isUndefined() {
        return names.isEmpty() && opaque.isEmpty();
    }

    /**
     * Expands {@code text} (a computed include's text) with {@code definitions}, which gives every
     * body a macro was defined with (empty if none).
     */
    static MacroExpansion of(String text, Function<String, List<String>> definitions) {
        List<HeaderName> names = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        expand(text, definitions, names, opaque, new HashSet<>(), 0);
        return new MacroExpansion(names, opaque);
    }

    private static void expand(String text, Function<String, List<String>> definitions, List<HeaderName> names,
            List<String> opaque, Set<String> expanding, int depth) {
        String body = text.strip();
        if (body.length() >= 2 && body.startsWith("\"") && body.endsWith("\"") && body.indexOf('"', 1) == body.length() - 1) {
            names.add(new HeaderName.Quoted(body.substring(1, body.length() - 1)));
            return;
        }
        if (body.length() >= 2 && body.startsWith("<") && body.endsWith(">") && body.indexOf('>') == body.length() - 1) {
            names.add(new HeaderName.Angled(body.substring(1, body.length() - 1)));
            return;
        }
        if (!isIdentifier(body)) {
            opaque.add("'" + body + "' is not a header name or a macro naming one");
            return;
        }
        if (body.equals("__FILE__") || body.equals("__BASE_FILE__") || body.equals("__FILE_NAME__")) {
            // Names a file the compile reads already.
            return;
        }
        if (depth >= MAX_DEPTH || !expanding.add(body)) {
            opaque.add("'" + body + "' expands to itself or nests more than " + MAX_DEPTH + " deep");
            return;
        }
        for (String definition : definitions.apply(body)) {
            if (definition.equals(FileDirectives.OPAQUE) || definition.startsWith("(")) {
                opaque.add("'" + body + "' is defined as something other than a header name or a macro naming one");
            } else {
                expand(definition, definitions, names, opaque, expanding, depth + 1);
            }
        }
        expanding.remove(body);
    }

    private static boolean isIdentifier(String text) {
        if (text.isEmpty() || !(Character.isLetter(text.charAt(0)) || text.charAt(0) == '_' || text.charAt(0) == '$')) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                return false;
            }
        }
        return true;
    }
}
