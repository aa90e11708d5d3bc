package distbuild.store;

import build.bazel.remote.execution.v2.Digest;
import distbuild.files.FileDigests;
import distbuild.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Entries of the HTTP caches whose keys say nothing of the content (ccache's, Gradle's, sccache's):
 * a tool's key → the digest of the blob that holds the entry. An entry whose blob was evicted from
 * the store reads as a miss. A key is any string; it is kept as the SHA-256 of its text.
 *
 * <p>Layout: {@code <tool>/<2 hex>/<sha256 of the key>} holding {@code <sha256 of the content> <size>}.
 */
public final class KeyedBlobs {
    private static final Pattern TOOL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path root;
    private final BlobStore blobs;

    KeyedBlobs(Path root, BlobStore blobs) throws IOException {
        this.root = Files.createDirectories(root);
        this.blobs = blobs;
    }

    /** The blob stored under {@code key} by {@code tool}, if it is still held. */
    public Optional<Digest> get(String tool, String key) throws IOException {
        Path entry = entry(tool, key);
        String line;
        try {
            line = Files.readString(entry, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] words = line.split(" ");
        if (words.length != 2 || !words[1].matches("\\d{1,18}")) {
            return Optional.empty(); // cut short by a crash: a miss, overwritten by the next put
        }
        Digest digest = Digests.of(words[0], Long.parseLong(words[1]));
        if (!Digests.isWellFormed(digest) || !blobs.has(digest)) {
            Files.deleteIfExists(entry); // its content was evicted: the entry goes too
            return Optional.empty();
        }
        return Optional.of(digest);
    }

    /** Stores under {@code key} the blob {@code digest} (already in the store), replacing what was there. */
    public void put(String tool, String key, Digest digest) throws IOException {
        FileTrees.replaceAtomically(entry(tool, key),
                (digest.getHash() + " " + digest.getSizeBytes() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Forgets {@code key}; true if it was there. */
    public boolean remove(String tool, String key) throws IOException {
        return Files.deleteIfExists(entry(tool, key));
    }

    private Path entry(String tool, String key) {
        if (!TOOL.matcher(tool).matches()) {
            throw new IllegalArgumentException("a tool is named by a short lower-case word, got \"" + tool + "\"");
        }
        var sha = FileDigests.newSha256();
        String hash = HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        return root.resolve(tool).resolve(hash.substring(0, 2)).resolve(hash);
    }
}
