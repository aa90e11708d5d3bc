package distbuild.ninjaplan;

import distbuild.includes.CompileCommand;
import distbuild.includes.ParsedCommand;
import distbuild.ninja.NinjaEdge;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a job runs its command: at the client's own paths, which are then part of its identity;
 * or, for a compile whose output cannot depend on them, at fixed paths ({@code /distbuild/source},
 * {@code /distbuild/build}) with its command rewritten to them, so that checkouts at different
 * paths share its result (as Bazel's execution root and ccache's {@code base_dir} do).
 *
 * <p>A compile's output depends on its paths through {@code __FILE__} (an absolute source path
 * in its command) and through debug information (its working directory, with {@code -g}). It is
 * taken not to when every one of the build's directories its command names is mapped away by a
 * prefix map ({@code -ffile-prefix-map=DIR=…}, or {@code -fmacro-prefix-map} and, with {@code -g},
 * {@code -fdebug-prefix-map}), and its build directory too under {@code -g}: a Meson release
 * build (relative paths, no {@code -g}) is, as is a CMake build given those flags. Links, archives
 * and custom commands keep the client's paths (a link's rpath names the build directory).
 *
 * @param treeAt tree directory → the absolute path the command sees it at
 * @param buildDir where the command runs, as it sees the build directory
 * @param command the command as it runs
 * @param fixed whether these are the fixed paths
 */
record JobPaths(Map<String, String> treeAt, String buildDir, String command, boolean fixed) {
    static final Path FIXED_SOURCE = Path.of("/distbuild/source");
    static final Path FIXED_BUILD = Path.of("/distbuild/build");

    /** The paths the edge's job runs at. */
    static JobPaths of(NinjaEdge edge, TreeLayout layout) {
        String command = CompilerLaunchers.strip(edge.command());
        if (!independent(edge, layout)) {
            return new JobPaths(layout.treeAt(), layout.buildDir().toString(), command, false);
        }
        Map<Path, Path> fixedOf = fixedRoots(layout);
        String rewritten = command;
        // The deeper directory first: the build directory often lies inside the source directory.
        for (Map.Entry<Path, Path> root : fixedOf.entrySet()) {
            rewritten = replacePath(rewritten, root.getKey(), root.getValue());
        }
        Map<String, String> treeAt = new LinkedHashMap<>();
        layout.treeAt().forEach((dir, at) -> treeAt.put(dir, fixedOf.get(Path.of(at)).toString()));
        return new JobPaths(treeAt, fixedOf.get(layout.buildDir()).toString(), rewritten, true);
    }

    /** The client's directories and where a fixed-path job sees them, deepest first. */
    static Map<Path, Path> fixedRoots(TreeLayout layout) {
        Map<Path, Path> fixed = new LinkedHashMap<>();
        Path source = layout.sourceDir();
        Path build = layout.buildDir();
        if (build.startsWith(source)) {
            fixed.put(build, FIXED_SOURCE.resolve(source.relativize(build).toString()));
            fixed.put(source, FIXED_SOURCE);
        } else if (source.startsWith(build)) {
            fixed.put(source, FIXED_BUILD.resolve(build.relativize(source).toString()));
            fixed.put(build, FIXED_BUILD);
        } else {
            fixed.put(build, FIXED_BUILD);
            fixed.put(source, FIXED_SOURCE);
        }
        return fixed;
    }

    /** A path as the client has it, of one a fixed-path job named (in its depfile, say); others as they are. */
    static Path toClient(Path path, TreeLayout layout) {
        for (Map.Entry<Path, Path> root : fixedRoots(layout).entrySet()) {
            if (path.startsWith(root.getValue())) {
                return root.getKey().resolve(root.getValue().relativize(path).toString());
            }
        }
        return path;
    }

    /** Text (a depfile) with the fixed paths a job wrote turned back into the client's own. */
    static String toClient(String text, TreeLayout layout) {
        String client = text;
        for (Map.Entry<Path, Path> root : fixedRoots(layout).entrySet()) {
            client = replacePath(client, root.getValue(), root.getKey());
        }
        return client;
    }

    private static boolean independent(NinjaEdge edge, TreeLayout layout) {
        if (!edge.rspfile().isEmpty()
                || !(CompileCommand.parse(edge.command(), layout.buildDir()) instanceof ParsedCommand.Compile compile)) {
            return false;
        }
        List<String> args = compile.command().arguments();
        boolean debug = args.stream().anyMatch(arg -> arg.startsWith("-g") && !arg.equals("-g0"));
        for (Path root : List.of(layout.sourceDir(), layout.buildDir())) {
            // Named where __FILE__ could carry it: any word but the prefix maps themselves.
            boolean named = args.stream().filter(arg -> !arg.matches("-f(file|macro|debug)-prefix-map=.*"))
                    .anyMatch(arg -> namesPath(arg, root));
            // __FILE__ carries a named directory; debug information names the build directory (its working
            // directory) and every named one.
            boolean needsMacroMap = named;
            boolean needsDebugMap = debug && (named || root.equals(layout.buildDir()));
            boolean fileMap = hasMap(args, "-ffile-prefix-map=", root);
            if (needsMacroMap && !fileMap && !hasMap(args, "-fmacro-prefix-map=", root)
                    || needsDebugMap && !fileMap && !hasMap(args, "-fdebug-prefix-map=", root)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasMap(List<String> args, String option, Path root) {
        return args.stream().anyMatch(arg -> arg.startsWith(option) && arg.substring(option.length()).startsWith(root + "="));
    }

    private static boolean namesPath(String command, Path root) {
        return pathPattern(root).matcher(command).find();
    }

    private static String replacePath(String command, Path from, Path to) {
        return pathPattern(from).matcher(command).replaceAll(Matcher.quoteReplacement(to.toString()));
    }

    /** The directory as a path in a command: followed by a slash, an end, or what ends a path. */
    private static Pattern pathPattern(Path root) {
        return Pattern.compile(Pattern.quote(root.toString()) + "(?=/|$|[\\s'\"=:,;)])");
    }
}
