package distbuild.includes;

import distbuild.includes.ScanSession.Chain;
import distbuild.includes.ScanSession.Lookup;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The walk for one compile: from its sources, {@code -include} files and gcc's implicit
 * {@code stdc-predef.h}, through every directive of every file reached, each looked up as the
 * compiler would from where its includer was found. Computed includes are expanded with the
 * definitions of every file reached until nothing new is found; those that cannot be expanded
 * simply take whole directories. Single-threaded; the session it runs in is shared.
 */
final class CompileScan {
    private final ScanSession session;
    private final CompileCommand compile;
    private final ScanScope scope;

    private final Set<Path> shipped = new HashSet<>();
    private final Set<Path> generated = new HashSet<>();
    private final Set<Path> notYetGenerated = new HashSet<>();
    private final Set<Path> system = new HashSet<>();
    private final Set<Path> systemDirectories = new LinkedHashSet<>();
    private final Set<Path> missing = new HashSet<>();
    private final List<ScanResult.NotFound> notFound = new ArrayList<>();
    private final List<ScanResult.UnresolvedInclude> unresolved = new ArrayList<>();
    private final Set<Path> wholeDirectories = new LinkedHashSet<>();

    /**
     * What this scan's answer depends on, to check a remembered answer against: the paths it looked
     * at itself, and the lookups it used (shared by the compiles of a session, each with the paths
     * it looked at).
     */
    private final Set<Path> observed = new LinkedHashSet<>();
    private final Set<Lookup> lookupsUsed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** False once the answer depends on more than these say (a real path taken, a directory listed). */
    private boolean repeatable = true;

    private final Set<NodeKey> visited = new HashSet<>();
    private final ArrayDeque<Node> queue = new ArrayDeque<>();
    /** The directives of every file read, by identity: their defines are what computed includes may use. */
    private final Map<Object, FileDirectives> read = new LinkedHashMap<>();
    private final List<Computed> computed = new ArrayList<>();
    private final Set<ComputedKey> computedSeen = new HashSet<>();

    /** A file to read, with where it was found: that decides where its {@code #include_next} goes on. */
    private record Node(Path path, int index, FileState.RegularFile file, Chain chain) {}

    /** A file read from one place of one chain is read once; its directory (by identity) decides its quoted lookups. */
    private record NodeKey(Object file, Object directory, int index, int chain) {}

    private record ComputedKey(Object file, Object directory, int chain, IncludeDirective directive, int place) {}

    /** A computed include met in {@code includer}, and the names tried for it so far. */
    private static final class Computed {
        final Node includer;
        final IncludeDirective directive;
        final Set<HeaderName> tried = new HashSet<>();
        MacroExpansion expansion;
        boolean widened;

        Computed(Node includer, IncludeDirective directive) {
            this.includer = includer;
            this.directive = directive;
        }
    }

    CompileScan(ScanSession session, CompileCommand compile) {
        this.session = session;
        this.compile = compile;
        this.scope = session.scope();
    }

    ScanResult run() {
        for (SourceFile source : compile.sources()) {
            Chain chain = session.chain(compile, source.language());
            for (Path directory : chain.chain().directories()) {
                Path normalized = directory.normalize();
                if (!scope.isUnderRoots(normalized)) {
                    systemDirectories.add(normalized);
                }
            }
            // gcc reads stdc-predef.h first, as if by -include <stdc-predef.h>; a superset for clang.
            accept(session.lookup(chain, null, "stdc-predef.h", chain.chain().bracketStart(), null),
                    IncludeDirective.Kind.INCLUDE, chain, null, 0, null);
            for (String forced : compile.forcedIncludes()) {
                // -include and -imacros look in the working directory first, then along the quote chain.
                accept(session.lookup(chain, compile.workingDirectory(), forced, 0, null), IncludeDirective.Kind.INCLUDE,
                        chain, compile.workingDirectory(), 0, new HeaderName.Quoted(forced));
            }
            Path path = source.path();
            observed.add(path);
            if (session.state(path) instanceof FileState.RegularFile file) {
                record(path);
                queue.add(new Node(path, ScanSession.NO_SEARCH_PATH, file, chain));
            } else if (scope.generatedFiles().contains(path.normalize())) {
                generated.add(path.normalize());
                notYetGenerated.add(path.normalize());
            } else {
                notFound.add(new ScanResult.NotFound(compile.workingDirectory(), 0, new HeaderName.Quoted(path.toString())));
            }
        }
        for (Path input : compile.otherInputs()) {
            observed.add(input);
            if (session.state(input) instanceof FileState.RegularFile) {
                record(input);
            } else if (scope.generatedFiles().contains(input.normalize())) {
                generated.add(input.normalize());
            } else if (scope.isUnderRoots(input.normalize())) {
                missing.add(input.normalize());
            }
        }
        walk();
        return new ScanResult(new TreeSet<>(shipped), new TreeSet<>(generated), new TreeSet<>(notYetGenerated),
                new TreeSet<>(system), List.copyOf(systemDirectories), new TreeSet<>(missing), notFound, unresolved,
                List.copyOf(wholeDirectories));
    }

