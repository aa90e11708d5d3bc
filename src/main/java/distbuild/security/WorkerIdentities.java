package distbuild.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's list of workers that each hold a credential of their own
 * ({@code workers/NAME.token} in its credentials directory), and those an operator revoked: the
 * names in {@code revoked-workers}, one per line, a file it reads again whenever it changes, so
 * that revoking one worker shuts it out at once without touching the others. Thread-safe.
 */
public final class WorkerIdentities {
    public static final String DIRECTORY = "workers";
    public static final String REVOKED_FILE = "revoked-workers";
    /** How a worker's own name is written: it names a file, and appears in messages. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    public static final WorkerIdentities NONE = new WorkerIdentities(Map.of(), null);

    private final Map<String, Token> tokens;
    private final Path revokedFile;
    private FileTime revokedReadAt;
    private long revokedSize = -1;
    private Set<String> revoked = Set.of();

    private WorkerIdentities(Map<String, Token> tokens, Path revokedFile) {
        this.tokens = Map.copyOf(tokens);
        this.revokedFile = revokedFile;
    }

    /** The identities in a coordinator's credentials directory, or {@link #NONE} when it has none. */
    public static WorkerIdentities load(Path credentialsDir) throws IOException {
        Path dir = credentialsDir.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return NONE;
        }
        Map<String, Token> tokens = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".token")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.token$", "");
                if (NAME.matcher(name).matches()) {
                    tokens.put(name, Token.read(file));
                }
            }
        }
        return tokens.isEmpty() ? NONE : new WorkerIdentities(tokens, credentialsDir.resolve(REVOKED_FILE));
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** The name of the worker whose own token {@code presented} is, if it is one (compared in constant time, all of them). */
    Optional<String> whose(String presented) {
        String found = null;
        for (Map.Entry<String, Token> known : tokens.entrySet()) {
            if (known.getValue().matches(presented)) {
                found = known.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether the operator revoked {@code name}, as {@code revoked-workers} says now. */
    synchronized boolean revoked(String name) {
        reread();
        return revoked.contains(name);
    }

    private void reread() {
        if (revokedFile == null) {
            return;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(revokedFile);
            long size = Files.size(revokedFile);
            // Read again whenever it changed, and while its time is recent: a rewrite within the same
            // tick of the file system's clock would not change it.
            boolean recent = System.currentTimeMillis() - modified.toMillis() < 2_000;
            if (modified.equals(revokedReadAt) && size == revokedSize && !recent) {
                return;
            }
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(revokedFile)) {
                String name = line.replaceFirst("#.*", "").strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            revoked = names;
            revokedReadAt = modified;
            revokedSize = size;
        } catch (NoSuchFileException gone) {
            revoked = Set.of(); // removing the file lets every worker back in, as emptying it does
            revokedReadAt = null;
        } catch (IOException unreadable) {
            // Keep what was read last: a file being rewritten must not let a revoked worker back in.
            LoggerFactory.getLogger(WorkerIdentities.class).error("cannot read {} ({}): the workers revoked before stay"
                    + " revoked, and no more are until it can be read", revokedFile, unreadable.toString());
        }
    }
}
