package distbuild.ninja;

/** How an edge reports the headers it read ({@code deps = gcc|msvc}), or that it does not. */
public enum DepsStyle {
    /** No {@code deps}: a {@code depfile}, if any, is read on every build. */
    NONE,
    /** A Makefile-style depfile, read once after the command and stored in {@code .ninja_deps}. */
    GCC,
    /** {@code /showIncludes} lines in the command's output, with {@code msvc_deps_prefix}. */
    MSVC
}
