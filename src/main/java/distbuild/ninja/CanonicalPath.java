package distbuild.ninja;

import java.util.ArrayList;
import java.util.List;

/**
 * A path as ninja keys its nodes: {@code .} components and repeated or trailing slashes
 * dropped, {@code dir/..} folded, but leading {@code ..} kept (ninja never looks at the file
 * system for this, so {@code a/../b} is {@code b} even when {@code a} is a symbolic link).
 */
public final class CanonicalPath {
    private CanonicalPath() {}

    public static String of(String path) {
        if (path.isEmpty() || isCanonical(path)) {
            return path;
        }
        boolean absolute = path.charAt(0) == '/';
        List<String> kept = new ArrayList<>();
        int foldable = 0; // how many of the last kept components are not "..", and may be folded
        for (String component : path.split("/", -1)) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (foldable > 0) {
                    kept.removeLast();
                    foldable--;
                } else {
                    kept.add(component);
                }
                continue;
            }
            kept.add(component);
            foldable++;
        }
        String canonical = (absolute ? "/" : "") + String.join("/", kept);
        return canonical.isEmpty() ? "." : canonical;
    }

    /** Most paths are canonical already: this check spares them the splitting. */
    private static boolean isCanonical(String path) {
        boolean sawName = false;
        int start = path.charAt(0) == '/' ? 1 : 0;
        if (start == path.length()) {
            return true; // "/"
        }
        for (;;) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0) {
                return false; // "//" or a trailing '/'
            }
            if (path.charAt(start) == '.') {
                if (length == 1) {
                    return false;
                }
                if (length == 2 && path.charAt(start + 1) == '.') {
                    if (sawName) {
                        return false;
                    }
                } else {
                    sawName = true;
                }
            } else {
                sawName = true;
            }
            if (end == path.length()) {
                return true;
            }
            start = end + 1;
        }
    }
}
