/**
 * The {@code distbuild} command line (picocli): {@code coordinator}, {@code worker},
 * {@code build} and {@code local} (a whole cluster in one process, see
 * {@link distbuild.cli.LocalCluster}). Parses options, wires the components together, prints
 * for people, and maps outcomes to exit codes; holds no logic of its own beyond that.
 */
package distbuild.cli;
