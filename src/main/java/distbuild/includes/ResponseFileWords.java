package distbuild.includes;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a response file ({@code @file}) as gcc's driver splits them (libiberty's
 * {@code buildargv}): whitespace between words, single and double quotes grouping, and a
 * backslash taking the next character as it is, inside quotes too. No expansion of any kind.
 */
final class ResponseFileWords {
    private ResponseFileWords() {}

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int at = 0; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '\\' && at + 1 < text.length()) {
                word.append(text.charAt(++at));
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
