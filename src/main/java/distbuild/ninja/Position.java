package distbuild.ninja;

/**
 * Where something is in a ninja file. Lines and columns are 1-based; columns count bytes, as
 * ninja's own do. A position with line 0 stands for the file as a whole.
 *
 * @param file the file's path as the build refers to it (relative to the build directory)
 */
public record Position(String file, int line, int column) {
    static Position wholeFile(String file) {
        return new Position(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
