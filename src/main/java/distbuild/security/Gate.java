package distbuild.security;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a server checks who is calling. An open gate (no tokens: a loopback-only cluster, or one
 * whose operator chose {@code --insecure}) lets everyone through, which keeps a cluster on one
 * machine zero-configuration and the original Go peers working there. A closed one wants
 * {@code Authorization: Bearer <token>} with a token of a role the endpoint allows.
 */
public final class Gate {
    public static final Gate OPEN = new Gate(Map.of());

    private final Map<Role, Token> tokens;

    private Gate(Map<Role, Token> tokens) {
        this.tokens = tokens.isEmpty() ? Map.of() : new EnumMap<>(tokens);
    }

    /** A gate that knows these roles' tokens; no tokens is an open gate. */
    public static Gate of(Map<Role, Token> tokens) {
        return tokens.isEmpty() ? OPEN : new Gate(tokens);
    }

    public boolean isOpen() {
        return tokens.isEmpty();
    }

    /**
     * Lets a request through if its {@code Authorization} header (null when absent) proves one of
     * {@code allowed}; every known token is compared, so the time taken says nothing about which
     * one came close.
     */
    public void admit(String authorization, Set<Role> allowed) throws AccessDeniedException {
        if (isOpen()) {
            return;
        }
        String needed = allowed.stream().map(Role::word).collect(Collectors.joining(" or "));
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AccessDeniedException(false, "this endpoint needs a " + needed
                    + " credential: send \"Authorization: Bearer <token>\" (the command line's --credentials DIR does)");
        }
        String presented = authorization.substring(7).strip();
        Role proven = null;
        for (Map.Entry<Role, Token> known : tokens.entrySet()) {
            if (known.getValue().matches(presented)) {
                proven = known.getKey();
            }
        }
        if (proven == null) {
            throw new AccessDeniedException(false, "the credential sent is not one this server knows; this endpoint needs a "
                    + needed + " credential");
        }
        if (!allowed.contains(proven)) {
            throw new AccessDeniedException(true, "a " + proven.word() + " credential may not do this; it needs a "
                    + needed + " credential");
        }
    }
}
