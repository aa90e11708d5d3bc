package distbuild.buildfile;

import distbuild.model.Cmd;
import distbuild.model.Id;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a build-file job into wire commands that any worker of the reference design runs
 * correctly, using nothing but {@code sh}, {@code mkdir}, {@code cp}, {@code rm} and {@code mv}:
 * <ol>
 *   <li>before the job's own commands, each dep's declared outputs are copied to the same
 *       relative paths in the job's source tree (a dep without declared outputs gives its whole
 *       artifact), files that the tree holds at several paths are copied to their other paths,
 *       and the parent directories of the job's outputs are created;
 *   <li>the job's commands run in its source tree, with the environment the build file gives;
 *   <li>its declared outputs are moved into its output directory at the same relative paths,
 *       and a missing one fails the job, naming it.
 * </ol>
 * Copies rather than links: a dep's declared outputs in the tree are the job's to change, as
 * with make. (A dep without declared outputs is copied whole, and its files stay read-only.)
 */
public final class Lowering {
    /** One dep: its ID, and its declared outputs (empty: the whole artifact). */
    public record DepOutputs(Id id, List<String> outputs) {}

    /**
     * What the lowering needs of a job.
     *
     * @param copies for each path the job reads whose content the graph lists at another path:
     *     path → that other (canonical) path, which the job's tree holds instead
     * @param strays canonical paths the tree holds only to make such copies, removed after them
     * @param workingDirectory where the job's own commands run: "" for the tree, else a path relative
     *     to it or absolute (a generated build's directory, seen there through {@link distbuild.model.Needs#treeAt()})
     */
    public record Shape(List<Command> commands, List<String> environ, List<DepOutputs> deps, List<String> outputs,
            Map<String, String> copies, List<String> strays, String workingDirectory) {
        public Shape(List<Command> commands, List<String> environ, List<DepOutputs> deps, List<String> outputs,
                Map<String, String> copies, List<String> strays) {
            this(commands, environ, deps, outputs, copies, strays, "");
        }
    }

