/**
 * One store of content for every protocol that is not the seed's: blobs by SHA-256 kept in the
 * coordinator's own file cache ({@link distbuild.store.BlobStore}), the action cache in the Remote
 * Execution API's format ({@link distbuild.store.ActionResults}), and entries of the HTTP caches
 * (ccache, Gradle, sccache) by the key each tool chooses ({@link distbuild.store.KeyedBlobs}).
 * The gRPC front end and the HTTP caches open it once ({@link distbuild.store.Store}) and share it,
 * so a result one of them stored is found by the other, and the file cache's size limit and
 * eviction hold for all of it.
 */
package distbuild.store;
