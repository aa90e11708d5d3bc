package distbuild.includes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one ordered list of directories a compile's lookups go through, as gcc builds it:
 * {@code -iquote} directories, then from {@link #bracketStart} {@code -I}, {@code -isystem}, the
 * compiler's own and {@code -idirafter} ones. {@code #include "x"} starts beside its includer
 * (unless {@code -I-}), then at 0; {@code #include <x>} starts at {@link #bracketStart};
 * {@code #include_next} starts after the directory where its includer was found.
 *
 * <p>Duplicates go as gcc removes them, since that decides where {@code #include_next} goes on
 * and which of two same-named headers wins: a {@code -I} directory that is also a system one is
 * searched only at its system place; a directory met again later in its list is dropped; and
 * the last quote directory goes if it is the first bracket one. Directories are compared by
 * identity (device and inode) when they exist. Unlike gcc, missing directories stay: another
 * edge may create them before the compile runs.
 */
record SearchChain(List<Path> directories, int bracketStart, boolean searchesIncluderDirectory) {
    SearchChain {
        directories = List.copyOf(directories);
    }

    private record Entry(Path directory, boolean system, Object identity) {}

    /**
     * The chain of {@code compile} with {@code toolchain}'s directories in it; {@code identity}
     * says which paths are the same directory.
     */
    static SearchChain of(CompileCommand compile, ToolchainDirectories toolchain, Function<Path, Object> identity) {
        List<Entry> bracket = new ArrayList<>();
        compile.bracketDirectories().forEach(dir -> bracket.add(new Entry(dir, false, identity.apply(dir))));
        compile.systemDirectories().forEach(dir -> bracket.add(new Entry(dir, true, identity.apply(dir))));
        toolchain.bracketDirectories().forEach(dir -> bracket.add(new Entry(dir, true, identity.apply(dir))));
        compile.afterDirectories().forEach(dir -> bracket.add(new Entry(dir, true, identity.apply(dir))));
        Set<Object> systemIdentities = new HashSet<>();
        bracket.stream().filter(Entry::system).forEach(entry -> systemIdentities.add(entry.identity()));
        List<Entry> keptBracket = withoutDuplicates(bracket, systemIdentities);

        List<Entry> quote = new ArrayList<>();
        compile.quoteDirectories().forEach(dir -> quote.add(new Entry(dir, false, identity.apply(dir))));
        toolchain.quoteDirectories().forEach(dir -> quote.add(new Entry(dir, true, identity.apply(dir))));
        List<Entry> keptQuote = withoutDuplicates(quote, systemIdentities);
        if (!keptQuote.isEmpty() && !keptBracket.isEmpty()
                && keptQuote.getLast().identity().equals(keptBracket.getFirst().identity())) {
            keptQuote.removeLast();
        }

        List<Path> directories = new ArrayList<>();
        keptQuote.forEach(entry -> directories.add(entry.directory()));
        keptBracket.forEach(entry -> directories.add(entry.directory()));
        return new SearchChain(directories, keptQuote.size(), compile.searchesIncluderDirectory());
    }

    private static List<Entry> withoutDuplicates(List<Entry> entries, Set<Object> systemIdentities) {
        List<Entry> kept = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (Entry entry : entries) {
            if (!entry.system() && systemIdentities.contains(entry.identity())) {
                continue;
            }
            if (seen.add(entry.identity())) {
                kept.add(entry);
            }
        }
        return kept;
    }
}
