package org.example.text;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Counts the words of any number of texts. */
public final class WordCounts {
    private static final Comparator<WordCount> MOST_FREQUENT_FIRST =
            Comparator.comparingLong(WordCount::count).reversed().thenComparing(WordCount::word);

    private final Map<String, Long> counts = new HashMap<>();
    private long total;

    /** Counts the words of {@code text}; returns this, to chain calls. */
    public WordCounts add(String text) {
        for (String word : Words.tokenize(text)) {
            counts.merge(word, 1L, Long::sum);
            total++;
        }
        return this;
    }

    /** How many times {@code word} occurred (matched case-insensitively, as words are lower-cased). */
    public long count(String word) {
        return counts.getOrDefault(word.toLowerCase(Locale.ROOT), 0L);
    }

    /** All the words counted, repeats included. */
    public long total() {
        return total;
    }

    /** How many different words were counted. */
    public int distinct() {
        return counts.size();
    }

    /** The {@code n} most frequent words, most frequent first; ties in alphabetical order. */
    public List<WordCount> top(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return counts.entrySet().stream()
                .map(entry -> new WordCount(entry.getKey(), entry.getValue()))
                .sorted(MOST_FREQUENT_FIRST)
                .limit(n)
                .toList();
    }
}
