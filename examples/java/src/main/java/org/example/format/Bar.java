package org.example.format;

/** One row of a bar chart: a label and a non-negative value. */
public record Bar(String label, long value) {
    public Bar {
        if (value < 0) {
            throw new IllegalArgumentException("a bar's value must not be negative: " + label + " = " + value);
        }
    }
}
