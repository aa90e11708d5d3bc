/**
 * Operations on whole directory trees that several packages need, such as deleting a tree that a
 * job or a failed transfer left behind, and a file's SHA-256 ({@link distbuild.files.FileDigests}),
 * by which a program is known, and the machine's compilers ({@link distbuild.files.Compilers}).
 *
 * <p>Knows only {@code java.nio.file}, the JDK's digests and how to ask a compiler driver what it
 * runs: nothing about caches, archives, jobs or the network.
 */
package distbuild.files;
