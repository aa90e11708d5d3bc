package distbuild.ninja;

/**
 * A pool: at most {@code depth} of its edges run at once; depth 0 means no limit (as in ninja,
 * which puts every edge without a pool in such a pool, named "").
 */
public record NinjaPool(String name, int depth) {
    /** Where edges without a {@code pool} binding go: unlimited. */
    public static final NinjaPool DEFAULT = new NinjaPool("", 0);
    /** Ninja's built-in pool for commands that need the terminal: one at a time. */
    public static final NinjaPool CONSOLE = new NinjaPool("console", 1);

    public boolean isLimited() {
        return depth > 0;
    }
}
