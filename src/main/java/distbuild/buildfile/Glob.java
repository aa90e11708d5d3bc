package distbuild.buildfile;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A path pattern relative to the source root: {@code *} and {@code ?} within one path
 * component, {@code **} across components, {@code [abc]} and {@code {a,b}} as in the JDK's
 * glob syntax. Unlike the JDK's, {@code src/**}{@code /*.c} also matches {@code src/a.c}: as in
 * shells and .gitignore, {@code **}{@code /} may match no directory at all.
 */
final class Glob {
    private static final String ANY_DIRS = "**/";
    private static final int MAX_ANY_DIRS = 4;

    private final String pattern;
    private final List<PathMatcher> matchers = new ArrayList<>();

    private Glob(String pattern) {
        this.pattern = pattern;
        for (String variant : variants(pattern)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
        }
    }

    /**
     * @throws IllegalArgumentException with a readable reason if the pattern is malformed
     */
    static Glob compile(String pattern) {
        if (pattern.split(java.util.regex.Pattern.quote(ANY_DIRS), -1).length - 1 > MAX_ANY_DIRS) {
            throw new IllegalArgumentException("has more than " + MAX_ANY_DIRS + " '**/'");
        }
        try {
            return new Glob(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("is not a valid pattern: " + e.getDescription());
        }
    }

    private static final String SPECIAL = "*?[]{}\\";

    /** Whether {@code text} has any pattern characters (not escaped), so it is a glob rather than a plain path. */
    static boolean isGlob(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /** {@code text} as a pattern that matches exactly it: a file named {@code [id].js} stays that file. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** The plain path a pattern without pattern characters stands for. */
    static String unescape(String pattern) {
        StringBuilder path = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            path.append(c);
        }
        return path.toString();
    }

    boolean matches(String relativePath) {
        Path path = Path.of(relativePath);
        return matchers.stream().anyMatch(matcher -> matcher.matches(path));
    }

    /** The directory under which every match lies: the components before the first pattern character. */
    String baseDirectory() {
        String[] components = pattern.split("/");
        List<String> literal = new ArrayList<>();
        for (int i = 0; i < components.length - 1 && !isGlob(components[i]); i++) {
            literal.add(components[i]);
        }
        return String.join("/", literal);
    }

    @Override
    public String toString() {
        return pattern;
    }

    // Every combination of keeping or dropping each "**/", so that it can stand for no directory.
    private static Set<String> variants(String pattern) {
        int at = anyDirectories(pattern);
        if (at < 0) {
            return Set.of(pattern);
        }
        String head = pattern.substring(0, at);
        Set<String> variants = new LinkedHashSet<>();
        for (String tail : variants(pattern.substring(at + ANY_DIRS.length()))) {
            variants.add(head + ANY_DIRS + tail);
            variants.add(head + tail);
        }
        return variants;
    }

    /** Where the first {@code **}{@code /} that makes up a whole path component starts, or -1. */
    private static int anyDirectories(String pattern) {
        for (int at = pattern.indexOf(ANY_DIRS); at >= 0; at = pattern.indexOf(ANY_DIRS, at + 1)) {
            if (at == 0 || pattern.charAt(at - 1) == '/') {
                return at;
            }
        }
        return -1;
    }
}
