package distbuild.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write and read them: {@code 16GiB}, {@code 512M}, {@code 20G}, {@code 4096}
 * (k, m, g, t are powers of 1024, as memory is sold), and back as {@code 1.5 GiB} or {@code 64 MiB}.
 * One reading for command-line options, build files and messages alike.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)",
            Pattern.CASE_INSENSITIVE);

    private ByteSizes() {}

    /** The bytes {@code text} says; an {@link InvalidInputException} saying why when it says none. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidInputException("a size is a number with an optional unit (KiB, MiB, GiB, TiB), got \"" + text + "\"");
        }
        long number = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 40;
        };
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new InvalidInputException("size \"" + text + "\" is too large");
        }
        return number << shift;
    }

    /** A size as a person reads it: 1.5 GiB, 64 MiB, 300 bytes. */
    public static String describe(long bytes) {
        if (bytes >= 1L << 30) {
            return trim(bytes / (double) (1L << 30)) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return trim(bytes / (double) (1L << 20)) + " MiB";
        }
        return bytes + " bytes";
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
