package distbuild.ninjaplan;

import distbuild.buildfile.Lowering;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A ninja edge's job as wire commands: one script, so that a worker that lays the tree out with
 * bubblewrap does so once per job rather than once per step (a response file, when there is one,
 * is a cat command before it, which has no length limit). The script, in the job's tree:
 * <ol>
 *   <li>makes the copies of files the tree holds at several paths (see {@code buildfile}'s
 *       {@link Lowering}), and copies each dep's whole artifact in, links made again from the
 *       files that stand for them;
 *   <li>makes the outputs' directories (and those the command climbs out of), and lists what the
 *       build directory holds;
 *   <li>runs the edge's command through {@code /bin/sh -c} in the build directory, its exit code
 *       the job's;
 *   <li>removes the response file, as ninja does after a success, and moves into the output
 *       directory the declared outputs and every file the command added to the build directory,
 *       links as small files beside them.
 * </ol>
 * The edge's command and outputs travel as the script's arguments, never inside its text.
 */
final class NinjaLowering {
    /** Beside each symbolic link an edge makes: a file holding the link's target. */
    static final String LINK_SUFFIX = ".distbuild-link";

    private static final String RESTORE_LINKS = """
            find . -name '*%1$s' -type f -exec sh -c 'for f do ln -sfn "$(cat "$f")" "${f%%%1$s}" && rm -f "$f" || exit 1; done' sh {} + || exit 1
            """.formatted(LINK_SUFFIX);

    // After the caller's lines: $1 the command, then the declared outputs; $out, $dir, $cwd and $rsp set.
    // Paths keep a leading ./ so that none reads as an option. What a file's time says is not trusted
    // (a copy keeps its source's; the clock ticks coarsely): what the command added is found by name.
    private static final String RUN_AND_COLLECT = """
            before=$(find "$dir" ! -type d -print) || exit 1
            tree=$PWD
            cmd=$1; shift
            (cd "$cwd" && exec /bin/sh -c "$cmd") || exit $?
            cd "$tree" || exit 1
            if [ -n "$rsp" ]; then rm -f -- "$rsp"; fi
            keep() {
              [ -d "$out/${1%%/*}" ] || mkdir -p "$out/${1%%/*}" || exit 1
              if [ -L "$1" ]; then printf %%s "$(readlink "$1")" > "$out/$1%1$s" && rm -f "$1"; else mv -f "$1" "$out/$1"; fi || exit 1
            }
            for p do
              if [ -e "./$p" ] || [ -L "./$p" ]; then keep "./$p"; fi
            done
            added=$(find "$dir" ! -type d -print | grep -vxF -f /dev/fd/3 3<<EOF
            $before
            EOF
            )
            case $? in 0|1) ;; *) exit 1;; esac
            printf '%%s\n' "$added" | while IFS= read -r f; do
              [ -n "$f" ] || continue
              case $f in ./*) ;; *) f=./$f;; esac
              if [ -e "$f" ] || [ -L "$f" ]; then keep "$f"; fi
            done || exit 1
            """.formatted(LINK_SUFFIX);

    private NinjaLowering() {}

    /**
     * The job's commands.
     *
     * @param copies tree path → the canonical path the wire graph holds that content at
     * @param strays canonical paths the tree holds only to make such copies
     * @param deps the deps, each copied in whole
     * @param directories the tree directories to make before the command (its outputs' and those it climbs out of)
     * @param buildDirInTree the build directory's path in the tree ("." for the tree itself)
     * @param paths where the command runs, and as what
     * @param rspfile the response file's tree path, or null; {@code rspfileContent} its content
     * @param outputs the declared outputs' tree paths
     */
    static List<Cmd> lower(Map<String, String> copies, List<String> strays, List<Id> deps, Set<String> directories,
            String buildDirInTree, JobPaths paths, String rspfile, String rspfileContent, List<String> outputs) {
        List<Cmd> cmds = new ArrayList<>();
        if (rspfile != null) {
            cmds.add(new Cmd.Cat(Template.literal(rspfileContent), rspfile));
        }
        StringBuilder script = new StringBuilder("export LC_ALL=C\n");
        script.append("out=").append(Lowering.quote("{{.OutputDir}}")).append('\n');
        script.append("dir=").append(Lowering.quote(buildDirInTree)).append('\n');
        script.append("cwd=").append(Lowering.quote(paths.buildDir())).append('\n');
        script.append("rsp=").append(rspfile == null ? "''" : Lowering.quote(rspfile)).append('\n');
        Set<String> copyDirectories = new TreeSet<>();
        copies.keySet().forEach(path -> copyDirectories.add(parent(path)));
        copyDirectories.remove(".");
        if (!copyDirectories.isEmpty()) {
            script.append("mkdir -p --").append(words(copyDirectories)).append(" || exit 1\n");
        }
        new TreeMap<>(copies).forEach((path, canonical) -> script.append("cp -- ").append(Lowering.quote(canonical)).append(' ')
                .append(Lowering.quote(path)).append(" || exit 1\n"));
        for (String stray : new TreeSet<>(strays)) {
            script.append("rm -f -- ").append(Lowering.quote(stray)).append(" || exit 1\n");
        }
        if (!deps.isEmpty()) {
            script.append("for d in");
            deps.forEach(dep -> script.append(" \"{{index .Deps \"").append(dep.hex()).append("\"}}\""));
            script.append("; do cp -R \"$d/.\" . || exit 1; done\n");
            // A cache hands out read-only directories, and cp keeps that: the job's tree is its own to write.
            script.append("find . -type d ! -perm -u+w -exec chmod u+w {} + || exit 1\n");
            // Links come only with deps (as small files standing for them): made again here.
            script.append(RESTORE_LINKS);
        }
        Set<String> made = new TreeSet<>(directories);
        made.remove(".");
        // The declared outputs' directories in the output directory too, in the same one process.
        Set<String> outputDirectories = new TreeSet<>();
        outputs.forEach(output -> outputDirectories.add(parent(output)));
        StringBuilder inOutput = new StringBuilder();
        outputDirectories.forEach(dir -> inOutput.append(" \"$out\"/").append(Lowering.quote(dir)));
        if (!made.isEmpty() || !outputDirectories.isEmpty()) {
            script.append("mkdir -p --").append(words(made)).append(inOutput).append(" || exit 1\n");
        }
        script.append(RUN_AND_COLLECT);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script.toString(), "sh", Template.literal(paths.command())));
        argv.addAll(outputs);
        List<String> environ = new ArrayList<>();
        new TreeMap<>(Lowering.DEFAULT_ENVIRONMENT).forEach((key, value) -> environ.add(key + "=" + value));
        cmds.add(new Cmd.Exec(argv, environ, ""));
        return cmds;
    }

    private static String words(Set<String> paths) {
        StringBuilder words = new StringBuilder();
        paths.forEach(path -> words.append(' ').append(Lowering.quote(path)));
        return words.toString();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : path.substring(0, slash);
    }
}
