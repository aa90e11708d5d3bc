package org.example.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.example.format.Bar;
import org.example.format.BarChart;
import org.example.format.Report;
import org.example.text.WordCounts;

/** Counts the words of files (or of standard input) and prints the most frequent ones. */
public final class Main {
    private static final String USAGE = "usage: java -jar app.jar [--top N] [FILE...]   (no FILE: read standard input)";
    private static final int DEFAULT_TOP = 10;
    private static final int CHART_WIDTH = 40;

    /** What the command line asks for. */
    private record Options(int top, List<Path> files) {}

    private Main() {}

    public static void main(String[] args) {
        Options options = parse(args);
        WordCounts counts = new WordCounts();
        try {
            if (options.files().isEmpty()) {
                counts.add(new String(System.in.readAllBytes(), UTF_8));
            }
            for (Path file : options.files()) {
                counts.add(Files.readString(file));
            }
        } catch (NoSuchFileException e) {
            exit(1, "no such file: " + e.getFile());
        } catch (IOException e) {
            exit(1, "cannot read: " + e.getMessage());
        }
        System.out.print(report(counts, options.top()));
    }

    static String report(WordCounts counts, int top) {
        List<Bar> bars = counts.top(top).stream().map(count -> new Bar(count.word(), count.count())).toList();
        Report report = new Report("Word counts")
                .fact("words", counts.total())
                .fact("distinct", counts.distinct());
        if (!bars.isEmpty()) {
            report.section(new BarChart(CHART_WIDTH).render(bars));
        }
        return report.render();
    }

    private static Options parse(String[] args) {
        int top = DEFAULT_TOP;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> exit(0, USAGE);
                case "--top" -> {
                    if (++i == args.length) {
                        exit(2, "--top needs a number\n" + USAGE);
                    }
                    top = parseTop(args[i]);
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        exit(2, "unknown option " + args[i] + "\n" + USAGE);
                    }
                    files.add(Path.of(args[i]));
                }
            }
        }
        return new Options(top, files);
    }

    private static int parseTop(String text) {
        try {
            int top = Integer.parseInt(text);
            if (top >= 0) {
                return top;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        exit(2, "--top needs a number of 0 or more, not '" + text + "'");
        return 0; // not reached
    }

    /** Prints {@code message} (to standard error unless the status is 0) and exits. */
    private static void exit(int status, String message) {
        (status == 0 ? System.out : System.err).println(message);
        System.exit(status);
    }
}
