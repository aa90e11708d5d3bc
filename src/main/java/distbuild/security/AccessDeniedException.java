package distbuild.security;

/**
 * A request refused at the {@link Gate}: either it proved no role at all ({@link #authenticated()}
 * false: HTTP 401) or its role may not do this (true: HTTP 403).
 */
public final class AccessDeniedException extends Exception {
    private final boolean authenticated;

    AccessDeniedException(boolean authenticated, String message) {
        super(message);
        this.authenticated = authenticated;
    }

    public boolean authenticated() {
        return authenticated;
    }
}
