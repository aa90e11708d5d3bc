package org.example.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-text report: an underlined title, facts as aligned "name: value" lines, then
 * sections of free text, each after a blank line.
 */
public final class Report {
    private final String title;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<String> sections = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    /** Adds a fact, shown in the order added; returns this, to chain calls. */
    public Report fact(String name, Object value) {
        facts.put(name, value);
        return this;
    }

    /** Adds a section of text (such as a rendered {@link BarChart}); returns this, to chain calls. */
    public Report section(String text) {
        sections.add(text);
        return this;
    }

    public String render() {
        StringBuilder report = new StringBuilder();
        report.append(title).append('\n').append("=".repeat(title.length())).append('\n');
        int nameWidth = facts.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        facts.forEach((name, value) ->
                report.append(String.format("%-" + nameWidth + "s %s", name + ":", value)).append('\n'));
        for (String section : sections) {
            report.append('\n').append(section);
            if (!section.endsWith("\n")) {
                report.append('\n');
            }
        }
        return report.toString();
    }
}
