package org.example.format;

import java.util.List;

/**
 * Draws bars as text, one line each: the label, the value and a bar scaled so that the
 * largest value gets the full width.
 * <pre>
 * the    12 ############
 * cat     3 ###
 * </pre>
 */
public final class BarChart {
    private final int width;

    /** A chart whose longest bar is {@code width} characters long. */
    public BarChart(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1: " + width);
        }
        this.width = width;
    }

    /** The chart of {@code bars} in their order, each line ending in a newline; empty when there are none. */
    public String render(List<Bar> bars) {
        int labelWidth = bars.stream().mapToInt(bar -> bar.label().length()).max().orElse(0);
        long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
        int valueWidth = String.valueOf(max).length();
        StringBuilder chart = new StringBuilder();
        for (Bar bar : bars) {
            String line = String.format("%-" + labelWidth + "s %" + valueWidth + "d %s",
                    bar.label(), bar.value(), "#".repeat(length(bar.value(), max)));
            chart.append(line.stripTrailing()).append('\n');
        }
        return chart.toString();
    }

    /** The bar's length: proportional to the value, rounded, and never zero for a non-zero value. */
    private int length(long value, long max) {
        if (value == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) value * width / max));
    }
}
