/**
 * Operations on whole directory trees that several packages need, such as deleting a tree that a
 * job or a failed transfer left behind.
 *
 * <p>Knows only {@code java.nio.file}: nothing about caches, archives, jobs or the network.
 */
package distbuild.files;
