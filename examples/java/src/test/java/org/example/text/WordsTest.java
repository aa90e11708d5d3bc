package org.example.text;

import java.util.List;
import org.example.testing.Checks;

public final class WordsTest {
    public static void main(String[] args) {
        Checks checks = new Checks();

        checks.equal("splits on spaces and punctuation", List.of("hello", "world"), Words.tokenize("  Hello, World!"));
        checks.equal("keeps inner apostrophes and hyphens", List.of("don't", "it’s", "well-known", "x"),
                Words.tokenize("Don't -- it’s well-known 'x'"));
        checks.equal("keeps digits and letters beyond ASCII", List.of("élan", "42", "straße"),
                Words.tokenize("Élan: 42 Straße."));
        checks.equal("no words in punctuation", List.of(), Words.tokenize(" ... !? "));

        WordCounts counts = new WordCounts().add("the cat and the hat").add("The end");
        checks.equal("total counts repeats", 7L, counts.total());
        checks.equal("distinct words", 5, counts.distinct());
        checks.equal("count of a word", 3L, counts.count("the"));
        checks.equal("count ignores case", 3L, counts.count("THE"));
        checks.equal("count of an absent word", 0L, counts.count("dog"));
        checks.equal("top: most frequent first, ties alphabetical",
                List.of(new WordCount("the", 3), new WordCount("and", 1), new WordCount("cat", 1)), counts.top(3));
        checks.equal("top beyond the distinct words", 5, counts.top(100).size());
        checks.equal("top zero", List.of(), counts.top(0));
        checks.throwsException("top of a negative number", IllegalArgumentException.class, () -> counts.top(-1));

        checks.finish();
    }
}
