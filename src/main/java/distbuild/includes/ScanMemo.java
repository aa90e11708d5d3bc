package distbuild.includes;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Scans remembered from one build to the next, kept in a file of the build directory, so that a
 * build after a small edit scans only the compiles whose files changed: ninja's own deps log
 * plays this part for ninja. A remembered answer is given again only while everything it was
 * made from is as it was: the same compile command (its arguments and working directory), the
 * same build (its roots and the files its edges generate), the same search chain (the compiler
 * asked again, once per toolchain per process), and the same state of every path the scan looked
 * at — each file read (its identity, size and modification time, as the directive cache trusts
 * them), each place a header was looked for and not found, each includer's directory. A file
 * modified within {@link DirectiveCache#RACY_MILLIS} of the scan may change again without its
 * time changing, so such a scan is not remembered.
 *
 * <p>What a scan looked at is kept in groups, each with the states it was made against: one per
 * lookup (the compiles of a build share most of theirs: every {@code <stdio.h>} from the same
 * search chain) and one of the scan's own paths. A group is checked once per build, however many
 * compiles it stands under, and stored once.
 *
 * <p>A memo that cannot be read (absent, damaged, of another version) is empty; one that cannot
 * be written is only a loss of time. Answers no build used for {@link #KEPT_GENERATIONS} saves
 * are dropped (compile commands a reconfigured build no longer has). Thread-safe.
 */
public final class ScanMemo {
    static final int KEPT_GENERATIONS = 20;
    private static final String MAGIC = "distbuild-scan-memo";
    private static final int VERSION = 2;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> entries;
    private final int generation;
    /** What this process learnt, by session (a session sees the tree standing still). */
    private final Map<ScanSession, SessionView> views = new java.util.concurrent.ConcurrentHashMap<>(); // sessions are equal only to themselves
    private final Map<ScanScope, String> scopeDigests = new IdentityHashMap<>();
    private boolean changed;
    private long recalled;

    /** Paths, each with the state a scan saw it in. */
    private record Group(List<String> paths, List<String> states) {}

    /** One remembered scan: what it found, and what must be unchanged for it to stand. */
    private record Entry(List<ChainRecord> chains, List<Group> groups, ScanResult result, int generation, boolean usedNow) {
        Entry used(int now) {
            return new Entry(chains, groups, result, now, true);
        }
    }

    /** The search chain a scan went through for one language of its sources. */
    private record ChainRecord(Language language, List<Path> directories, int bracketStart) {}

    /** One session's states, groups checked and groups made, so that each is worked out once. Thread-safe. */
    private static final class SessionView {
        final Map<String, String> states = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Group, Boolean> standing = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
        final Map<Object, Group> ofLookup = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
    }

    private ScanMemo(Path file, Map<String, Entry> entries, int generation) {
        this.file = file;
        this.entries = entries;
        this.generation = generation;
    }

    /** The memo kept in {@code file}: empty if there is none, or it cannot be read. */
    public static ScanMemo load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return read(file, in);
        } catch (NoSuchFileException absent) {
            return empty(file);
        } catch (IOException | RuntimeException damaged) {
            return empty(file); // rewritten whole at the next save
        }
    }

    private static ScanMemo empty(Path file) {
        return new ScanMemo(file, new HashMap<>(), 0);
    }

    /** How many compiles were answered from the memo. */
    public long recalled() {
        lock.lock();
        try {
            return recalled;
        } finally {
            lock.unlock();
        }
    }

    /** How many answers it holds. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** The remembered answer for {@code compile} in {@code session}, if nothing it depends on has changed. */
    Optional<ScanResult> recall(CompileCommand compile, ScanSession session) {
        String key = key(compile, session.scope());
        Entry entry;
        lock.lock();
        try {
            entry = entries.get(key);
        } finally {
            lock.unlock();
        }
        if (entry == null) {
            return Optional.empty();
        }
        // Outside the lock: asking a compiler for its directories takes a while.
        boolean stands = chainsStand(entry, compile, session) && groupsStand(entry, session);
        lock.lock();
        try {
            if (entries.get(key) != entry) {
                return Optional.empty(); // replaced meanwhile: scan
            }
            if (!stands) {
                entries.remove(key);
                changed = true;
                return Optional.empty();
            }
            if (!entry.usedNow()) {
                entries.put(key, entry.used(generation));
                // Rewritten for its use alone only now and then: a build with nothing to do should not write it.
                changed |= generation - entry.generation() >= KEPT_GENERATIONS / 2;
            }
            recalled++;
            return Optional.of(entry.result());
        } finally {
            lock.unlock();
        }
    }

    private static boolean chainsStand(Entry entry, CompileCommand compile, ScanSession session) {
        for (ChainRecord chain : entry.chains()) {
            SearchChain now = session.chain(compile, chain.language()).chain();
            if (!now.directories().equals(chain.directories()) || now.bracketStart() != chain.bracketStart()) {
                return false;
            }
        }
        return true;
    }

    private boolean groupsStand(Entry entry, ScanSession session) {
        for (Group group : entry.groups()) {
            Boolean known = view(session).standing.get(group);
            if (known == null) {
                known = true;
                for (int i = 0; i < group.paths().size() && known; i++) {
                    known = stateNow(session, group.paths().get(i)).equals(group.states().get(i));
                }
                view(session).standing.put(group, known);
            }
            if (!known) {
                return false;
            }
        }
        return true;
    }

    /**
     * Remembers {@code result}, the answer of a scan of {@code compile} in {@code session} that
     * looked at {@code observed} itself and used {@code lookups}; a scan that read a file modified
     * moments ago is not remembered.
     */
    void remember(CompileCommand compile, ScanSession session, ScanResult result, Set<Path> observed,
            Set<ScanSession.Lookup> lookups) {
        long racyAfter = System.currentTimeMillis() - DirectiveCache.RACY_MILLIS;
        List<Group> groups = new ArrayList<>(lookups.size() + 1);
        Group own = group(session, observed, racyAfter);
        if (own == null) {
            return;
        }
        groups.add(own);
        for (ScanSession.Lookup lookup : lookups) {
            Group made = view(session).ofLookup.get(lookup);
            if (made == null) {
                made = group(session, lookup.consulted(), racyAfter);
                if (made == null) {
                    return;
                }
                view(session).ofLookup.put(lookup, made);
            }
            groups.add(made);
        }
        List<ChainRecord> chains = new ArrayList<>();
        Set<Language> languages = new LinkedHashSet<>();
        compile.sources().forEach(source -> languages.add(source.language()));
        for (Language language : languages) {
            SearchChain chain = session.chain(compile, language).chain();
            chains.add(new ChainRecord(language, chain.directories(), chain.bracketStart()));
        }
        String key = key(compile, session.scope());
        lock.lock();
        try {
            entries.put(key, new Entry(chains, groups, result, generation, true));
            changed = true;
        } finally {
            lock.unlock();
        }
    }

    /** {@code paths} with their states now; null if one is a file modified after {@code racyAfter} (milliseconds). */
    private Group group(ScanSession session, java.util.Collection<Path> paths, long racyAfter) {
        List<String> names = new ArrayList<>(paths.size());
        List<String> states = new ArrayList<>(paths.size());
        for (Path path : paths) {
            if (session.state(path) instanceof FileState.RegularFile file
                    && file.attributes().lastModifiedTime().toMillis() >= racyAfter) {
                return null;
            }
            String name = path.toString();
            names.add(name);
            states.add(stateNow(session, name));
        }
        return new Group(List.copyOf(names), List.copyOf(states));
    }

    private SessionView view(ScanSession session) {
        return views.computeIfAbsent(session, s -> new SessionView());
    }

    /** The state of {@code path} as {@code session} sees it, in the memo's words. */
    private String stateNow(ScanSession session, String path) {
        String known = view(session).states.get(path);
        if (known != null) {
            return known;
        }
        String state = switch (session.state(Path.of(path))) {
            case FileState.Missing missing -> "-";
            case FileState.Directory directory -> "d" + directory.identity();
            case FileState.RegularFile file -> "f" + file.identity() + " " + file.attributes().size() + " "
                    + file.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS);
        };
        view(session).states.put(path, state);
        return state;
    }

    /**
     * Writes the memo back if it changed: the answers used or made by this process, and those kept
     * from earlier builds. Returns false if it could not.
     */
    public boolean save() {
        lock.lock();
        try {
            views.clear();
            scopeDigests.clear();
            if (!changed) {
                return true;
            }
            entries.values().removeIf(entry -> !entry.usedNow() && generation - entry.generation() >= KEPT_GENERATIONS);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                    write(out);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                changed = false;
                return true;
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // nothing more to do: it is only a file of ours
                }
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** What a remembered answer is filed under: the compile as the scanner reads it, and the build it is in. */
    private String key(CompileCommand compile, ScanScope scope) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, compile.workingDirectory().toString());
            for (String argument : compile.arguments()) {
                update(digest, argument);
            }
            update(digest, "roots");
            for (Path root : scope.roots()) {
                update(digest, root.toString());
            }
            update(digest, "generated");
            update(digest, scopeDigest(scope));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    /** The generated files of a scope, digested once per scope (a build has hundreds). */
    private String scopeDigest(ScanScope scope) {
        lock.lock();
        try {
            return scopeDigests.computeIfAbsent(scope, ScanMemo::digestGenerated);
        } finally {
            lock.unlock();
        }
    }

    private static String digestGenerated(ScanScope scope) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            scope.generatedFiles().stream().map(Path::toString).sorted().forEach(path -> update(digest, path));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // The file: a header; a table of strings (paths and states); the groups, each as pairs of
    // indices; then the entries, naming groups and strings by index.

    private void write(DataOutputStream out) throws IOException {
        Map<String, Integer> strings = new LinkedHashMap<>();
        Map<Group, Integer> groups = new LinkedHashMap<>(); // by value: groups of two builds alike are stored once
        var encoded = new java.io.ByteArrayOutputStream();
        DataOutputStream entryOut = new DataOutputStream(encoded);
        for (var item : entries.entrySet()) {
            encode(entryOut, item.getKey(), item.getValue(), strings, groups);
        }
        entryOut.flush();
        var groupBytes = new java.io.ByteArrayOutputStream();
        DataOutputStream groupOut = new DataOutputStream(groupBytes);
        for (Group group : groups.keySet()) {
            groupOut.writeInt(group.paths().size());
            for (int i = 0; i < group.paths().size(); i++) {
                groupOut.writeInt(index(group.paths().get(i), strings));
                groupOut.writeInt(index(group.states().get(i), strings));
            }
        }
        groupOut.flush();
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(generation + 1);
        out.writeInt(strings.size());
        for (String string : strings.keySet()) {
            out.writeUTF(string);
        }
        out.writeInt(groups.size());
        groupBytes.writeTo(out);
        out.writeInt(entries.size());
        encoded.writeTo(out);
    }

    private static void encode(DataOutputStream out, String key, Entry entry, Map<String, Integer> strings,
            Map<Group, Integer> groups) throws IOException {
        out.writeUTF(key);
        out.writeInt(entry.generation());
        out.writeInt(entry.chains().size());
        for (ChainRecord chain : entry.chains()) {
            out.writeUTF(chain.language().name());
            out.writeInt(chain.bracketStart());
            writePaths(out, chain.directories(), strings);
        }
        out.writeInt(entry.groups().size());
        for (Group group : entry.groups()) {
            out.writeInt(groups.computeIfAbsent(group, g -> groups.size()));
        }
        ScanResult result = entry.result();
        writePaths(out, result.shippedFiles(), strings);
        writePaths(out, result.generatedFiles(), strings);
        writePaths(out, result.systemFiles(), strings);
        writePaths(out, result.systemDirectories(), strings);
        writePaths(out, result.missingUnderRoots(), strings);
        out.writeInt(result.notFound().size());
        for (ScanResult.NotFound notFound : result.notFound()) {
            out.writeInt(index(notFound.includer().toString(), strings));
            out.writeInt(notFound.line());
            switch (notFound.name()) {
                case HeaderName.Quoted quoted -> {
                    out.writeByte('q');
                    out.writeUTF(quoted.name());
                }
                case HeaderName.Angled angled -> {
                    out.writeByte('a');
                    out.writeUTF(angled.name());
                }
                case HeaderName.Computed computed -> {
                    out.writeByte('c');
                    out.writeUTF(computed.text());
                }
            }
        }
    }

    private static void writePaths(DataOutputStream out, java.util.Collection<Path> paths, Map<String, Integer> strings)
            throws IOException {
        out.writeInt(paths.size());
        for (Path path : paths) {
            out.writeInt(index(path.toString(), strings));
        }
    }

    private static int index(String string, Map<String, Integer> strings) {
        return strings.computeIfAbsent(string, s -> strings.size());
    }

    private static ScanMemo read(Path file, DataInputStream in) throws IOException {
        if (!in.readUTF().equals(MAGIC) || in.readInt() != VERSION) {
            return empty(file);
        }
        int generation = in.readInt();
        String[] strings = new String[in.readInt()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = in.readUTF();
        }
        Path[] paths = new Path[strings.length]; // made when first needed: most strings are states
        Group[] groups = new Group[in.readInt()];
        for (int g = 0; g < groups.length; g++) {
            int size = in.readInt();
            String[] names = new String[size];
            String[] states = new String[size];
            for (int i = 0; i < size; i++) {
                names[i] = strings[in.readInt()];
                states[i] = strings[in.readInt()];
            }
            groups[g] = new Group(List.of(names), List.of(states));
        }
        int count = in.readInt();
        Map<String, Entry> entries = new HashMap<>();
        for (int e = 0; e < count; e++) {
            String key = in.readUTF();
            int made = in.readInt();
            int chainCount = in.readInt();
            List<ChainRecord> chains = new ArrayList<>(chainCount);
            for (int c = 0; c < chainCount; c++) {
                Language language = Language.valueOf(in.readUTF());
                int bracketStart = in.readInt();
                chains.add(new ChainRecord(language, readPaths(in, strings, paths), bracketStart));
            }
            int groupCount = in.readInt();
            List<Group> used = new ArrayList<>(groupCount);
            for (int g = 0; g < groupCount; g++) {
                used.add(groups[in.readInt()]);
            }
            List<Path> shipped = readPaths(in, strings, paths);
            List<Path> generated = readPaths(in, strings, paths);
            List<Path> system = readPaths(in, strings, paths);
            List<Path> systemDirectories = readPaths(in, strings, paths);
            List<Path> missing = readPaths(in, strings, paths);
            int notFoundCount = in.readInt();
            List<ScanResult.NotFound> notFound = new ArrayList<>(notFoundCount);
            for (int n = 0; n < notFoundCount; n++) {
                Path includer = path(in.readInt(), strings, paths);
                int line = in.readInt();
                int kind = in.readByte();
                String name = in.readUTF();
                HeaderName header = switch (kind) {
                    case 'q' -> new HeaderName.Quoted(name);
                    case 'a' -> new HeaderName.Angled(name);
                    case 'c' -> new HeaderName.Computed(name);
                    default -> throw new IOException("unknown header name kind " + kind);
                };
                notFound.add(new ScanResult.NotFound(includer, line, header));
            }
            ScanResult result = new ScanResult(sorted(shipped), sorted(generated), sorted(List.of()), sorted(system),
                    systemDirectories, sorted(missing), notFound, List.of(), List.of());
            entries.put(key, new Entry(chains, List.copyOf(used), result, made, false));
        }
        return new ScanMemo(file, entries, generation);
    }

    /** Paths written in order from a sorted set, made a sorted set again without sorting. */
    private static java.util.SortedSet<Path> sorted(List<Path> inOrder) {
        java.util.TreeSet<Path> set = new java.util.TreeSet<>();
        for (Path path : inOrder) {
            set.add(path); // each greater than the last: the tree's cheapest insertion
        }
        return set;
    }

    private static List<Path> readPaths(DataInputStream in, String[] strings, Path[] paths) throws IOException {
        int count = in.readInt();
        List<Path> read = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            read.add(path(in.readInt(), strings, paths));
        }
        return read;
    }

    private static Path path(int index, String[] strings, Path[] paths) {
        Path path = paths[index];
        if (path == null) {
            path = Path.of(strings[index]);
            paths[index] = path;
        }
        return path;
    }
}
