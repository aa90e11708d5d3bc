/**
 * The client library: {@link distbuild.client.Client#build} sends a graph to a coordinator,
 * uploads the source files it lacks, and reports each job's output and outcome to a
 * {@link distbuild.client.BuildListener} as the build goes; {@link distbuild.client.OutputDelivery}
 * then gets the targets' outputs. Both ride out the cluster's faults for as long as
 * {@link distbuild.client.CoordinatorWaits} allows: a coordinator restarting before or during the
 * build, workers dying with the only copy of an output (built again), transfers cut off.
 *
 * <p>A client in the coordinator's own process ({@code local}, {@link distbuild.client.Client#beside})
 * builds by calls into it rather than over HTTP; files still move over HTTP.
 *
 * <p>Knows the protocol and the transfer clients, never build files or how progress is shown.
 */
package distbuild.client;
