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
 * <p>A memo that cannot be read (absent, damaged, of another version) is empty; one that cannot
 * be written is only a loss of time. Answers no build used for {@link #KEPT_GENERATIONS} saves
 * are dropped (compile commands a reconfigured build no longer has). Thread-safe.
 */
public final class ScanMemo {
    static final int KEPT_GENERATIONS = 20;
    private static final String MAGIC = "distbuild-scan-memo";
    private static final int VERSION = 1;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> entries;
    /** Each path's state as the entries read from the file were made against. */
    private final Map<String, String> storedStates;
    /** Each path's state as this process saw it, by session: a session sees the tree standing still. */
    private final Map<ScanSession, Map<String, String>> seen = new IdentityHashMap<>();
    private final Map<ScanScope, String> scopeDigests = new IdentityHashMap<>();
    private final int generation;
    private boolean changed;
    private long recalled;

    /** One remembered scan: what it found, and what must be unchanged for it to stand. */
    private record Entry(List<ChainRecord> chains, List<String> observed, ScanResult result, int generation,
            boolean usedNow) {
        Entry used(int now) {
            return new Entry(chains, observed, result, now, true);
        }
    }

    /** The search chain a scan went through for one language of its sources. */
    private record ChainRecord(Language language, List<Path> directories, int bracketStart) {}

    private ScanMemo(Path file, Map<String, Entry> entries, Map<String, String> storedStates, int generation) {
        this.file = file;
        this.entries = entries;
        this.storedStates = storedStates;
        this.generation = generation;
    }

    /** The memo kept in {@code file}: empty if there is none, or it cannot be read. */
    public static ScanMemo load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return read(file, in);
        } catch (NoSuchFileException absent) {
            return empty(file);
        } catch (IOException | RuntimeException damaged) {
            return empty(file); // rewritten whole at the next save
        }
    }

    private static ScanMemo empty(Path file) {
        return new ScanMemo(file, new HashMap<>(), new HashMap<>(), 0);
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
        lock.lock();
        Entry entry;
        try {
            entry = entries.get(key);
        } finally {
            lock.unlock();
        }
        if (entry == null) {
            return Optional.empty();
        }
        // Outside the lock: asking a compiler for its directories takes a while.
        boolean stands = chainsStand(entry, compile, session) && statesStand(entry, session);
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
                // Rewritten for its use alone only now and then: a no-op build should not write the whole memo.
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

    private boolean statesStand(Entry entry, ScanSession session) {
        for (String path : entry.observed()) {
            String now = stateNow(session, path);
            String then;
            lock.lock();
            try {
                then = storedStates.get(path);
            } finally {
                lock.unlock();
            }
            if (!now.equals(then)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Remembers {@code result}, the answer of a scan of {@code compile} in {@code session} that
     * looked at {@code observed}; a scan that read a file modified moments ago is not remembered.
     */
    void remember(CompileCommand compile, ScanSession session, ScanResult result, Set<Path> observed) {
        long racyAfter = System.currentTimeMillis() - DirectiveCache.RACY_MILLIS;
        List<String> paths = new ArrayList<>(observed.size());
        Map<String, String> states = new LinkedHashMap<>();
        for (Path path : observed) {
            String name = path.toString();
            FileState state = session.state(path);
            if (state instanceof FileState.RegularFile file
                    && file.attributes().lastModifiedTime().toMillis() >= racyAfter) {
                return;
            }
            paths.add(name);
            states.put(name, stateNow(session, name));
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
            // The answers made against another state of these paths are stale: even one used by an earlier
            // session of this process (a plan round before generated files appeared).
            states.forEach((path, state) -> {
                String before = storedStates.put(path, state);
                if (before != null && !before.equals(state)) {
                    entries.values().removeIf(other -> other.observed().contains(path));
                }
            });
            entries.put(key, new Entry(chains, paths, result, generation, true));
            changed = true;
        } finally {
            lock.unlock();
        }
    }

    /** The state of {@code path} as {@code session} sees it, in the memo's words. */
    private String stateNow(ScanSession session, String path) {
        lock.lock();
        try {
            String known = seen.computeIfAbsent(session, s -> new HashMap<>()).get(path);
            if (known != null) {
                return known;
            }
        } finally {
            lock.unlock();
        }
        String state = switch (session.state(Path.of(path))) {
            case FileState.Missing missing -> "-";
            case FileState.Directory directory -> "d" + directory.identity();
            case FileState.RegularFile file -> "f" + file.identity() + " " + file.attributes().size() + " "
                    + file.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS);
        };
        lock.lock();
        try {
            seen.computeIfAbsent(session, s -> new HashMap<>()).put(path, state);
        } finally {
            lock.unlock();
        }
        return state;
    }

    /**
     * Writes the memo back if it changed: the answers used or made by this process, and those kept
     * from earlier builds that none of its builds contradicted. Returns false if it could not.
     */
    public boolean save() {
        lock.lock();
        try {
            scopeDigests.clear();
            if (!changed) {
                return true;
            }
            entries.values().removeIf(entry -> !entry.usedNow() && generation - entry.generation() >= KEPT_GENERATIONS);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                    write(out);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                changed = false;
                seen.clear();
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

    // The file: a header, a table of paths (each with the state the entries were made against), then the entries.

    private void write(DataOutputStream out) throws IOException {
        Map<String, Integer> table = new LinkedHashMap<>();
        List<byte[]> encoded = new ArrayList<>();
        for (var item : entries.entrySet()) {
            encoded.add(encode(item.getKey(), item.getValue(), table));
        }
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(generation + 1);
        out.writeInt(table.size());
        for (String path : table.keySet()) {
            out.writeUTF(path);
            out.writeUTF(storedStates.getOrDefault(path, ""));
        }
        out.writeInt(encoded.size());
        for (byte[] entry : encoded) {
            out.write(entry);
        }
    }

    private static byte[] encode(String key, Entry entry, Map<String, Integer> table) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(key);
        out.writeInt(entry.generation());
        out.writeInt(entry.chains().size());
        for (ChainRecord chain : entry.chains()) {
            out.writeUTF(chain.language().name());
            out.writeInt(chain.bracketStart());
            writePaths(out, chain.directories(), table);
        }
        writeNames(out, entry.observed(), table);
        ScanResult result = entry.result();
        writePaths(out, result.shippedFiles(), table);
        writePaths(out, result.generatedFiles(), table);
        writePaths(out, result.systemFiles(), table);
        writePaths(out, result.systemDirectories(), table);
        writePaths(out, result.missingUnderRoots(), table);
        out.writeInt(result.notFound().size());
        for (ScanResult.NotFound notFound : result.notFound()) {
            out.writeInt(index(notFound.includer().toString(), table));
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
        out.flush();
        return bytes.toByteArray();
    }

    private static void writePaths(DataOutputStream out, java.util.Collection<Path> paths, Map<String, Integer> table)
            throws IOException {
        writeNames(out, paths.stream().map(Path::toString).toList(), table);
    }

    private static void writeNames(DataOutputStream out, List<String> names, Map<String, Integer> table) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeInt(index(name, table));
        }
    }

    private static int index(String path, Map<String, Integer> table) {
        return table.computeIfAbsent(path, p -> table.size());
    }

    private static ScanMemo read(Path file, DataInputStream in) throws IOException {
        if (!in.readUTF().equals(MAGIC) || in.readInt() != VERSION) {
            return empty(file);
        }
        int generation = in.readInt();
        int paths = in.readInt();
        List<String> table = new ArrayList<>(paths);
        Map<String, String> states = new HashMap<>();
        for (int i = 0; i < paths; i++) {
            String path = in.readUTF();
            String state = in.readUTF();
            table.add(path);
            if (!state.isEmpty()) {
                states.put(path, state);
            }
        }
        int count = in.readInt();
        Map<String, Entry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String key = in.readUTF();
            int made = in.readInt();
            int chainCount = in.readInt();
            List<ChainRecord> chains = new ArrayList<>(chainCount);
            for (int c = 0; c < chainCount; c++) {
                Language language = Language.valueOf(in.readUTF());
                int bracketStart = in.readInt();
                chains.add(new ChainRecord(language, readPaths(in, table), bracketStart));
            }
            List<String> observed = readNames(in, table);
            List<Path> shipped = readPaths(in, table);
            List<Path> generated = readPaths(in, table);
            List<Path> system = readPaths(in, table);
            List<Path> systemDirectories = readPaths(in, table);
            List<Path> missing = readPaths(in, table);
            int notFoundCount = in.readInt();
            List<ScanResult.NotFound> notFound = new ArrayList<>(notFoundCount);
            for (int n = 0; n < notFoundCount; n++) {
                Path includer = Path.of(table.get(in.readInt()));
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
            ScanResult result = new ScanResult(new java.util.TreeSet<>(shipped), new java.util.TreeSet<>(generated),
                    new java.util.TreeSet<>(), new java.util.TreeSet<>(system), systemDirectories,
                    new java.util.TreeSet<>(missing), notFound, List.of(), List.of());
            entries.put(key, new Entry(chains, observed, result, made, false));
        }
        return new ScanMemo(file, entries, states, generation);
    }

    private static List<Path> readPaths(DataInputStream in, List<String> table) throws IOException {
        return readNames(in, table).stream().map(Path::of).toList();
    }

    private static List<String> readNames(DataInputStream in, List<String> table) throws IOException {
        int count = in.readInt();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(table.get(in.readInt()));
        }
        return names;
    }
}
