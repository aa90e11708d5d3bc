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
public record Credentials(Map<Role, Token> tokens, Optional<Tls> tls, Optional<Path> directory) {
    public static final Credentials NONE = new Credentials(Map.of(), Optional.empty());

    public Credentials {
        tokens = tokens.isEmpty() ? Map.of() : Map.copyOf(tokens);
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
        return new Credentials(tokens, Tls.load(dir), Optional.of(dir.toAbsolutePath()));
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
        return Gate.of(tokens);
    }

    /** Whether its server speaks TLS. */
    public boolean serves() {
        return tls.map(Tls::canServe).orElse(false);
    }

    /** The TLS context its server listens with, if it has a certificate and key. */
    public Optional<javax.net.ssl.SSLContext> serverContext() {
        return tls.filter(Tls::canServe).map(Tls::serverContext);
    }
}
