package org.example.text;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Splits text into lower-case words. */
public final class Words {
    /** Letters and digits, with inner apostrophes (' or ’) and hyphens kept: "don't", "well-known". */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019-][\\p{L}\\p{N}]+)*");

    private Words() {}

    /** The words of {@code text} in order, lower-cased; punctuation and spaces separate them. */
    public static List<String> tokenize(String text) {
        return WORD.matcher(text).results()
                .map(match -> match.group().toLowerCase(Locale.ROOT))
                .toList();
    }
}
