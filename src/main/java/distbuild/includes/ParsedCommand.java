package distbuild.includes;

/**
 * What a command line is to the scanner: a compile it understands, something that is not a
 * compile (a link, an archive, a code generator: it reads no headers through a search path), or
 * a compile it does not understand, which the caller must not send with the scanner's files
 * alone.
 */
public sealed interface ParsedCommand {
    /** A C-family compile whose every lookup option is known. */
    record Compile(CompileCommand command) implements ParsedCommand {}

    /** Not a compile: the files it reads are whatever its edge declares. */
    record NotACompile(String why) implements ParsedCommand {}

    /**
     * A compile (or what may be one) whose files cannot be found by scanning; {@code why} says
     * what stopped it, for the person who wrote the build.
     */
    record Unsupported(String why) implements ParsedCommand {}
}
