package distbuild.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;

/**
 * Builds a content-derived {@link Id}: a SHA-1 over a sequence of tagged, length-prefixed values,
 * so that {@code ["ab", "c"]} and {@code ["a", "bc"]} never hash alike. Whoever derives an ID
 * from a description (a job's commands, inputs and deps) feeds it here, in a fixed order.
 */
public final class ContentHash {
    private final MessageDigest sha1 = Id.sha1();

    /** Starts a hash; {@code scheme} names the layout, so that changing it changes every ID. */
    public ContentHash(String scheme) {
        add(scheme);
    }

    public ContentHash add(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha1.update((byte) (bytes.length >>> 24));
        sha1.update((byte) (bytes.length >>> 16));
        sha1.update((byte) (bytes.length >>> 8));
        sha1.update((byte) bytes.length);
        sha1.update(bytes);
        return this;
    }

    public ContentHash add(Id id) {
        sha1.update(id.toBytes());
        return this;
    }

    /** A list of strings, its length first. */
    public ContentHash addAll(Collection<String> values) {
        add("list:" + values.size());
        values.forEach(this::add);
        return this;
    }

    public Id build() {
        return Id.ofDigest(sha1);
    }
}
