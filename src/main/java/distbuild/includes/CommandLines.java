package distbuild.includes;

import distbuild.includes.ShellLine.SimpleCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * From a shell line to the compile in it: splits the line, follows {@code cd}, drops launchers
 * ({@code ccache}, {@code env X=y}, ...) and hands the compiler's words to
 * {@link CompilerArguments}. The other commands of the line are kept, not followed.
 */
final class CommandLines {
    /** gcc and clang drivers, with a target prefix ({@code x86_64-linux-gnu-gcc}) or a version ({@code clang-16}). */
    private static final Pattern DRIVER = Pattern.compile("(?:[\\w.+-]*-)?(?:cc|c\\+\\+|gcc|g\\+\\+|clang|clang\\+\\+)"
            + "(?:-\\d+(?:\\.\\d+)*)?");
    /** Compilers whose options differ from gcc's, or that add include directories of their own. */
    private static final Pattern OTHER_COMPILER = Pattern.compile("(?:cl|cl\\.exe|clang-cl(?:\\.exe)?|nvcc|icc|icpc|icx"
            + "|icpx|mpicc|mpicxx|mpic\\+\\+|emcc|em\\+\\+|zig|tcc|xlc|xlC|suncc|sunCC)");
    /** Wrappers that run the compiler given after them with the same arguments. */
    private static final Set<String> LAUNCHERS = Set.of("ccache", "sccache", "distcc", "icecc", "buildcache");
    /** Variables that change where gcc and clang look for headers or for their own parts. */
    private static final Set<String> LOOKUP_VARIABLES = Set.of("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
            "OBJC_INCLUDE_PATH", "OBJCPLUS_INCLUDE_PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH");
    private static final Set<String> NO_OPERATION = Set.of(":", "true");

    private CommandLines() {}

    static ParsedCommand parse(String line, Path workingDirectory, Map<Path, String> pendingResponseFiles) {
        ShellLine shell;
        try {
            shell = ShellLine.split(line);
        } catch (ShellLine.UnsupportedShellException e) {
            return new ParsedCommand.Unsupported("the command " + e.getMessage());
        }
        if (shell.commands().isEmpty()) {
            return new ParsedCommand.NotACompile("the command is empty");
        }
        Path directory = workingDirectory;
        ParsedCommand.Compile compile = null;
        List<List<String>> others = new ArrayList<>();
        String firstProgram = null;
        for (SimpleCommand command : shell.commands()) {
            List<String> words = command.words();
            int start = 0;
            while (start < words.size() && isAssignment(words.get(start))) {
                String variable = words.get(start).substring(0, words.get(start).indexOf('='));
                if (LOOKUP_VARIABLES.contains(variable)) {
                    return new ParsedCommand.Unsupported("the command sets " + variable
                            + ", which changes where the compiler looks for files");
                }
                start++;
            }
            words = words.subList(start, words.size());
            if (words.isEmpty()) {
                continue;
            }
            String program = baseName(words.getFirst());
            if (firstProgram == null && !program.equals("cd") && !NO_OPERATION.contains(program)) {
                firstProgram = program;
            }
            if (program.equals("cd")) {
                if (words.size() != 2) {
                    return new ParsedCommand.Unsupported("the command runs 'cd' with " + (words.size() - 1)
                            + " arguments: only 'cd DIR' is followed");
                }
                directory = directory.resolve(words.get(1));
                continue;
            }
            if (NO_OPERATION.contains(program)) {
                continue;
            }
            List<String> compiler;
            try {
                compiler = withoutLaunchers(words);
            } catch (UnsupportedLauncherException e) {
                return new ParsedCommand.Unsupported(e.getMessage());
            }
            String compilerName = compiler.isEmpty() ? "" : baseName(compiler.getFirst());
            if (OTHER_COMPILER.matcher(compilerName).matches()) {
                return new ParsedCommand.Unsupported("the command runs '" + compilerName
                        + "', a compiler whose options are not read here (only gcc's and clang's)");
            }
            if (!DRIVER.matcher(compilerName).matches()) {
                others.add(words);
                continue;
            }
            ParsedCommand parsed = CompilerArguments.read(compiler, directory, pendingResponseFiles);
            switch (parsed) {
                case ParsedCommand.Compile found -> {
                    if (compile != null) {
                        return new ParsedCommand.Unsupported("the command runs two compiles ("
                                + String.join(" ", compile.command().arguments()) + " and "
                                + String.join(" ", compiler) + "): split them into two edges");
                    }
                    compile = found;
                }
                case ParsedCommand.NotACompile notACompile -> others.add(words);
                case ParsedCommand.Unsupported unsupported -> {
                    return unsupported;
                }
            }
        }
        if (compile == null) {
            return new ParsedCommand.NotACompile(firstProgram == null ? "the command only sets variables"
                    : "the command runs '" + firstProgram + "', not a C or C++ compile with -c, -S or -E");
        }
        CompileCommand found = compile.command();
        return new ParsedCommand.Compile(new CompileCommand(found.workingDirectory(), found.arguments(), found.sources(),
                found.quoteDirectories(), found.bracketDirectories(), found.systemDirectories(),
                found.afterDirectories(), found.searchesIncluderDirectory(), found.forcedIncludes(), found.defines(),
                found.toolchainFlags(), found.otherInputs(), others));
    }

    private static final class UnsupportedLauncherException extends Exception {
        UnsupportedLauncherException(String message) {
            super(message);
        }
    }

    /** The words of the program a launcher runs, or {@code words} if it starts with none. */
    private static List<String> withoutLaunchers(List<String> words) throws UnsupportedLauncherException {
        int at = 0;
        while (at < words.size()) {
            String program = baseName(words.get(at));
            if (LAUNCHERS.contains(program) || program.equals("env")) {
                at++;
                while (at < words.size() && isAssignment(words.get(at))) {
                    String variable = words.get(at).substring(0, words.get(at).indexOf('='));
                    if (LOOKUP_VARIABLES.contains(variable)) {
                        throw new UnsupportedLauncherException("the command sets " + variable
                                + ", which changes where the compiler looks for files");
                    }
                    at++;
                }
                if (at < words.size() && words.get(at).startsWith("-")) {
                    throw new UnsupportedLauncherException("the command runs '" + program + " " + words.get(at)
                            + "': options of " + program + " are not read here");
                }
            } else if (program.equals("cmake") && words.size() > at + 2 && words.get(at + 1).equals("-E")
                    && words.get(at + 2).equals("__run_co_compile")) {
                throw new UnsupportedLauncherException("the command runs CMake's co-compile (clang-tidy, cpplint,"
                        + " include-what-you-use or cppcheck beside the compiler), which reads files of its own");
            } else {
                break;
            }
        }
        return words.subList(at, words.size());
    }

    private static boolean isAssignment(String word) {
        int equals = word.indexOf('=');
        if (equals <= 0 || !(Character.isLetter(word.charAt(0)) || word.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < equals; i++) {
            char c = word.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String baseName(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }
}
