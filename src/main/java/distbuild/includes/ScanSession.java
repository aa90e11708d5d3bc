package distbuild.includes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One build's view of the file system over the shared {@link DirectiveCache}: the tree is taken
 * to stand still while the session lives, so each path is looked at once, each file's directives
 * are fetched once, and each lookup (a name from a place in a search chain) is answered once for
 * all the compiles that make it. Start a new session for each build. Thread-safe: compiles may
 * be scanned in parallel.
 */
public final class ScanSession {
    /** Where a file was found when it was found beside its includer, or from the working directory by {@code -include}. */
    static final int INCLUDER_DIRECTORY = -1;
    /** Where a file was found when no search was made: a source, or an absolute name. */
    static final int NO_SEARCH_PATH = -2;

    private final ScanScope scope;
    private final DirectiveCache cache;
    private final CompilerSearchPaths compilers;
    /** Scans remembered from earlier builds, or null. */
    private final ScanMemo memo;
    private final ConcurrentHashMap<Path, FileState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, FileDirectives> directives = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ChainKey, Chain> chains = new ConcurrentHashMap<>();
    private final AtomicInteger chainIds = new AtomicInteger();
    private final ConcurrentHashMap<LookupKey, Lookup> lookups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, Path> reportedNames = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, List<Path>> directoryFiles = new ConcurrentHashMap<>();

    ScanSession(ScanScope scope, DirectiveCache cache, CompilerSearchPaths compilers, ScanMemo memo) {
        this.scope = scope;
        this.cache = cache;
        this.compilers = compilers;
        this.memo = memo;
    }

    public ScanScope scope() {
        return scope;
    }

    /**
     * Every file {@code compile} may read. An {@link IncludeScanException} says why there is no
     * answer (the compiler cannot be asked for its directories, a file cannot be read).
     */
    public ScanResult scan(CompileCommand compile) {
        if (memo != null) {
            java.util.Optional<ScanResult> remembered = memo.recall(compile, this);
            if (remembered.isPresent()) {
                return remembered.get();
            }
        }
        CompileScan scan = new CompileScan(this, compile);
        ScanResult result = scan.run();
        if (memo != null && scan.isRepeatable(result)) {
            memo.remember(compile, this, result, scan.observed(), scan.lookupsUsed());
        }
        return result;
    }

    /** A search chain with a number that is cheap to hash in lookup keys. */
    record Chain(int id, SearchChain chain) {}

    private record ChainKey(Toolchain toolchain, List<Path> quote, List<Path> bracket, List<Path> system,
            List<Path> after, boolean searchesIncluderDirectory) {}

