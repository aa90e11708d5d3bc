package distbuild.buildfile;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" for a misspelt name: the closest known one, if it is close enough. */
final class Suggestions {
    private Suggestions() {}

    static Optional<String> closest(String wrong, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(wrong.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int tolerated = Math.max(2, wrong.length() / 3);
        return best != null && bestDistance <= tolerated ? Optional.of(best) : Optional.empty();
    }

    /** "did you mean 'x'?", or {@code otherwise} when nothing is close. */
    static String hint(String wrong, Collection<String> known, String otherwise) {
        return closest(wrong, known).map(name -> "did you mean '" + name + "'?").orElse(otherwise);
    }

    // Levenshtein distance, two rows at a time.
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
