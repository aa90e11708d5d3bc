/**
 * The shared HTTP caches of the tools teams already run, served under {@code /cache/} on the
 * coordinator's port: ccache's HTTP remote storage, Bazel's HTTP cache ({@code ac/} and
 * {@code cas/}), Gradle's HTTP build cache, and the part of WebDAV sccache uses. Every entry lives
 * in the coordinator's {@link distbuild.store.Store}, so Bazel's {@code cas/} is the Remote
 * Execution API's store and its {@code ac/} that API's action cache: a result one path made is
 * found by the other. Bodies are streamed to and from files, never held whole.
 */
package distbuild.httpcache;
