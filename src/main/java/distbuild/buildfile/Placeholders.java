package distbuild.buildfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a {@code foreach} job is stamped with, written {@code {file}}, {@code {dir}},
 * {@code {base}} and {@code {stem}}. A {@code $} before the brace leaves it alone, so shell
 * variables such as {@code ${file}} pass through untouched.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([a-z]+)\\}");
    static final List<String> NAMES = List.of("file", "dir", "base", "stem");

    private final Map<String, String> values;

    private Placeholders(Map<String, String> values) {
        this.values = values;
    }

    /** The values for one matched file, such as {@code src/util/str.c}. */
    static Placeholders forFile(String path) {
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        Map<String, String> values = new LinkedHashMap<>();
        values.put("file", path);
        values.put("dir", slash < 0 ? "." : path.substring(0, slash));
        values.put("base", base);
        values.put("stem", dot > 0 ? base.substring(0, dot) : base);
        return new Placeholders(values);
    }

    /** {@code text} with each placeholder replaced by its value, as is. */
    String expand(String text) {
        return expand(text, UnaryOperator.identity());
    }

    /**
     * {@code text} with each placeholder replaced by its value made safe for where it lands: quoted
     * for a shell, escaped for a glob. A file name is data, never syntax.
     */
    String expand(String text, UnaryOperator<String> quoting) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(value != null ? quoting.apply(value) : matcher.group()));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    /** Placeholders in {@code text} that are none of the known ones, such as a misspelt {@code {stme}}. */
    static List<String> unknownIn(String text) {
        List<String> unknown = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!NAMES.contains(matcher.group(1))) {
                unknown.add(matcher.group());
            }
        }
        return unknown;
    }

    /** Whether {@code text} holds any known placeholder. */
    static boolean anyIn(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (NAMES.contains(matcher.group(1))) {
                return true;
            }
        }
        return false;
    }
}
