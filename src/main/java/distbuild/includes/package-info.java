/**
 * Which files a C-family compile reads, found before it runs, so that a remote compile is sent
 * every one of them: the job of Siso's {@code scandeps} and goma's include processor.
 *
 * <p>A compile's command line is parsed into a {@link distbuild.includes.CompileCommand}
 * ({@link distbuild.includes.CompileCommand#parse}: shell words, {@code cd}, launchers, response
 * files, every option that changes lookup), or said plainly not to be one the scanner
 * understands ({@link distbuild.includes.ParsedCommand}). Its lookups go through one ordered
 * {@code SearchChain} — {@code -iquote}, {@code -I}, {@code -isystem}, the compiler's own
 * directories ({@link distbuild.includes.CompilerSearchPaths}, asked of the compiler once per
 * toolchain), {@code -idirafter} — with where quoted and bracketed lookups start and
 * {@code #include_next} going on past its includer's directory. Every file's directives are
 * parsed once per content ({@link distbuild.includes.DirectiveCache}, shared by the process);
 * a build scans in a {@link distbuild.includes.ScanSession} over it, and may keep its scans for the
 * next build in a {@link distbuild.includes.ScanMemo}, which answers a compile again only while
 * every path its scan looked at is as it was.
 *
 * <p>Conditions are ignored: a header under {@code #if 0} counts. The scanner
 * over-approximates rather than misses — a computed include it cannot expand takes whole
 * directories and says so in the {@link distbuild.includes.ScanResult}.
 *
 * <p>Knows nothing of ninja, HTTP, the cluster or the wire graph: a caller turns an edge into a
 * command line, a working directory and the set of files other edges generate.
 */
package distbuild.includes;
