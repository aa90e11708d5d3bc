package distbuild.includes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a file's lookup directives as the preprocessor's first phases would see them, ignoring
 * every condition: a directive under {@code #if 0} counts, since a superset of what the compiler
 * reads is safe and a subset is not.
 *
 * <p>Lines are spliced first ({@code \} before a newline, spaces allowed between as gcc allows
 * them); comments are spaces, and one spanning lines keeps the line it started on (so
 * {@code /* ... *&#47; #include "x.h"} is a directive when the comment starts a line); string,
 * character and raw string literals are skipped so that a {@code /*} or a {@code #} inside one
 * starts nothing. A directive is {@code #} or {@code %:} first on a line, then any spaces.
 * Works on bytes: header names are decoded as UTF-8.
 */
final class DirectiveParser {
    private final byte[] text;
    private final int length;
    /** Output offsets where a spliced newline was removed: each one is a line of the original. */
    private final int[] splices;
    private final List<IncludeDirective> includes = new ArrayList<>();
    private final Map<String, List<String>> defines = new HashMap<>();
    private int countedTo;
    private int countedLines = 1;
    private int countedSplices;

    private DirectiveParser(byte[] text, int length, int[] splices) {
        this.text = text;
        this.length = length;
        this.splices = splices;
    }

    static FileDirectives parse(byte[] content) {
        DirectiveParser parser = spliced(content);
        parser.run();
        if (parser.includes.isEmpty() && parser.defines.isEmpty()) {
            return FileDirectives.NONE;
        }
        Map<String, List<String>> defines = new HashMap<>();
        parser.defines.forEach((name, bodies) -> defines.put(name, List.copyOf(bodies)));
        return new FileDirectives(parser.includes, defines);
    }

    /** Removes backslash-newlines (phase 2), remembering where, so lines can still be counted. */
    private static DirectiveParser spliced(byte[] content) {
        int first = firstSplice(content, 0);
        if (first < 0) {
            return new DirectiveParser(content, content.length, new int[0]);
        }
        byte[] out = new byte[content.length];
        List<Integer> at = new ArrayList<>();
        int written = 0;
        int read = 0;
        while (read < content.length) {
            int splice = firstSplice(content, read);
            int end = splice < 0 ? content.length : splice;
            System.arraycopy(content, read, out, written, end - read);
            written += end - read;
            if (splice < 0) {
                break;
            }
            at.add(written);
            read = spliceEnd(content, splice);
        }
        return new DirectiveParser(out, written, at.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The offset of the next backslash that, with spaces after it, ends a line; -1 if none. */
    private static int firstSplice(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == '\\' && spliceEnd(content, i) > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Where the text goes on after the splice starting at {@code backslash}; -1 if it is not one. */
    private static int spliceEnd(byte[] content, int backslash) {
        int i = backslash + 1;
        while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\f')) {
            i++;
        }
        if (i < content.length && content[i] == '\r') {
            i++;
        }
        return i < content.length && content[i] == '\n' ? i + 1 : -1;
    }

    private void run() {
        boolean lineStart = true;
        int i = 0;
        while (i < length) {
            byte c = text[i];
            if (c == '\n') {
                lineStart = true;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                i++;
            } else if (c == '/' && i + 1 < length && text[i + 1] == '/') {
                i = lineEnd(i);
            } else if (c == '/' && i + 1 < length && text[i + 1] == '*') {
                i = commentEnd(i);
            } else if (lineStart && c == '#') {
                i = directive(i, i + 1);
                lineStart = false;
            } else if (lineStart && c == '%' && i + 1 < length && text[i + 1] == ':') {
                i = directive(i, i + 2);
                lineStart = false;
            } else {
                lineStart = false;
                i = token(i);
            }
        }
    }

    /** Skips one token of ordinary text, literals whole. */
    private int token(int i) {
        byte c = text[i];
        if (c == '"' || c == '\'') {
            return literalEnd(i);
        }
        if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(text[i + 1]))) {
            return numberEnd(i);
        }
        if (isIdentifierStart(c)) {
            int end = identifierEnd(i);
            if (end < length && text[end] == '"' && isRawPrefix(i, end)) {
                return rawStringEnd(end);
            }
            return end;
        }
        return i + 1;
    }

    private int directive(int hash, int i) {
        i = spaceEnd(i);
        int nameEnd = identifierEnd(i);
        String name = new String(text, i, nameEnd - i, StandardCharsets.ISO_8859_1);
        IncludeDirective.Kind kind = switch (name) {
            case "include" -> IncludeDirective.Kind.INCLUDE;
            case "include_next" -> IncludeDirective.Kind.INCLUDE_NEXT;
            case "import" -> IncludeDirective.Kind.IMPORT;
            case "embed" -> IncludeDirective.Kind.EMBED;
            default -> null;
        };
        if (kind != null) {
            return include(kind, hash, spaceEnd(nameEnd));
        }
        int end = directiveEnd(nameEnd);
        switch (name) {
            case "define" -> define(hash, nameEnd, end);
            case "pragma" -> pragma(hash, nameEnd, end);
            case "if", "elif" -> hasIncludes(hash, logicalText(nameEnd, end));
            default -> {
                // #ifdef, #undef, #line, #error, unknown directives: nothing is looked up.
            }
        }
        return end;
    }

    private int include(IncludeDirective.Kind kind, int hash, int i) {
        if (i < length && (text[i] == '"' || text[i] == '<')) {
            // A header name is not a literal: no escapes, and "//" or "/*" in it start no comment.
            byte close = text[i] == '"' ? (byte) '"' : (byte) '>';
            int nameEnd = i + 1;
            while (nameEnd < length && text[nameEnd] != close && text[nameEnd] != '\n') {
                nameEnd++;
            }
            if (nameEnd < length && text[nameEnd] == close) {
                String file = new String(text, i + 1, nameEnd - i - 1, StandardCharsets.UTF_8);
                HeaderName target = close == '"' ? new HeaderName.Quoted(file) : new HeaderName.Angled(file);
                includes.add(new IncludeDirective(kind, target, lineAt(hash)));
                return directiveEnd(nameEnd + 1);
            }
        }
        int end = directiveEnd(i);
        String computed = logicalText(i, end).strip();
        if (!computed.isEmpty()) {
            includes.add(new IncludeDirective(kind, new HeaderName.Computed(computed), lineAt(hash)));
        }
        return end;
    }

    private void define(int hash, int i, int end) {
        i = spaceEnd(i);
        int nameEnd = identifierEnd(i);
        if (nameEnd == i) {
            return;
        }
        String name = new String(text, i, nameEnd - i, StandardCharsets.ISO_8859_1);
        String body = logicalText(nameEnd, end);
        if (nameEnd < end && text[nameEnd] == '(') {
            defines.computeIfAbsent(name, key -> new ArrayList<>(1)).add(FileDirectives.OPAQUE);
        } else {
            String kept = body.strip();
            defines.computeIfAbsent(name, key -> new ArrayList<>(1)).add(canNameHeader(kept) ? kept : FileDirectives.OPAQUE);
        }
        // gcc lets a macro hide __has_include for a later #if.
        hasIncludes(hash, body);
    }

    private void pragma(int hash, int i, int end) {
        String[] words = logicalText(i, end).strip().split("\\s+", 3);
        if (words.length == 3 && words[0].equals("GCC") && words[1].equals("dependency")) {
            String rest = words[2];
            char close = rest.startsWith("\"") ? '"' : rest.startsWith("<") ? '>' : 0;
            int closing = close == 0 ? -1 : rest.indexOf(close, 1);
            if (closing > 0) {
                String file = rest.substring(1, closing);
                HeaderName target = close == '"' ? new HeaderName.Quoted(file) : new HeaderName.Angled(file);
                includes.add(new IncludeDirective(IncludeDirective.Kind.DEPENDENCY, target, lineAt(hash)));
            }
        }
    }

    /** Records every {@code __has_include(...)} and {@code __has_include_next(...)} in a directive's text. */
    private void hasIncludes(int hash, String line) {
        int from = 0;
        while (true) {
            int at = line.indexOf("__has_", from);
            if (at < 0) {
                return;
            }
            int nameEnd = at;
            while (nameEnd < line.length() && isIdentifierPart(line.charAt(nameEnd))) {
                nameEnd++;
            }
            from = nameEnd;
            if (at > 0 && isIdentifierPart(line.charAt(at - 1))) {
                continue;
            }
            IncludeDirective.Kind kind = switch (line.substring(at, nameEnd)) {
                case "__has_include", "__has_include__", "__has_embed" -> IncludeDirective.Kind.HAS_INCLUDE;
                case "__has_include_next", "__has_include_next__" -> IncludeDirective.Kind.HAS_INCLUDE_NEXT;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            int open = nameEnd;
            while (open < line.length() && line.charAt(open) == ' ') {
                open++;
            }
            if (open >= line.length() || line.charAt(open) != '(') {
                continue;
            }
            int start = open + 1;
            while (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            HeaderName target = null;
            char first = start < line.length() ? line.charAt(start) : 0;
            if (first == '"' || first == '<') {
                int close = line.indexOf(first == '"' ? '"' : '>', start + 1);
                if (close > 0) {
                    String file = reencoded(line.substring(start + 1, close));
                    target = first == '"' ? new HeaderName.Quoted(file) : new HeaderName.Angled(file);
                    from = close + 1;
                }
            } else {
                int close = matchingParenthesis(line, open);
                target = new HeaderName.Computed(line.substring(start, close).strip());
                from = close;
            }
            if (target != null) {
                includes.add(new IncludeDirective(kind, target, lineAt(hash)));
            }
        }
    }

    private static int matchingParenthesis(String line, int open) {
        int depth = 0;
        for (int i = open; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return line.length();
    }

    /** Header names in a directive's text were decoded byte for byte; file names are UTF-8. */
    private static String reencoded(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static boolean canNameHeader(String body) {
        int last = body.length() - 1;
        if (last >= 1 && body.charAt(0) == '"' && body.charAt(last) == '"' && body.indexOf('"', 1) == last) {
            return true;
        }
        if (last >= 1 && body.charAt(0) == '<' && body.charAt(last) == '>' && body.indexOf('>') == last) {
            return true;
        }
        if (body.isEmpty() || !isIdentifierStart((byte) body.charAt(0))) {
            return false;
        }
        for (int i = 1; i < body.length(); i++) {
            if (!isIdentifierPart(body.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The directive's text from {@code from} to {@code end}, each comment a space and literals
     * kept whole: what macro expansion would see.
     */
    private String logicalText(int from, int end) {
        StringBuilder out = new StringBuilder(end - from);
        int i = from;
        while (i < end) {
            byte c = text[i];
            if (c == '/' && i + 1 < end && text[i + 1] == '*') {
                out.append(' ');
                i = commentEnd(i);
            } else if (c == '/' && i + 1 < end && text[i + 1] == '/') {
                break;
            } else if (c == '"' || c == '\'') {
                int literalEnd = Math.min(literalEnd(i), end);
                out.append(new String(text, i, literalEnd - i, StandardCharsets.ISO_8859_1));
                i = literalEnd;
            } else if (c == '\n') {
                // Only inside a comment that spanned lines, which commentEnd skipped: keep going.
                out.append(' ');
                i++;
            } else {
                out.append((char) (c & 0xff));
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Where the directive starting at {@code i} ends: the newline after its text, a block
     * comment that spans lines carrying it over.
     */
    private int directiveEnd(int i) {
        while (i < length && text[i] != '\n') {
            byte c = text[i];
            if (c == '/' && i + 1 < length && text[i + 1] == '*') {
                i = commentEnd(i);
            } else if (c == '/' && i + 1 < length && text[i + 1] == '/') {
                return lineEnd(i);
            } else if (c == '"' || c == '\'') {
                i = literalEnd(i);
            } else {
                i++;
            }
        }
        return i;
    }

    /** Skips spaces and block comments within a directive. */
    private int spaceEnd(int i) {
        while (i < length) {
            byte c = text[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                i++;
            } else if (c == '/' && i + 1 < length && text[i + 1] == '*') {
                i = commentEnd(i);
            } else {
                return i;
            }
        }
        return i;
    }

    private int lineEnd(int i) {
        while (i < length && text[i] != '\n') {
            i++;
        }
        return i;
    }

    private int commentEnd(int i) {
        for (int j = i + 2; j + 1 < length; j++) {
            if (text[j] == '*' && text[j + 1] == '/') {
                return j + 2;
            }
        }
        return length;
    }

    /** The end of a string or character literal; an unterminated one ends at its line's end, as in gcc. */
    private int literalEnd(int i) {
        byte quote = text[i];
        int j = i + 1;
        while (j < length) {
            byte c = text[j];
            if (c == '\\' && j + 1 < length && text[j + 1] != '\n') {
                j += 2;
            } else if (c == quote) {
                return j + 1;
            } else if (c == '\n') {
                return j;
            } else {
                j++;
            }
        }
        return j;
    }

    /** A pp-number, digit separators ({@code 1'000}) included so that they start no literal. */
    private int numberEnd(int i) {
        int j = i + 1;
        while (j < length) {
            byte c = text[j];
            if ((c == '+' || c == '-') && (text[j - 1] | 0x20) == 'e' || (c == '+' || c == '-') && (text[j - 1] | 0x20) == 'p') {
                j++;
            } else if (c == '\'' && j + 1 < length && isIdentifierPart((char) text[j + 1])) {
                j += 2;
            } else if (isIdentifierPart((char) (c & 0xff)) || c == '.') {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    private boolean isRawPrefix(int start, int end) {
        String prefix = new String(text, start, end - start, StandardCharsets.ISO_8859_1);
        return prefix.equals("R") || prefix.equals("LR") || prefix.equals("uR") || prefix.equals("UR")
                || prefix.equals("u8R");
    }

    /** The end of {@code R"delim( ... )delim"}; a malformed one is read as an ordinary string. */
    private int rawStringEnd(int quote) {
        int open = quote + 1;
        while (open < length && open - quote <= 17 && text[open] != '(') {
            byte c = text[open];
            if (c == ' ' || c == ')' || c == '\\' || c == '\t' || c == '\n' || c == '"') {
                return literalEnd(quote);
            }
            open++;
        }
        if (open >= length || text[open] != '(') {
            return literalEnd(quote);
        }
        byte[] delimiter = new byte[open - quote - 1];
        System.arraycopy(text, quote + 1, delimiter, 0, delimiter.length);
        outer:
        for (int j = open + 1; j < length; j++) {
            if (text[j] != ')') {
                continue;
            }
            int k = j + 1;
            for (byte d : delimiter) {
                if (k >= length || text[k] != d) {
                    continue outer;
                }
                k++;
            }
            if (k < length && text[k] == '"') {
                return k + 1;
            }
        }
        return literalEnd(quote);
    }

    private int identifierEnd(int i) {
        if (i >= length || !isIdentifierStart(text[i])) {
            return i;
        }
        int j = i + 1;
        while (j < length && isIdentifierPart((char) (text[j] & 0xff))) {
            j++;
        }
        return j;
    }

    /** The line (of the original text, splices counted) where offset {@code at} is; offsets come in order. */
    private int lineAt(int at) {
        for (int i = countedTo; i < at; i++) {
            if (text[i] == '\n') {
                countedLines++;
            }
        }
        countedTo = Math.max(countedTo, at);
        while (countedSplices < splices.length && splices[countedSplices] <= at) {
            countedSplices++;
        }
        return countedLines + countedSplices;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c < 0;
    }

    private static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }
}
