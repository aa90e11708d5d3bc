package distbuild.store;

import distbuild.cache.FileCache;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The store opened once for a coordinator: its blobs, its action cache and its keyed entries,
 * under one directory ({@code DATA/store}), the blobs themselves in the coordinator's file cache.
 */
public record Store(BlobStore blobs, ActionResults actions, KeyedBlobs keyed) {
    public static Store open(FileCache files, Path dir) throws IOException {
        BlobStore blobs = BlobStore.open(files, dir.resolve("cas"));
        return new Store(blobs, new ActionResults(dir.resolve("action-cache"), blobs), new KeyedBlobs(dir.resolve("keys"), blobs));
    }
}
