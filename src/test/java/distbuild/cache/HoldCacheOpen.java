package distbuild.cache;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A separate process for {@link CacheInAnotherProcessTest}: opens the file cache in the directory
 * given as its argument, says "open" on stdout, and keeps it open until its stdin is closed.
 */
public final class HoldCacheOpen {
    private HoldCacheOpen() {}

    public static void main(String[] args) throws Exception {
        FileCache cache = FileCache.open(Path.of(args[0]));
        System.out.println("open");
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        cache.close();
    }
}
