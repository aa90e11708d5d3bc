package distbuild.bench;

import java.util.Locale;

/**
 * One row of the results: a scenario's figure (the median over rounds), the baseline measured in
 * the same rounds, their ratio, the target and whether it was met, and notes saying exactly what
 * was measured. A scenario that could not run has no figure and says why.
 *
 * @param baseline null when the scenario has none
 * @param ratio figure ÷ baseline for times, or the throughput ratio; null when there is no baseline
 */
record Result(String id, String scenario, Measure figure, Measure baseline, Double ratio, Target target, String notes,
        String failure) {

    /** A value with its unit and a few words saying what it is. */
    record Measure(double value, String unit, String what) {
        String formatted() {
            return format(value, unit);
        }
    }

    /** What the figure (or the ratio) must be: at most or at least a limit. */
    record Target(boolean onRatio, boolean atMost, double limit, String unit) {
        static Target figureAtMost(double limit, String unit) {
            return new Target(false, true, limit, unit);
        }

        static Target figureAtLeast(double limit, String unit) {
            return new Target(false, false, limit, unit);
        }

        static Target ratioAtMost(double limit) {
            return new Target(true, true, limit, "");
        }

        static Target ratioAtLeast(double limit) {
            return new Target(true, false, limit, "");
        }

        String text() {
            return (onRatio ? "ratio " : "") + (atMost ? "≤ " : "≥ ") + format(limit, unit);
        }

        boolean isMetBy(double value) {
            return atMost ? value <= limit : value >= limit;
        }
    }

    static Result of(String id, String scenario, Measure figure, Measure baseline, Target target, String notes) {
        Double ratio = baseline == null ? null : figure.value() / baseline.value();
        return new Result(id, scenario, figure, baseline, ratio, target, notes, null);
    }

    /** A result whose ratio is not figure ÷ baseline (a throughput ratio is baseline time ÷ distbuild time). */
    static Result withRatio(String id, String scenario, Measure figure, Measure baseline, double ratio, Target target,
            String notes) {
        return new Result(id, scenario, figure, baseline, ratio, target, notes, null);
    }

    static Result failed(String id, String scenario, Target target, String failure) {
        return new Result(id, scenario, null, null, null, target, null, failure);
    }

    boolean hasFigure() {
        return figure != null && Double.isFinite(figure.value());
    }

    /** Whether the target was met; false when the scenario failed. */
    boolean met() {
        if (!hasFigure()) {
            return false;
        }
        if (target.onRatio()) {
            return ratio != null && target.isMetBy(ratio);
        }
        return target.isMetBy(figure.value());
    }

    static String format(double value, String unit) {
        String number;
        if (unit.equals("s")) {
            number = String.format(Locale.ROOT, value < 1 ? "%.3f" : "%.2f", value);
        } else if (unit.equals("ms")) {
            number = String.format(Locale.ROOT, "%.1f", value);
        } else if (Math.abs(value) >= 100) {
            number = String.format(Locale.ROOT, "%,.0f", value);
        } else {
            number = String.format(Locale.ROOT, "%.2f", value);
        }
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
