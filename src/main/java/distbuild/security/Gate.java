package distbuild.security;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a server checks who is calling. An open gate (no tokens: a loopback-only cluster, or one
 * whose operator chose {@code --insecure}) lets everyone through, which keeps a cluster on one
 * machine zero-configuration and the original Go peers working there. A closed one wants
 * {@code Authorization: Bearer <token>} with a token of a role the endpoint allows.
 */
public final class Gate {
    public static final Gate OPEN = new Gate(Map.of(), WorkerIdentities.NONE);

    private final Map<Role, Token> tokens;
    private final WorkerIdentities identities;

    private Gate(Map<Role, Token> tokens, WorkerIdentities identities) {
        this.tokens = tokens.isEmpty() ? Map.of() : new EnumMap<>(tokens);
        this.identities = identities;
    }

    /** A gate that knows these roles' tokens; no tokens is an open gate. */
    public static Gate of(Map<Role, Token> tokens) {
        return of(tokens, WorkerIdentities.NONE);
    }

    /** A gate that also knows workers by their own tokens (a coordinator's, see {@link WorkerIdentities}). */
    public static Gate of(Map<Role, Token> tokens, WorkerIdentities identities) {
        return tokens.isEmpty() && identities.isEmpty() ? OPEN : new Gate(tokens, identities);
    }

    /** Whether it knows workers by their own tokens: then a worker's heartbeats must come with one. */
    public boolean knowsWorkersByName() {
        return !identities.isEmpty();
    }

    public boolean isOpen() {
        return tokens.isEmpty() && identities.isEmpty();
    }

    /**
     * Lets a request through if its {@code Authorization} header (null when absent) proves one of
     * {@code allowed}, and says who it proved to be; every known token is compared, so the time
     * taken says nothing about which one came close. A worker's own token proves the worker role
     * and its name, unless the operator revoked that name.
     */
    public Caller admit(String authorization, Set<Role> allowed) throws AccessDeniedException {
        if (isOpen()) {
            return Caller.ANYONE;
        }
        String needed = allowed.stream().map(Role::word).collect(Collectors.joining(" or "));
        String presented = presentedToken(authorization);
        if (presented == null) {
            throw new AccessDeniedException(false, "this endpoint needs a " + needed
                    + " credential: send \"Authorization: Bearer <token>\" (the command line's --credentials DIR does),"
                    + " or the token as the password of basic authentication");
        }
        Role proven = null;
        for (Map.Entry<Role, Token> known : tokens.entrySet()) {
            if (known.getValue().matches(presented)) {
                proven = known.getKey();
            }
        }
        Optional<String> worker = identities.whose(presented);
        if (worker.isPresent()) {
            if (identities.revoked(worker.get())) {
                throw new AccessDeniedException(true, "worker " + worker.get() + "'s credential is revoked ("
                        + WorkerIdentities.REVOKED_FILE + " names it)");
            }
            proven = Role.WORKER;
        }
        if (proven == null) {
            throw new AccessDeniedException(false, "the credential sent is not one this server knows; this endpoint needs a "
                    + needed + " credential" + (identities.isEmpty() || !allowed.contains(Role.WORKER) ? ""
                            : " (this coordinator knows each worker by a credential of its own: start a worker with the"
                                    + " directory `distbuild credentials DIR --worker NAME` made for it, DIR/worker-NAME)"));
        }
        if (!allowed.contains(proven)) {
            throw new AccessDeniedException(true, "a " + proven.word() + " credential may not do this; it needs a "
                    + needed + " credential");
        }
        return worker.map(Caller::worker).orElse(Caller.of(proven));
    }

    /**
     * The token a request presents: as a bearer token, or as the password of basic authentication
     * (the user name is not read), which is all some clients can send (ccache, Gradle, a URL's
     * {@code user:password@}). Null when it presents none.
     */
    private static String presentedToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        }
        return null;
    }
}
