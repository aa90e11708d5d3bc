package distbuild.security;

/**
 * What a caller is allowed to be. Clients start builds and upload sources; workers heartbeat,
 * fetch sources and fetch artifacts from each other. The coordinator calls workers as a worker.
 * A cache reader may only read the shared HTTP caches (a CI machine that takes results but must
 * not write them).
 */
public enum Role {
    CLIENT("client.token"),
    WORKER("worker.token"),
    CACHE_READER("cache-reader.token");

    private final String tokenFile;

    Role(String tokenFile) {
        this.tokenFile = tokenFile;
    }

    /** The file in a credentials directory that holds this role's token. */
    public String tokenFile() {
        return tokenFile;
    }

    /** "client", "worker" or "cache-reader", as messages say it. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
