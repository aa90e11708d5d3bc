package org.example.format;

import java.util.List;
import org.example.testing.Checks;

public final class ReportTest {
    public static void main(String[] args) {
        Checks checks = new Checks();

        BarChart chart = new BarChart(10);
        checks.equal("bars scale to the largest value, columns aligned",
                """
                the   20 ##########
                a      5 ###
                zebra  1 #
                """,
                chart.render(List.of(new Bar("the", 20), new Bar("a", 5), new Bar("zebra", 1))));
        checks.equal("a zero value has no bar", "x 0\n", chart.render(List.of(new Bar("x", 0))));
        checks.equal("no bars, no lines", "", chart.render(List.of()));
        checks.throwsException("a chart needs some width", IllegalArgumentException.class, () -> new BarChart(0));
        checks.throwsException("a bar cannot be negative", IllegalArgumentException.class, () -> new Bar("x", -1));

        String report = new Report("Words")
                .fact("total", 12)
                .fact("distinct", 3)
                .section("body\n")
                .render();
        checks.equal("title underlined, facts aligned, sections after a blank line",
                """
                Words
                =====
                total:    12
                distinct: 3

                body
                """,
                report);
        checks.equal("a report with a title only", "T\n=\n", new Report("T").render());

        checks.finish();
    }
}
