package distbuild.buildfile;

/**
 * One mistake in a build file, where it is and what to do about it.
 *
 * @param line 1-based; 0 when the mistake has no single place (such as an empty file)
 * @param hint how to fix it, or null
 */
public record Problem(String file, int line, String message, String hint) {
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return where + ": " + message + (hint == null ? "" : "\n    hint: " + hint);
    }
}