    Chain chain(CompileCommand compile, Language language) {
        Toolchain toolchain = compile.toolchain(language);
        ChainKey key = new ChainKey(toolchain, compile.quoteDirectories(), compile.bracketDirectories(),
                compile.systemDirectories(), compile.afterDirectories(), compile.searchesIncluderDirectory());
        Chain known = chains.get(key);
        if (known != null) {
            return known;
        }
        ToolchainDirectories own = compilers.directories(toolchain);
        Chain made = new Chain(chainIds.incrementAndGet(), SearchChain.of(compile, own, this::directoryIdentity));
        Chain raced = chains.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /**
     * What a lookup found: a file (on disk, or generated and not yet there) or nothing, and what it
     * passed; {@code consulted} is every path whose state decided it (for {@link ScanMemo}).
     */
    record Lookup(Path found, int index, FileState.RegularFile state, boolean generated, List<Path> missingUnderRoots,
            List<Path> precompiled, List<Path> precompiledGenerated, List<Path> consulted) {
        boolean isFound() {
            return found != null;
        }
    }

    private record LookupKey(int chain, Path includerDirectory, String name, int start, Object skip) {}

    /**
     * Looks {@code name} up: beside {@code includerDirectory} first if it is not null, then
     * through {@code chain} from {@code start}. A file that is {@code skip} (the includer of an
     * {@code #include_next}) is passed over, so that a directory listed twice cannot make it
     * find itself where the compiler would go on.
     */
    Lookup lookup(Chain chain, Path includerDirectory, String name, int start, Object skip) {
        LookupKey key = new LookupKey(chain.id(), includerDirectory, name, start, skip);
        Lookup known = lookups.get(key);
        if (known != null) {
            return known;
        }
        Lookup made = search(chain.chain(), includerDirectory, name, start, skip);
        lookups.putIfAbsent(key, made);
        return made;
    }

    private Lookup search(SearchChain chain, Path includerDirectory, String name, int start, Object skip) {
        List<Path> missing = new ArrayList<>();
        List<Path> precompiled = new ArrayList<>();
        List<Path> precompiledGenerated = new ArrayList<>();
        List<Path> consulted = new ArrayList<>();
        Path absolute;
        try {
            absolute = name.isEmpty() ? null : Path.of(name);
        } catch (InvalidPathException e) {
            return new Lookup(null, NO_SEARCH_PATH, null, false, missing, precompiled, precompiledGenerated, consulted);
        }
        if (absolute == null) {
            return new Lookup(null, NO_SEARCH_PATH, null, false, missing, precompiled, precompiledGenerated, consulted);
        }
        List<Path> candidates = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        if (absolute.isAbsolute()) {
            candidates.add(absolute);
            indexes.add(NO_SEARCH_PATH);
        } else {
            if (includerDirectory != null) {
                candidates.add(includerDirectory.resolve(name));
                indexes.add(INCLUDER_DIRECTORY);
            }
            for (int i = start; i < chain.directories().size(); i++) {
                candidates.add(chain.directories().get(i).resolve(name));
                indexes.add(i);
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            Path candidate = candidates.get(i);
            Path normalized = candidate.normalize();
            boolean underRoots = scope.isUnderRoots(normalized);
            if (underRoots) {
                // gcc takes a valid name.gch in a directory before the header itself.
                Path gch = Path.of(candidate + ".gch");
                consulted.add(gch);
                if (state(gch) instanceof FileState.RegularFile) {
                    precompiled.add(gch);
                } else if (scope.generatedFiles().contains(gch.normalize())) {
                    precompiledGenerated.add(gch.normalize());
                }
            }
            consulted.add(candidate);
            FileState state = state(candidate);
            if (state instanceof FileState.RegularFile file) {
                if (skip != null && file.identity().equals(skip)) {
                    continue;
                }
                return new Lookup(candidate, indexes.get(i), file, scope.generatedFiles().contains(normalized), missing,
                        precompiled, precompiledGenerated, consulted);
            }
            if (scope.generatedFiles().contains(normalized)) {
                return new Lookup(candidate, indexes.get(i), null, true, missing, precompiled, precompiledGenerated, consulted);
            }
            if (underRoots) {
                missing.add(normalized);
            }
        }
        return new Lookup(null, NO_SEARCH_PATH, null, false, missing, precompiled, precompiledGenerated, consulted);
    }

    /** What {@code path} is, looked at once per session. */
    FileState state(Path path) {
        FileState known = states.get(path);
        if (known != null) {
            return known;
        }
        FileState state;
        try {
            if (!Files.exists(path)) {
                // Most paths a scan looks at are places a header is not; asked this way, without the
                // exception that reading an absent file's attributes throws, each costs a fifth.
                state = FileState.MISSING;
                FileState raced = states.putIfAbsent(path, state);
                return raced != null ? raced : state;
            }
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object identity = attributes.fileKey() != null ? attributes.fileKey() : path.toAbsolutePath().normalize();
            state = attributes.isRegularFile() ? new FileState.RegularFile(identity, attributes)
                    : attributes.isDirectory() ? new FileState.Directory(identity) : FileState.MISSING;
        } catch (IOException | SecurityException e) {
            // Absent or unreachable: the compiler's open fails there too and it looks further.
            state = FileState.MISSING;
        }
        FileState raced = states.putIfAbsent(path, state);
        return raced != null ? raced : state;
    }

    /** What makes two paths the same directory: its inode if it exists, else its normalised path. */
    Object directoryIdentity(Path directory) {
        return state(directory) instanceof FileState.Directory found ? found.identity()
                : directory.toAbsolutePath().normalize();
    }

    FileDirectives directives(Path path, FileState.RegularFile file) {
        FileDirectives known = directives.get(file.identity());
        if (known != null) {
            return known;
        }
        FileDirectives parsed;
        try {
            parsed = cache.directives(path, file.attributes());
        } catch (NoSuchFileException e) {
            throw new IncludeScanException(path + " was removed while the build was being scanned", e);
        } catch (IOException e) {
            throw new IncludeScanException("cannot read " + path + " to find what it includes: " + e.getMessage(), e);
        }
        directives.putIfAbsent(file.identity(), parsed);
        return parsed;
    }

    /**
     * The name to report for a file found as {@code named}: normalised, unless a {@code ..} in it
     * follows a symbolic link (then the lexical form is another file, and the real path is given).
     */
    Path reported(Path named) {
        Path known = reportedNames.get(named);
        if (known != null) {
            return known;
        }
        Path normalized = named.normalize();
        Path reported = normalized;
        boolean hasParentStep = false;
        for (Path part : named) {
            hasParentStep |= part.toString().equals("..");
        }
        if (hasParentStep && state(named) instanceof FileState.RegularFile file
                && !(state(normalized) instanceof FileState.RegularFile same && same.identity().equals(file.identity()))) {
            try {
                reported = named.toRealPath();
            } catch (IOException e) {
                reported = normalized;
            }
        }
        reportedNames.putIfAbsent(named, reported);
        return reported;
    }

    /** Every file under {@code directory} (symbolic links not followed into directories), listed once per session. */
    List<Path> filesUnder(Path directory) {
        List<Path> known = directoryFiles.get(directory);
        if (known != null) {
            return known;
        }
        List<Path> files;
        if (!(state(directory) instanceof FileState.Directory)) {
            files = List.of();
        } else {
            try (Stream<Path> found = Files.find(directory, Integer.MAX_VALUE,
                    (path, attributes) -> attributes.isRegularFile() || attributes.isSymbolicLink())) {
                files = found.toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new IncludeScanException("cannot list " + directory + " to take every file in it: "
                        + e.getMessage(), e);
            }
        }
        directoryFiles.putIfAbsent(directory, files);
        return files;
    }
}
