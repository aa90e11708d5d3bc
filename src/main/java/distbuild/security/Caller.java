package distbuild.security;

import java.util.Optional;

/**
 * Who a request proved to be: its role, and for a worker holding a credential of its own (made by
 * {@code distbuild credentials --worker NAME}), that worker's name. On an open gate, anyone.
 *
 * @param role null on an open gate, where nobody proves anything
 * @param worker the worker's own name, if it proved one
 */
public record Caller(Role role, Optional<String> worker) {
    public static final Caller ANYONE = new Caller(null, Optional.empty());

    public static Caller of(Role role) {
        return new Caller(role, Optional.empty());
    }

    public static Caller worker(String name) {
        return new Caller(Role.WORKER, Optional.of(name));
    }
}
