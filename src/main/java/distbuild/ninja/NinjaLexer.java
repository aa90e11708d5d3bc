package distbuild.ninja;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Ninja's lexer, by hand over the file's bytes: a table lookup per byte and one string per
 * path or name, so that a 100 MB file is read in seconds. Ninja's syntax is all ASCII; paths and
 * values are decoded as UTF-8, and a file that is not UTF-8 is refused.
 *
 * <p>The parser asks for a {@link #next token} where a statement or one of its parts starts,
 * and for a {@link #readPath path}, a {@link #readValue value} or an {@link #readIdentifier
 * identifier} where the grammar wants one, as in ninja's own lexer. Escapes: {@code $$},
 * {@code $ }, {@code $:}, {@code $}+newline (the next line's leading spaces skipped),
 * {@code ${name}} ({@code [a-zA-Z0-9_.-]}) and {@code $name} ({@code [a-zA-Z0-9_-]}). Lines may
 * end in CRLF; tabs are refused where ninja refuses them.
 */
final class NinjaLexer {
    private static final boolean[] NAME = bytes("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", true);
    private static final boolean[] SIMPLE_NAME = bytes("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", true);
    /** What a path is made of without escapes: anything but {@code $ :|}, line ends and NUL. */
    private static final boolean[] PATH_TEXT = bytes("$ :|\r\n\0", false);
    /** What a value is made of without escapes: spaces, colons and pipes are text there. */
    private static final boolean[] VALUE_TEXT = bytes("$\r\n\0", false);

    private final String file;
    /** The file's bytes followed by a 0, which ends every scanning loop without a bounds check. */
    private final byte[] text;
    private final int size;
    private int offset;
    private int line = 1;
    private int lineStart;
    private final EvalString.Builder value = new EvalString.Builder();

    /**
     * @param text the file's contents in {@code text[0..size)}, with {@code text[size] == 0}
     */
    NinjaLexer(String file, byte[] text, int size) {
        if (text.length <= size || text[size] != 0) {
            throw new IllegalArgumentException("the text must end with a 0 after its size");
        }
        this.file = file;
        this.text = text;
        this.size = size;
    }

    static NinjaLexer of(String file, String contents) {
        byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, text, 0, bytes.length);
        return new NinjaLexer(file, text, bytes.length);
    }

    String file() {
        return file;
    }

    /** Where the lexer is now: the start of whatever it reads next. */
    Position here() {
        return position(offset);
    }

    /**
     * The next token. Comments and blank lines' spaces are skipped; spaces after a token (and
     * {@code $}-newline continuations) are eaten, as in ninja.
     */
    Token next() {
        for (;;) {
            int start = offset;
            int p = start;
            while (text[p] == ' ') {
                p++;
            }
            byte c = text[p];
            if (c == '#') {
                int end = p;
                while (end < size && text[end] != '\n') {
                    end++;
                }
                if (end == size) {
                    offset = p;
                    return new Token.Unexpected("the comment on the file's last line needs a newline after it", position(p));
                }
                newLine(end + 1);
                continue;
            }
            if (c == '\n' || c == '\r' && text[p + 1] == '\n') {
                Position at = position(p);
                newLine(c == '\n' ? p + 1 : p + 2);
                return new Token.Newline(at);
            }
            if (p > start) {
                offset = p;
                return new Token.Indent(position(start));
            }
            Position at = position(p);
            Token token;
            if (NAME[c & 0xff]) {
                int end = p + 1;
                while (NAME[text[end] & 0xff]) {
                    end++;
                }
                offset = end;
                token = keywordOrIdentifier(p, end, at);
            } else {
                offset = p + 1;
                token = switch (c) {
                    case ':' -> new Token.Colon(at);
                    case '=' -> new Token.Equals(at);
                    case '|' -> pipe(p, at);
                    case 0 -> {
                        offset = p;
                        yield p == size ? new Token.End(at) : new Token.Unexpected("a NUL byte in the file", at);
                    }
                    case '\t' -> new Token.Unexpected("tabs are not allowed, use spaces", at);
                    case '\r' -> new Token.Unexpected("a carriage return without a newline after it", at);
                    default -> new Token.Stray(shown(p), at);
                };
            }
            eatWhitespace();
            return token;
        }
    }

    /** Reads the next token if it is a {@code kind}; otherwise leaves it for later. */
    boolean peek(Class<? extends Token> kind) {
        int savedOffset = offset;
        int savedLine = line;
        int savedLineStart = lineStart;
        if (kind.isInstance(next())) {
            return true;
        }
        offset = savedOffset;
        line = savedLine;
        lineStart = savedLineStart;
        return false;
    }

    /** Whether the next byte is a tab (which ninja refuses where it would be indentation). */
    boolean atTab() {
        return text[offset] == '\t';
    }

    /** A rule, pool or variable name, or null (nothing read) if none starts here. */
    String readIdentifier() {
        int end = offset;
        while (NAME[text[end] & 0xff]) {
            end++;
        }
        if (end == offset) {
            return null;
        }
        String name = new String(text, offset, end - offset, StandardCharsets.ISO_8859_1);
        offset = end;
        eatWhitespace();
        return name;
    }

    /** A path, ending before a space, {@code :}, {@code |} or the line's end; empty if none starts here. */
    EvalString readPath() {
        return readEvalString(true);
    }

    /** A value: the rest of the line, which it consumes with its newline. */
    EvalString readValue() {
        return readEvalString(false);
    }

    private EvalString readEvalString(boolean path) {
        boolean[] plain = path ? PATH_TEXT : VALUE_TEXT;
        value.build(); // forgets what an earlier, refused read left
        int p = offset;
        for (;;) {
            int run = p;
            while (plain[text[p] & 0xff]) {
                p++;
            }
            if (p > run) {
                value.text(decode(run, p));
            }
            byte c = text[p];
            if (c == '$') {
                p = escape(p);
                continue;
            }
            if (c == '\n' || c == '\r' && text[p + 1] == '\n') {
                if (path) {
                    offset = p;
                } else {
                    newLine(c == '\n' ? p + 1 : p + 2);
                }
                break;
            }
            if (c == ' ' || c == ':' || c == '|') { // only paths stop here
                offset = p;
                break;
            }
            if (c == '\r') {
                throw refusal(p, "a carriage return without a newline after it");
            }
            throw refusal(p, p == size ? "unexpected end of file (the last line needs a newline)" : "a NUL byte in the file");
        }
        EvalString result = value.build();
        if (path) {
            eatWhitespace();
        }
        return result;
    }

    /** Reads the escape at {@code p} (a {@code $}) into {@link #value}; returns where reading goes on. */
    private int escape(int p) {
        byte next = text[p + 1];
        switch (next) {
            case '$', ' ', ':' -> {
                value.text(String.valueOf((char) next));
                return p + 2;
            }
            case '\n' -> {
                return continueLine(p + 2);
            }
            case '\r' -> {
                if (text[p + 2] == '\n') {
                    return continueLine(p + 3);
                }
            }
            case '{' -> {
                int end = p + 2;
                while (NAME[text[end] & 0xff]) {
                    end++;
                }
                if (end == p + 2 || text[end] != '}') {
                    throw refusal(p, "bad $-escape: '${' needs a variable name ([a-zA-Z0-9_.-]) and '}' after it");
                }
                value.variable(new String(text, p + 2, end - p - 2, StandardCharsets.ISO_8859_1));
                return end + 1;
            }
            default -> {
                if (SIMPLE_NAME[next & 0xff]) {
                    int end = p + 2;
                    while (SIMPLE_NAME[text[end] & 0xff]) {
                        end++;
                    }
                    value.variable(new String(text, p + 1, end - p - 1, StandardCharsets.ISO_8859_1));
                    return end;
                }
            }
        }
        throw refusal(p, "bad $-escape (literal $ must be written as $$)");
    }

    /** After a {@code $}-newline: the next line goes on, its leading spaces skipped. */
    private int continueLine(int nextLineStart) {
        newLine(nextLineStart);
        int p = nextLineStart;
        while (text[p] == ' ') {
            p++;
        }
        return p;
    }

    /** Spaces and {@code $}-newline continuations between the parts of a statement. */
    private void eatWhitespace() {
        for (;;) {
            byte c = text[offset];
            if (c == ' ') {
                offset++;
            } else if (c == '$' && text[offset + 1] == '\n') {
                newLine(offset + 2);
            } else if (c == '$' && text[offset + 1] == '\r' && text[offset + 2] == '\n') {
                newLine(offset + 3);
            } else {
                return;
            }
        }
    }

    private Token keywordOrIdentifier(int start, int end, Position at) {
        String word = new String(text, start, end - start, StandardCharsets.ISO_8859_1);
        return switch (word) {
            case "build" -> new Token.Build(at);
            case "rule" -> new Token.Rule(at);
            case "pool" -> new Token.Pool(at);
            case "default" -> new Token.Default(at);
            case "include" -> new Token.Include(at);
            case "subninja" -> new Token.Subninja(at);
            default -> new Token.Identifier(word, at);
        };
    }

    private Token pipe(int p, Position at) {
        return switch (text[p + 1]) {
            case '|' -> {
                offset = p + 2;
                yield new Token.DoublePipe(at);
            }
            case '@' -> {
                offset = p + 2;
                yield new Token.PipeAt(at);
            }
            default -> new Token.Pipe(at);
        };
    }

    private String shown(int p) {
        int c = text[p] & 0xff;
        return c < 0x20 || c >= 0x7f ? String.format("byte 0x%02x", c) : "'" + (char) c + "'";
    }

    private String decode(int from, int to) {
        String decoded = new String(text, from, to - from, StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0) { // a replaced byte, or a U+FFFD the file really holds
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(text, from, to - from));
            } catch (CharacterCodingException e) {
                throw refusal(from, "not valid UTF-8: ninja files must be UTF-8 here");
            }
        }
        return decoded;
    }

    private void newLine(int nextLineStart) {
        offset = nextLineStart;
        line++;
        lineStart = nextLineStart;
    }

    /** The position of {@code p}, which is on the current line. */
    private Position position(int p) {
        return new Position(file, line, p - lineStart + 1);
    }

    Refusal refusal(int p, String message) {
        offset = p;
        return new Refusal(position(p), message);
    }

    /** The text of line {@code wanted} (at most the current one), without its line end. */
    String lineText(int wanted) {
        int start = lineStartOf(wanted);
        if (start < 0) {
            return null;
        }
        int end = start;
        while (end < size && text[end] != '\n') {
            end++;
        }
        if (end > start && text[end - 1] == '\r') {
            end--;
        }
        return new String(text, start, end - start, StandardCharsets.UTF_8);
    }

    private int lineStartOf(int wanted) {
        if (wanted < 1 || wanted > line) {
            return -1;
        }
        int start = lineStart;
        for (int l = line; l > wanted; l--) {
            start--; // onto the previous line's '\n'
            while (start > 0 && text[start - 1] != '\n') {
                start--;
            }
        }
        return start;
    }

    /**
     * After a refused statement: skips to the next line that starts a statement (not indented,
     * not continuing a line), so that reading goes on and finds the file's other problems.
     */
    void skipStatementAt(Position at) {
        int start = lineStartOf(at.line());
        if (start < 0) {
            return;
        }
        line = at.line();
        lineStart = start;
        int p = start + Math.max(0, at.column() - 1);
        for (;;) {
            while (p < size && text[p] != '\n') {
                p++;
            }
            if (p >= size) {
                offset = size;
                return;
            }
            boolean continued = p > 0 && text[p - 1] == '$' || p > 1 && text[p - 1] == '\r' && text[p - 2] == '$';
            newLine(p + 1);
            p = offset;
            if (!continued && text[p] != ' ') {
                return;
            }
        }
    }

    private static boolean[] bytes(String chars, boolean member) {
        boolean[] table = new boolean[256];
        if (!member) {
            java.util.Arrays.fill(table, true);
        }
        for (char c : chars.toCharArray()) {
            table[c] = member;
        }
        return table;
    }
}
