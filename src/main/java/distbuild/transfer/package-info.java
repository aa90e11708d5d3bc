/**
 * Moving bytes between machines: source files ({@code GET/PUT /file?id=}) over a
 * {@link distbuild.cache.FileCache} and artifacts ({@code GET /artifact?id=}, a tar stream)
 * over an {@link distbuild.cache.ArtifactCache}, as handlers any component can mount, plus the
 * clients that upload and download them. Everything streams: no file or artifact is ever held
 * in memory whole. Uploads and downloads are checked against the content ID.
 *
 * <p>{@code GET /result?id=} is this system's addition: the stored stdout/stderr of a cached
 * job, so that a worker which fetched an artifact from a peer can also replay that job's output.
 * A peer that does not serve it answers 404 and the artifact is kept without a result. Its body
 * is a JobResult in the wire format, which is why this package uses the protocol's codec.
 */
package distbuild.transfer;