    /** The environment every job runs with, unless its build adds to it: nothing of the machine it runs on. */
    public static final Map<String, String> DEFAULT_ENVIRONMENT = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./+=:@%,-]+");

    // Copies the whole artifact of each dep given as an argument into the tree; directories come
    // out read-only from a sealed cache, so they are made writable for the next dep and the job.
    private static final String COPY_WHOLE_ARTIFACTS =
            "for d do cp -R \"$d/.\" . || exit 1; find . -type d ! -perm -u+w -exec chmod u+w {} + || exit 1; done";

    // Removes each file given, and then its directories as far up as they are left empty.
    private static final String REMOVE_STRAYS = "for f do rm -f -- \"$f\" || exit 1; d=$f;"
            + " while case $d in */*) d=${d%/*};; *) false;; esac; do rmdir -- \"$d\" 2>/dev/null || break; done; done";

    private Lowering() {}

    public static List<Cmd> lower(Shape shape) {
        List<Cmd> cmds = new ArrayList<>();
        // First the source tree itself: copies of files it holds at other paths, then the removal of
        // paths held only for those copies (which may leave directories empty and remove them).
        SortedSet<String> copyDirectories = new TreeSet<>();
        shape.copies().keySet().forEach(path -> copyDirectories.add(parent(path)));
        makeDirectories(copyDirectories, cmds);
        new TreeMap<>(shape.copies()).forEach((path, canonical) -> cmds.add(new Cmd.Exec(List.of("cp", "--", canonical, path))));
        if (!shape.strays().isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("sh", "-c", REMOVE_STRAYS, "sh"));
            argv.addAll(new TreeSet<>(shape.strays()));
            cmds.add(new Cmd.Exec(argv));
        }
        // Then the deps' outputs, and the directories the job's own outputs go in.
        List<String> wholeArtifacts = new ArrayList<>();
        SortedSet<String> directories = new TreeSet<>();
        SortedMap<String, List<String>> copiesByDirectory = new TreeMap<>();
        for (DepOutputs dep : shape.deps()) {
            String artifact = "{{index .Deps \"" + dep.id().hex() + "\"}}";
            if (dep.outputs().isEmpty()) {
                wholeArtifacts.add(artifact);
            }
            for (String output : dep.outputs()) {
                String directory = parent(output);
                directories.add(directory);
                copiesByDirectory.computeIfAbsent(directory, d -> new ArrayList<>()).add(artifact + "/" + output);
            }
        }
        shape.outputs().forEach(output -> directories.add(parent(output)));
        if (!wholeArtifacts.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("sh", "-c", COPY_WHOLE_ARTIFACTS, "sh"));
            argv.addAll(wholeArtifacts);
            cmds.add(new Cmd.Exec(argv));
        }
        makeDirectories(directories, cmds);
        copiesByDirectory.forEach((directory, sources) -> {
            List<String> argv = new ArrayList<>(List.of("cp", "-R", "--"));
            argv.addAll(sources);
            argv.add(directory.isEmpty() ? "./" : directory + "/");
            cmds.add(new Cmd.Exec(argv));
        });
        // A cache hands out read-only files, and cp keeps that; the copies are the job's to change.
        List<String> copied = shape.deps().stream().flatMap(dep -> dep.outputs().stream()).sorted().toList();
        if (!copied.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("chmod", "-R", "u+w", "--"));
            argv.addAll(copied);
            cmds.add(new Cmd.Exec(argv));
        }
        for (Command command : shape.commands()) {
            List<String> argv = switch (command) {
                case Command.Shell shell -> List.of("sh", "-ec", shell.script());
                case Command.Argv program -> program.argv();
            };
            cmds.add(new Cmd.Exec(argv, shape.environ(), shape.workingDirectory()));
        }
        if (!shape.outputs().isEmpty()) {
            cmds.add(new Cmd.Exec(List.of("sh", "-c", collectScript(shape.outputs()), "sh", "{{.OutputDir}}")));
        }
        return cmds;
    }

    /** One {@code mkdir -p} for all of {@code directories} but the root, if any are left. */
    private static void makeDirectories(SortedSet<String> directories, List<Cmd> cmds) {
        directories.remove("");
        if (!directories.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("mkdir", "-p", "--"));
            argv.addAll(leavesOnly(directories));
            cmds.add(new Cmd.Exec(argv));
        }
    }

    /** Checks that every output exists, then moves them into the output directory ($1), one mv per directory. */
    private static String collectScript(List<String> outputs) {
        SortedMap<String, List<String>> byDirectory = new TreeMap<>();
        for (String output : new TreeSet<>(outputs)) {
            byDirectory.computeIfAbsent(parent(output), d -> new ArrayList<>()).add(output);
        }
        StringBuilder script = new StringBuilder("for p in");
        new TreeSet<>(outputs).forEach(output -> script.append(' ').append(quote(output)));
        script.append("; do [ -e \"$p\" ] || { echo \"distbuild: the job did not create its declared output '$p'\" >&2;"
                + " exit 1; }; done");
        SortedSet<String> directories = new TreeSet<>(byDirectory.keySet());
        directories.remove("");
        if (!directories.isEmpty()) {
            script.append("\nmkdir -p");
            leavesOnly(directories).forEach(directory -> script.append(" \"$1\"/").append(quote(directory)));
        }
        List<String> moves = new ArrayList<>();
        byDirectory.forEach((directory, files) -> {
            StringBuilder move = new StringBuilder("mv --");
            files.forEach(file -> move.append(' ').append(quote(file)));
            move.append(" \"$1\"/").append(directory.isEmpty() ? "" : quote(directory) + "/");
            moves.add(move.toString());
        });
        // The last mv replaces the shell: one process fewer for every job.
        script.append('\n').append(String.join(" && ", moves.subList(0, moves.size() - 1)));
        script.append(moves.size() > 1 ? " && exec " : "exec ").append(moves.getLast());
        return script.toString();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code mkdir -p a/b} makes {@code a} too: drop directories that another one lies under. */
    private static List<String> leavesOnly(SortedSet<String> directories) {
        List<String> leaves = new ArrayList<>();
        for (String directory : directories) {
            boolean isParent = directories.tailSet(directory + "/").stream().findFirst()
                    .filter(next -> next.startsWith(directory + "/")).isPresent();
            if (!isParent) {
                leaves.add(directory);
            }
        }
        return leaves;
    }

    /** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
    public static String quote(String word) {
        return PLAIN_WORD.matcher(word).matches() && !word.startsWith("-") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
