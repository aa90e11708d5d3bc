/**
 * The client library: {@link distbuild.client.Client#build} sends a graph to a coordinator,
 * uploads the source files it lacks, and reports each job's output and outcome to a
 * {@link distbuild.client.BuildListener} as the build goes.
 */
package distbuild.client;
