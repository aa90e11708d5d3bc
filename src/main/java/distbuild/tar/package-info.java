/**
 * Moving a directory tree through a byte stream as a tar archive: how artifacts travel between
 * workers ({@code GET /artifact}). {@link distbuild.tar.TarStream} writes a tree and extracts
 * one.
 *
 * <p>Owns the archive format (USTAR with PAX extensions, readable by Go's {@code archive/tar}
 * and by GNU tar) and the rules for what an archive may contain: regular files and directories
 * at relative paths inside the target, nothing else. Extraction is all-or-nothing: a target
 * either appears complete or not at all.
 *
 * <p>Knows nothing about caches, jobs or HTTP; callers hand it streams and paths.
 */
package distbuild.tar;
