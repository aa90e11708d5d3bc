package distbuild.model;

import java.util.Optional;

/**
 * The rule for paths inside a source tree or an artifact: relative, '/'-separated, and never
 * leaving the tree. Checked on the coordinator for every graph and again on the worker before
 * it writes anything, because a path is the one thing in a job that could reach outside its
 * directory.
 */
public final class SourcePath {
    private SourcePath() {}

    /** Why {@code path} is not an acceptable relative path, or empty when it is. */
    public static Optional<String> problem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("is empty");
        }
        if (path.startsWith("/")) {
            return Optional.of("is absolute; paths must be relative to the source tree");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        if (path.endsWith("/")) {
            return Optional.of("ends with '/'; a path must name a file");
        }
        for (String component : path.split("/", -1)) {
            switch (component) {
                case "" -> {
                    return Optional.of("has an empty component ('//')");
                }
                case "." -> {
                    return Optional.of("has a '.' component; write the path without it");
                }
                case ".." -> {
                    return Optional.of("has a '..' component; paths must stay inside the source tree");
                }
                default -> {}
            }
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with a message naming {@code what} if the path is bad. */
    public static String check(String what, String path) {
        problem(path).ifPresent(reason -> {
            throw new IllegalArgumentException(what + " \"" + path + "\" " + reason);
        });
        return path;
    }
}
