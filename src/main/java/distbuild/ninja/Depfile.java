package distbuild.ninja;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A make-style depfile as gcc and clang write it ({@code -MD -MF}) and as ninja 1.11 reads it:
 * the outputs of its rules and, once each, the files they were built from. Knows nothing of the
 * graph.
 *
 * <p>Read exactly as ninja does, so that what distbuild learns from a depfile is what ninja would
 * have put in {@code .ninja_deps}: a backslash escapes a space (an odd run of them before a space
 * keeps half), {@code #} and {@code :}, and is otherwise kept; {@code $$} is {@code $}; a
 * backslash before a newline continues the rule; a newline ends it. Several rules may follow one
 * another; a rule whose target is an earlier input ({@code -MP}'s empty rules for headers) adds
 * nothing. Windows paths ({@code c:\x}) are left as they are.
 */
public record Depfile(List<String> outputs, List<String> inputs) {
    public Depfile {
        outputs = List.copyOf(outputs);
        inputs = List.copyOf(inputs);
    }

    /** Reads {@code file}; a {@link MalformedNinjaFileException} names it. */
    public static Depfile read(Path file) throws IOException {
        try {
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (MalformedNinjaFileException e) {
            throw new MalformedNinjaFileException(file + ": " + e.getMessage());
        }
    }

    public static Depfile parse(String text) throws MalformedNinjaFileException {
        return new Reading(text).rules();
    }

    /** One pass over the text: a word at a time, as ninja's depfile lexer takes them. */
    private static final class Reading {
        private final String text;
        private int at;
        private final Set<String> outputs = new LinkedHashSet<>();
        private final Set<String> inputs = new LinkedHashSet<>();

        Reading(String text) {
            this.text = text;
        }

        Depfile rules() throws MalformedNinjaFileException {
            boolean parsingTargets = true;
            boolean haveTarget = false;
            // Set when a rule's target was already an input: that rule may not add inputs.
            boolean poisoned = false;
            StringBuilder word = new StringBuilder();
            while (at < text.length()) {
                word.setLength(0);
                boolean newline = nextWord(word);
                int length = word.length();
                boolean isInput = !parsingTargets;
                if (length > 0 && word.charAt(length - 1) == ':') {
                    word.setLength(--length);
                    parsingTargets = false;
                    haveTarget = true;
                }
                if (length > 0) {
                    String path = word.toString();
                    if (!inputs.contains(path)) {
                        if (isInput) {
                            if (poisoned) {
                                throw new MalformedNinjaFileException("inputs may not also have inputs ('" + path
                                        + "' is listed for a target that is itself an input)");
                            }
                            inputs.add(path);
                        } else {
                            outputs.add(path);
                        }
                    } else if (!isInput) {
                        poisoned = true;
                    }
                }
                if (newline) {
                    parsingTargets = true;
                    poisoned = false;
                }
            }
            if (!haveTarget) {
                throw new MalformedNinjaFileException("expected ':' in depfile");
            }
            return new Depfile(new ArrayList<>(outputs), new ArrayList<>(inputs));
        }

        /**
         * Appends the next file name to {@code word} and consumes what ends it; true if that was
         * a newline, which ends the rule too.
         */
        private boolean nextWord(StringBuilder word) {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '\\') {
                    int run = 0;
                    while (at + run < text.length() && text.charAt(at + run) == '\\') {
                        run++;
                    }
                    char after = at + run < text.length() ? text.charAt(at + run) : '\0';
                    if (after == ' ') {
                        at += run + 1;
                        if (run % 2 == 1) {
                            word.append("\\".repeat(run / 2)).append(' ');
                            continue;
                        }
                        word.append("\\".repeat(run));
                        return false;
                    }
                    if (after == '#') {
                        word.append("\\".repeat(run - 1)).append('#');
                        at += run + 1;
                        continue;
                    }
                    if (after == ':') {
                        char next = at + run + 1 < text.length() ? text.charAt(at + run + 1) : '\0';
                        boolean separatorFollows = next == '\0' || next == ' ' || next == '\t' || next == '\r'
                                || next == '\n';
                        // Before whitespace "\:" is a path ending in a backslash and the rule's colon.
                        word.append("\\".repeat(separatorFollows ? run : run - 1)).append(':');
                        at += run + 1;
                        continue;
                    }
                    if (after == '\n' || after == '\r' || after == '\0') {
                        // Pairs of backslashes are text; an odd one left before the newline continues the line.
                        word.append("\\".repeat(run - run % 2));
                        at += run - run % 2;
                        if (run % 2 == 1) {
                            at++;
                            if (after == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
                                at += 2;
                                return false;
                            }
                            if (after == '\n') {
                                at++;
                                return false;
                            }
                            if (after == '\0' && at < text.length()) {
                                at++;
                            }
                            return false;
                        }
                        continue;
                    }
                    word.append("\\".repeat(run)).append(after);
                    at += run + 1;
                    continue;
                }
                if (c == '$' && at + 1 < text.length() && text.charAt(at + 1) == '$') {
                    word.append('$');
                    at += 2;
                    continue;
                }
                if (isPlain(c)) {
                    word.append(c);
                    at++;
                    continue;
                }
                if (c == '\n') {
                    at++;
                    return true;
                }
                if (c == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
                    at += 2;
                    return true;
                }
                // Whitespace and anything ninja does not take as part of a path end the word.
                at++;
                return false;
            }
            return false;
        }

        private static boolean isPlain(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
                    || "+,/_:.~()}{%=@[]!-".indexOf(c) >= 0;
        }
    }
}