    private void walk() {
        while (true) {
            while (!queue.isEmpty()) {
                visit(queue.poll());
            }
            if (!expandComputed() && !widenComputed()) {
                return;
            }
        }
    }

    /**
     * The paths this scan looked at itself (beyond the compile command, the scope and the search
     * chain): its sources and other inputs, every includer's directory, names it normalised.
     */
    Set<Path> observed() {
        return observed;
    }

    /** The lookups this scan used, each with the paths it looked at ({@link Lookup#consulted}). */
    Set<Lookup> lookupsUsed() {
        return lookupsUsed;
    }

    /**
     * Whether {@code result} (this scan's) can be given again while every path it looked at (its
     * own and its lookups') stays as it is: not when it waits for generated files, takes whole
     * directories, or names a file by a real path that links decided.
     */
    boolean isRepeatable(ScanResult result) {
        return repeatable && result.isComplete() && !result.isOverApproximated() && result.wholeDirectories().isEmpty();
    }

    private void visit(Node node) {
        Path directory = node.path().getParent();
        observed.add(directory);
        NodeKey key = new NodeKey(node.file().identity(), session.directoryIdentity(directory), node.index(),
                node.chain().id());
        if (!visited.add(key)) {
            return;
        }
        FileDirectives directives = session.directives(node.path(), node.file());
        read.putIfAbsent(node.file().identity(), directives);
        for (IncludeDirective directive : directives.includes()) {
            switch (directive.target()) {
                case HeaderName.Computed text -> {
                    // A file read again from another place expands its macros as before; only #include_next differs.
                    int place = directive.kind().isNext() ? node.index() : 0;
                    if (computedSeen.add(new ComputedKey(key.file(), key.directory(), key.chain(), directive, place))) {
                        computed.add(new Computed(node, directive));
                    }
                }
                case HeaderName.Quoted quoted -> follow(node, directive.kind(), quoted, directive.line());
                case HeaderName.Angled angled -> follow(node, directive.kind(), angled, directive.line());
            }
        }
    }

    /** Looks up a header name that {@code includer} names, as the compiler would from where the includer was found. */
    private void follow(Node includer, IncludeDirective.Kind kind, HeaderName name, int line) {
        Chain chain = includer.chain();
        String file = switch (name) {
            case HeaderName.Quoted quoted -> quoted.name();
            case HeaderName.Angled angled -> angled.name();
            case HeaderName.Computed text -> throw new IllegalArgumentException("expand " + text + " first");
        };
        boolean quoted = name instanceof HeaderName.Quoted;
        Object self = includer.file().identity();
        if (kind.isNext() && includer.index() >= 0) {
            accept(session.lookup(chain, null, file, includer.index() + 1, self), kind, chain, includer.path(), line, name);
            return;
        }
        if (kind.isNext() && includer.index() == ScanSession.INCLUDER_DIRECTORY) {
            // gcc goes on from the start of the quote chain; clang from the start of the chain the name asks for.
            accept(session.lookup(chain, null, file, 0, self), kind, chain, includer.path(), line, name);
            if (!quoted) {
                accept(session.lookup(chain, null, file, chain.chain().bracketStart(), self), kind, chain,
                        includer.path(), line, name);
            }
            return;
        }
        // An #include_next in a source or a file named absolutely is an #include, as in gcc.
        if (quoted) {
            Path beside = chain.chain().searchesIncluderDirectory() ? includer.path().getParent() : null;
            accept(session.lookup(chain, beside, file, 0, null), kind, chain, includer.path(), line, name);
        } else {
            accept(session.lookup(chain, null, file, chain.chain().bracketStart(), null), kind, chain, includer.path(),
                    line, name);
        }
    }

