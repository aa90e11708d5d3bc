package distbuild.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one process holds to prove itself and to check others: the tokens of the roles it may
 * act as or must recognise, its TLS material, and the directory they came from (which a
 * sandboxed job must not see). Read from a credentials directory (made by
 * {@code distbuild credentials}); {@link #NONE} is a process on an open loopback cluster.
 */
public record Credentials(Map<Role, Token> tokens, Optional<Tls> tls, Optional<Path> directory, Optional<Token> ownWorkerToken,
        WorkerIdentities workers) {
    /** A worker's own token, in its credentials directory beside the shared one. */
    public static final String OWN_WORKER_TOKEN_FILE = "identity.token";
    public static final Credentials NONE = new Credentials(Map.of(), Optional.empty());

    public Credentials {
        tokens = tokens.isEmpty() ? Map.of() : Map.copyOf(tokens);
        workers = workers == null ? WorkerIdentities.NONE : workers;
    }

    public Credentials(Map<Role, Token> tokens, Optional<Tls> tls, Optional<Path> directory) {
        this(tokens, tls, directory, Optional.empty(), WorkerIdentities.NONE);
    }

    /** Credentials held in memory only. */
    public Credentials(Map<Role, Token> tokens, Optional<Tls> tls) {
        this(tokens, tls, Optional.empty());
    }

    /** Reads the token and TLS files present in {@code dir}; which ones a process needs, {@link #require} says. */
    public static Credentials load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no credentials directory " + dir + " (create one with: distbuild credentials DIR)");
        }
        Map<Role, Token> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Path file = dir.resolve(role.tokenFile());
            if (Files.exists(file)) {
                tokens.put(role, Token.read(file));
            }
        }
        Path own = dir.resolve(OWN_WORKER_TOKEN_FILE);
        Optional<Token> ownWorkerToken = Files.exists(own) ? Optional.of(Token.read(own)) : Optional.empty();
        return new Credentials(tokens, Tls.load(dir), Optional.of(dir.toAbsolutePath()), ownWorkerToken,
                WorkerIdentities.load(dir));
    }

    /** This, if it holds a token for each of {@code roles}; otherwise an error naming what is missing where. */
    public Credentials require(Role... roles) throws IOException {
        String missing = Arrays.stream(roles).filter(role -> !tokens.containsKey(role)).map(Role::tokenFile)
                .collect(Collectors.joining(" and "));
        if (!missing.isEmpty()) {
            throw new IOException(directory.map(Path::toString).orElse("these credentials") + " has no " + missing
                    + "; this command needs "
                    + Arrays.stream(roles).map(Role::tokenFile).collect(Collectors.joining(" and "))
                    + " (see distbuild credentials --help)");
        }
        return this;
    }

    /** The token this process presents when it calls others as {@code role}. */
    public Optional<Token> token(Role role) {
        return Optional.ofNullable(tokens.get(role));
    }

    /** The gate its server checks callers at: every token it holds is recognised as its role. */
    public Gate gate() {
        if (workers.isEmpty()) {
            return Gate.of(tokens, workers);
        }
        // Workers known by their own tokens: the shared one (which this coordinator still presents
        // to workers) lets nobody in here, so a revoked worker is out whatever else it holds.
        Map<Role, Token> accepted = new EnumMap<>(tokens);
        accepted.remove(Role.WORKER);
        return Gate.of(accepted, workers);
    }

    /** Whether its server speaks TLS. */
    public boolean serves() {
        return tls.map(Tls::canServe).orElse(false);
    }

    /** Its server's certificate and key as key managers, if it has them: for a server of another library (gRPC's). */
    public Optional<javax.net.ssl.KeyManager[]> serverKeyManagers() {
        return tls.filter(Tls::canServe).map(Tls::serverKeyManagers);
    }

    /** The TLS context its server listens with, if it has a certificate and key. */
    public Optional<javax.net.ssl.SSLContext> serverContext() {
        return tls.filter(Tls::canServe).map(Tls::serverContext);
    }
}
