package distbuild.ninja;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One thing in a ninja file that distbuild cannot read or refuses, where it is, the line it is
 * on and the {@code include}/{@code subninja} statements that led to that file.
 *
 * @param line the offending line's text, or null when there is none to show
 * @param includedFrom the statements that included the file, innermost first
 */
public record NinjaProblem(Position at, String message, String line, List<Position> includedFrom) {
    private static final int SHOWN_WIDTH = 120;

    public NinjaProblem {
        includedFrom = List.copyOf(includedFrom);
    }

    /** {@code file:line:col: message}, the line with a caret under the column, and the include chain. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(at + ": " + message);
        if (line != null && at.column() > 0) {
            int caret = caretIndex();
            int from = Math.max(0, Math.min(caret - SHOWN_WIDTH / 2, line.length() - SHOWN_WIDTH));
            int to = Math.min(line.length(), from + SHOWN_WIDTH);
            String prefix = from > 0 ? "..." : "";
            text.append('\n').append(prefix).append(line, from, to).append(to < line.length() ? "..." : "");
            text.append('\n').append(" ".repeat(prefix.length() + caret - from)).append('^');
        }
        for (Position inclusion : includedFrom) {
            text.append("\n  included from ").append(inclusion.file()).append(':').append(inclusion.line());
        }
        return text.toString();
    }

    /** Columns count bytes, as ninja's do; the caret goes under the character there. */
    private int caretIndex() {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int before = Math.min(at.column() - 1, bytes.length);
        return new String(Arrays.copyOf(bytes, before), StandardCharsets.UTF_8).length();
    }
}
