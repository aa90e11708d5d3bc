package distbuild.includes;

/**
 * The way in: one per process, holding what outlives a build — every file's parsed directives
 * ({@link DirectiveCache}) and every compiler's own include directories
 * ({@link CompilerSearchPaths}). Each build scans in a {@link ScanSession} of its own.
 *
 * <pre>{@code
 * IncludeScanner scanner = new IncludeScanner();                      // once per process
 * ScanSession session = scanner.session(new ScanScope(List.of(sourceDir, buildDir), generatedOutputs));
 * switch (CompileCommand.parse(edge.command(), buildDir)) {
 *     case ParsedCommand.Compile compile -> session.scan(compile.command());   // a ScanResult
 *     case ParsedCommand.NotACompile other -> ...;                     // ship what the edge declares
 *     case ParsedCommand.Unsupported refused -> ...;                   // refused.why() says what stopped it
 * }
 * }</pre>
 */
public final class IncludeScanner {
    private final DirectiveCache cache;
    private final CompilerSearchPaths compilers;

    public IncludeScanner() {
        this(new DirectiveCache(), new CompilerSearchPaths());
    }

    public IncludeScanner(DirectiveCache cache, CompilerSearchPaths compilers) {
        this.cache = cache;
        this.compilers = compilers;
    }

    /** A view for one build over the shared caches: the tree is taken to stand still while it is used. */
    public ScanSession session(ScanScope scope) {
        return new ScanSession(scope, cache, compilers, null);
    }

    /**
     * A view for one build that answers a compile from {@code memo} when nothing it looked at has
     * changed since an earlier build scanned it, and remembers what it scans there.
     */
    public ScanSession session(ScanScope scope, ScanMemo memo) {
        return new ScanSession(scope, cache, compilers, memo);
    }

    public DirectiveCache cache() {
        return cache;
    }

    public CompilerSearchPaths compilers() {
        return compilers;
    }
}
