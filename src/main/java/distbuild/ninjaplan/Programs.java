package distbuild.ninjaplan;

import distbuild.files.Compilers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The programs a command runs, by content: part of every job's identity, so that a cache never
 * hands out a result another compiler made, and checked by the worker that runs it. A compiler
 * driver is counted with the programs it runs itself (its compiler proper, {@code cc1}, and its
 * assembler), which another version of the same package would change. Programs of the build's own
 * tree (a tool built earlier in the build) are its inputs, not the machine's, and not counted here.
 */
final class Programs {
    private static final java.util.Set<String> NOT_PROGRAMS = java.util.Set.of("cd", ":", "true", "false", "exit",
            "test", "[", "echo", "printf", "set", "export", "exec", "if", "then", "else", "fi", "for", "do", "done", "while");

    private final TreeLayout layout;

    Programs(TreeLayout layout) {
        this.layout = layout;
    }

    /** Programs that run the next word of their command: the compiler behind them is pinned too. */
    private static final java.util.Set<String> LAUNCHERS = java.util.Set.of("ccache", "sccache", "distcc", "icecc", "env",
            "nice", "time", "nohup");

    /** Each machine program {@code command} runs → its SHA-256. */
    Map<String, String> of(String command) throws IOException {
        Map<String, String> programs = new TreeMap<>();
        for (String word : programWords(command)) {
            if (NOT_PROGRAMS.contains(word) || word.contains("=")) {
                continue;
            }
            Optional<Path> program = resolve(word);
            if (program.isEmpty() || layout.treePath(program.get()).isPresent()) {
                continue;
            }
            programs.put(program.get().toString(), digest(program.get()));
            if (Compilers.DRIVER.matcher(program.get().getFileName().toString()).matches()) {
                for (Path part : Compilers.partsOf(program.get())) {
                    programs.put(part.toString(), digest(part));
                }
            }
        }
        return programs;
    }

    /** The first word of each simple command, and behind a launcher ({@code ccache cc …}) the program it runs. */
    private static List<String> programWords(String command) {
        List<String> words = new ArrayList<>();
        for (List<String> simple : ShellWords.simpleCommands(command)) {
            int i = 0;
            while (i < simple.size() && simple.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                i++;
            }
            for (; i < simple.size(); i++) {
                String word = simple.get(i);
                if (word.startsWith("-") || word.contains("=")) {
                    continue; // a launcher's option or setting
                }
                words.add(word);
                if (!LAUNCHERS.contains(Path.of(word).getFileName().toString())) {
                    break;
                }
            }
        }
        return words;
    }

    /** A program as the job's shell finds it: a path as it is, a name on the jobs' PATH. */
    private Optional<Path> resolve(String word) {
        if (word.contains("/")) {
            Path path = word.startsWith("/") ? Path.of(word) : layout.buildDir().resolve(word);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path.normalize()) : Optional.empty();
        }
        return Compilers.onSearchPath(word);
    }

    private static String digest(Path program) throws IOException {
        return distbuild.files.FileDigests.programSha256(program);
    }
}
