/**
 * Operations on whole directory trees that several packages need, such as deleting a tree that a
 * job or a failed transfer left behind, and a file's SHA-256 ({@link distbuild.files.FileDigests}),
 * by which a program is known.
 *
 * <p>Knows only {@code java.nio.file} and the JDK's digests: nothing about caches, archives, jobs
 * or the network.
 */
package distbuild.files;