    /**
     * Takes what a lookup found. {@code includer} is null for the implicit {@code stdc-predef.h},
     * which is not missed when absent.
     */
    private void accept(Lookup lookup, IncludeDirective.Kind kind, Chain chain, Path includer, int line, HeaderName name) {
        lookupsUsed.add(lookup);
        missing.addAll(lookup.missingUnderRoots());
        for (Path precompiled : lookup.precompiled()) {
            record(precompiled);
        }
        generated.addAll(lookup.precompiledGenerated());
        if (!lookup.isFound()) {
            if (includer != null) {
                notFound.add(new ScanResult.NotFound(reported(includer), line, name));
            }
            return;
        }
        if (lookup.generated()) {
            generated.add(lookup.found().normalize());
            if (lookup.state() == null) {
                notYetGenerated.add(lookup.found().normalize());
                return;
            }
        }
        record(lookup.found());
        if (kind.isPreprocessed()) {
            queue.add(new Node(lookup.found(), lookup.index(), lookup.state(), chain));
        }
    }

    private void record(Path found) {
        Path reported = reported(found);
        (scope.isUnderRoots(reported) ? shipped : system).add(reported);
    }

    /** The session's name for a file found as {@code named}; one its links decided is not checked by states alone. */
    private Path reported(Path named) {
        Path normalized = named.normalize();
        if (!normalized.equals(named)) {
            observed.add(normalized); // the name reported depends on whether both are the same file
        }
        Path reported = session.reported(named);
        if (!reported.equals(normalized)) {
            repeatable = false;
        }
        return reported;
    }

    /** Expands every computed include again with the definitions read so far; true if a new name was looked up. */
    private boolean expandComputed() {
        boolean lookedUp = false;
        for (int i = 0; i < computed.size(); i++) {
            Computed include = computed.get(i);
            String text = ((HeaderName.Computed) include.directive.target()).text();
            include.expansion = MacroExpansion.of(text, this::definitions);
            for (HeaderName name : include.expansion.names()) {
                if (include.tried.add(name)) {
                    follow(include.includer, include.directive.kind(), name, include.directive.line());
                    lookedUp = true;
                }
            }
        }
        return lookedUp || !queue.isEmpty();
    }

    private List<String> definitions(String macro) {
        List<String> bodies = new ArrayList<>(compile.defines().getOrDefault(macro, List.of()));
        for (FileDirectives directives : read.values()) {
            List<String> defined = directives.defines().get(macro);
            if (defined != null) {
                bodies.addAll(defined);
            }
        }
        return bodies;
    }

    /**
     * For computed includes with a definition that cannot be followed: every file of every
     * directory the name could be looked up in counts as read, and is scanned. True if any was taken.
     */
    private boolean widenComputed() {
        boolean widened = false;
        for (int i = 0; i < computed.size(); i++) {
            Computed include = computed.get(i);
            if (include.widened || include.expansion == null || include.expansion.opaque().isEmpty()) {
                continue;
            }
            include.widened = true;
            widened = true;
            Node includer = include.includer;
            SearchChain chain = includer.chain().chain();
            Map<Path, Integer> directories = new LinkedHashMap<>();
            if (chain.searchesIncluderDirectory()) {
                directories.put(includer.path().getParent(), ScanSession.INCLUDER_DIRECTORY);
            }
            int start = include.directive.kind().isNext() && includer.index() >= 0 ? includer.index() + 1 : 0;
            for (int index = start; index < chain.directories().size(); index++) {
                directories.putIfAbsent(chain.directories().get(index), index);
            }
            directories.forEach((directory, index) -> takeWhole(directory, index, includer, include.directive.kind()));
            unresolved.add(new ScanResult.UnresolvedInclude(reported(includer.path()), include.directive.line(),
                    ((HeaderName.Computed) include.directive.target()).text(),
                    String.join("; ", new LinkedHashSet<>(include.expansion.opaque()))));
        }
        return widened;
    }

    private void takeWhole(Path directory, int index, Node includer, IncludeDirective.Kind kind) {
        repeatable = false; // what a directory holds is not among the observed states
        Path normalized = directory.normalize();
        wholeDirectories.add(normalized);
        if (!scope.isUnderRoots(normalized)) {
            return;
        }
        for (Path file : session.filesUnder(directory)) {
            if (session.state(file) instanceof FileState.RegularFile found) {
                record(file);
                if (kind.isPreprocessed()) {
                    queue.add(new Node(file, index, found, includer.chain()));
                }
            }
        }
        for (Path file : scope.generatedFiles()) {
            if (file.startsWith(normalized)) {
                generated.add(file);
                if (!(session.state(file) instanceof FileState.RegularFile)) {
                    notYetGenerated.add(file);
                }
            }
        }
    }
}
