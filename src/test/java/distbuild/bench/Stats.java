package distbuild.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Medians and the per-round lists shown next to them. */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to take the median of");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** "1.23, 1.31, 1.27" with {@code decimals} decimals. */
    static String list(List<Double> values, int decimals) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%." + decimals + "f", value))
                .collect(Collectors.joining(", "));
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double megabytes(long bytes) {
        return bytes / 1e6;
    }
}
