package distbuild.includes;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split as {@code /bin/sh -c} would split it (ninja runs every command that way):
 * simple commands joined by {@code &&}, {@code ||}, {@code ;}, {@code |} or newlines, each a list
 * of words with quotes and backslashes removed and its redirections set apart.
 *
 * <p>Only what can be known without running anything is accepted: a word the shell would expand
 * ({@code $VAR}, {@code `cmd`}, {@code $(cmd)}, an unquoted glob, {@code ~}) or a construct that
 * changes what runs ({@code &}, subshells, here-documents) is refused by {@link #split} with a
 * message naming it, since the words the compiler would see are then unknown.
 */
record ShellLine(List<SimpleCommand> commands) {
    ShellLine {
        commands = List.copyOf(commands);
    }

    /**
     * One command of the line.
     *
     * @param joinedBy the operator before it: "" for the first, else {@code &&}, {@code ||}, {@code ;} or {@code |}
     * @param stdinFrom the file its standard input is redirected from, or null
     */
    record SimpleCommand(List<String> words, String joinedBy, String stdinFrom) {
        SimpleCommand {
            words = List.copyOf(words);
        }
    }

    /** Thrown for a line whose words cannot be known without a shell. */
    static final class UnsupportedShellException extends Exception {
        UnsupportedShellException(String message) {
            super(message);
        }
    }

    static ShellLine split(String line) throws UnsupportedShellException {
        return new Splitting(line).run();
    }

    private static final class Splitting {
        private final String line;
        private int at;
        private final List<SimpleCommand> commands = new ArrayList<>();
        private List<String> words = new ArrayList<>();
        private String joinedBy = "";
        private String stdinFrom;
        /** Set after a redirection operator: the next word is its target, not an argument. */
        private String pendingRedirection;

        Splitting(String line) {
            this.line = line;
        }

        ShellLine run() throws UnsupportedShellException {
            while (at < line.length()) {
                char c = line.charAt(at);
                if (c == ' ' || c == '\t') {
                    at++;
                } else if (c == '\n') {
                    at++;
                    endCommand(";");
                } else if (c == '#') {
                    // A comment only where a word could start, which is here.
                    while (at < line.length() && line.charAt(at) != '\n') {
                        at++;
                    }
                } else if (c == '&' || c == '|' || c == ';') {
                    operator(c);
                } else if (c == '(' || c == ')') {
                    throw new UnsupportedShellException("runs a subshell ('" + c + "'), whose commands are not read");
                } else if (c == '<' || c == '>') {
                    redirection();
                } else {
                    word();
                }
            }
            if (pendingRedirection != null) {
                throw new UnsupportedShellException("ends with the redirection '" + pendingRedirection + "' and no file");
            }
            if (!words.isEmpty()) {
                endCommand("");
            } else if (!joinedBy.isEmpty() && !joinedBy.equals(";")) {
                throw new UnsupportedShellException("ends with '" + joinedBy + "' and no command after it");
            }
            return new ShellLine(commands);
        }

        private void operator(char c) throws UnsupportedShellException {
            boolean doubled = at + 1 < line.length() && line.charAt(at + 1) == c;
            if (c == '&' && !doubled) {
                throw new UnsupportedShellException("runs a command in the background ('&')");
            }
            if (c == ';' && doubled) {
                throw new UnsupportedShellException("uses ';;', which belongs to a case statement");
            }
            String operator = doubled ? "" + c + c : "" + c;
            at += operator.length();
            if (words.isEmpty()) {
                throw new UnsupportedShellException("has '" + operator + "' with no command before it");
            }
            endCommand(operator);
        }

        private void redirection() throws UnsupportedShellException {
            char c = line.charAt(at);
            int start = at;
            at++;
            if (c == '<' && at < line.length() && line.charAt(at) == '<') {
                throw new UnsupportedShellException("uses a here-document ('<<')");
            }
            if (at < line.length() && (line.charAt(at) == '>' || line.charAt(at) == '&' || line.charAt(at) == '|')) {
                at++;
            }
            String operator = line.substring(start, at);
            // A word of digits just before the operator is the descriptor it redirects (2>&1).
            if (!words.isEmpty() && start > 0 && Character.isDigit(line.charAt(start - 1))) {
                String last = words.getLast();
                if (!last.isEmpty() && last.chars().allMatch(Character::isDigit)
                        && line.startsWith(last, start - last.length())) {
                    words.removeLast();
                }
            }
            pendingRedirection = operator;
        }

        private void word() throws UnsupportedShellException {
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            if (line.charAt(at) == '~') {
                throw new UnsupportedShellException("starts a word with '~', which the shell expands to a home directory");
            }
            while (at < line.length()) {
                char c = line.charAt(at);
                if (c == ' ' || c == '\t' || c == '\n' || c == '&' || c == '|' || c == ';' || c == '<' || c == '>'
                        || c == '(' || c == ')') {
                    break;
                }
                if (c == '\'') {
                    int end = line.indexOf('\'', at + 1);
                    if (end < 0) {
                        throw new UnsupportedShellException("has an unterminated single quote");
                    }
                    word.append(line, at + 1, end);
                    at = end + 1;
                    quoted = true;
                } else if (c == '"') {
                    doubleQuoted(word);
                    quoted = true;
                } else if (c == '\\') {
                    if (at + 1 < line.length()) {
                        if (line.charAt(at + 1) != '\n') {
                            word.append(line.charAt(at + 1));
                        }
                        at += 2;
                    } else {
                        at++;
                    }
                    quoted = true;
                } else if (c == '$') {
                    expansion();
                    word.append(c);
                    at++;
                } else if (c == '`') {
                    throw new UnsupportedShellException("substitutes a command's output ('`')");
                } else if (c == '*' || c == '?' || c == '[') {
                    throw new UnsupportedShellException("has the unquoted glob character '" + c
                            + "' (in a word starting '" + word + c + "'): the words depend on the files present");
                } else {
                    word.append(c);
                    at++;
                }
            }
            if (pendingRedirection != null) {
                if (pendingRedirection.equals("<") || pendingRedirection.equals("<>")) {
                    stdinFrom = word.toString();
                }
                pendingRedirection = null;
                return;
            }
            if (word.length() > 0 || quoted) {
                words.add(word.toString());
            }
        }

        private void doubleQuoted(StringBuilder word) throws UnsupportedShellException {
            at++;
            while (true) {
                if (at >= line.length()) {
                    throw new UnsupportedShellException("has an unterminated double quote");
                }
                char c = line.charAt(at);
                if (c == '"') {
                    at++;
                    return;
                }
                if (c == '\\' && at + 1 < line.length()) {
                    char next = line.charAt(at + 1);
                    // Inside double quotes a backslash escapes only these; elsewhere it is itself.
                    if (next == '$' || next == '`' || next == '"' || next == '\\' || next == '\n') {
                        if (next != '\n') {
                            word.append(next);
                        }
                        at += 2;
                        continue;
                    }
                } else if (c == '$') {
                    expansion();
                } else if (c == '`') {
                    throw new UnsupportedShellException("substitutes a command's output ('`')");
                }
                word.append(c);
                at++;
            }
        }

        /** Refuses a {@code $} that starts an expansion; a lone one is literal. */
        private void expansion() throws UnsupportedShellException {
            char next = at + 1 < line.length() ? line.charAt(at + 1) : ' ';
            if (next == '(') {
                throw new UnsupportedShellException("substitutes a command's output ('$(')");
            }
            if (next == '{' || Character.isLetterOrDigit(next) || next == '_' || "@*#?$!-".indexOf(next) >= 0) {
                int end = at + 2;
                if (next == '{') {
                    int close = line.indexOf('}', at);
                    end = close < 0 ? line.length() : close + 1;
                }
                while (next != '{' && end < line.length()
                        && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                    end++;
                }
                throw new UnsupportedShellException("expands the shell variable '" + line.substring(at, end)
                        + "', whose value is not known here");
            }
        }

        private void endCommand(String operator) throws UnsupportedShellException {
            if (pendingRedirection != null) {
                throw new UnsupportedShellException("has the redirection '" + pendingRedirection + "' with no file");
            }
            if (!words.isEmpty()) {
                commands.add(new SimpleCommand(words, joinedBy, stdinFrom));
            }
            words = new ArrayList<>();
            stdinFrom = null;
            joinedBy = operator;
        }
    }
}
