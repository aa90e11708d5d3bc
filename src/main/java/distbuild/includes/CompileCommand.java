package distbuild.includes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A C-family compile as the scanner needs it: where it runs, what it preprocesses, and every
 * option that changes where {@code #include} looks. Paths are absolute but not normalised: the
 * compiler resolves {@code dir/../x.h} through {@code dir}, and so does the scanner.
 *
 * @param workingDirectory where the compiler runs (after any {@code cd} in the line)
 * @param arguments the compiler's arguments, response files expanded, the compiler first
 * @param sources the files it preprocesses, in order
 * @param quoteDirectories {@code -iquote} (and {@code -I} before {@code -I-}): for {@code #include "..."} only
 * @param bracketDirectories {@code -I}: where {@code #include <...>} starts
 * @param systemDirectories {@code -isystem}
 * @param afterDirectories {@code -idirafter}, {@code -iwithprefix}: after the compiler's own
 * @param searchesIncluderDirectory false after {@code -I-}: quoted includes do not start beside the includer
 * @param forcedIncludes {@code -imacros} then {@code -include} names, as given: looked up from the
 *     working directory, then as {@code #include "..."}
 * @param defines {@code -D} macros, by name, with their bodies ({@code 1} when none is given):
 *     computed includes may name them
 * @param toolchainFlags the options that change the compiler's own include directories
 * @param otherInputs files the compiler reads that are not headers: response files, profiles,
 *     sanitizer lists, precompiled headers named by option
 * @param otherCommands the line's other commands (a {@code cd} excepted), which the scanner does not follow
 */
public record CompileCommand(
        Path workingDirectory,
        List<String> arguments,
        List<SourceFile> sources,
        List<Path> quoteDirectories,
        List<Path> bracketDirectories,
        List<Path> systemDirectories,
        List<Path> afterDirectories,
        boolean searchesIncluderDirectory,
        List<String> forcedIncludes,
        Map<String, List<String>> defines,
        List<String> toolchainFlags,
        List<Path> otherInputs,
        List<List<String>> otherCommands) {

    public CompileCommand {
        arguments = List.copyOf(arguments);
        sources = List.copyOf(sources);
        quoteDirectories = List.copyOf(quoteDirectories);
        bracketDirectories = List.copyOf(bracketDirectories);
        systemDirectories = List.copyOf(systemDirectories);
        afterDirectories = List.copyOf(afterDirectories);
        forcedIncludes = List.copyOf(forcedIncludes);
        defines = Map.copyOf(defines);
        toolchainFlags = List.copyOf(toolchainFlags);
        otherInputs = List.copyOf(otherInputs);
        otherCommands = otherCommands.stream().map(List::copyOf).toList();
    }

    /**
     * Parses a command line as ninja runs it ({@code /bin/sh -c}) in {@code workingDirectory}
     * (the build directory). Response files are read from disk.
     */
    public static ParsedCommand parse(String commandLine, Path workingDirectory) {
        return parse(commandLine, workingDirectory, Map.of());
    }

    /**
     * As {@link #parse(String, Path)}, with the content of response files that do not exist yet
     * (ninja writes an edge's {@code rspfile} just before its command runs), by absolute path.
     */
    public static ParsedCommand parse(String commandLine, Path workingDirectory, Map<Path, String> pendingResponseFiles) {
        return CommandLines.parse(commandLine, workingDirectory.toAbsolutePath(), pendingResponseFiles);
    }

    /** The compiler as the command names it. */
    public String compiler() {
        return arguments.getFirst();
    }

    /** What decides the compiler's own include directories for {@code language}. */
    public Toolchain toolchain(Language language) {
        String compiler = compiler();
        if (compiler.contains("/")) {
            compiler = workingDirectory.resolve(compiler).normalize().toString();
        }
        return new Toolchain(compiler, language, toolchainFlags);
    }
}
