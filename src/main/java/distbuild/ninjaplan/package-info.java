/**
 * Running a ninja build ({@code build.ninja} as CMake, Meson or GN write it) on the cluster:
 * {@link distbuild.ninjaplan.NinjaPlanner} turns its edges into jobs of a wire graph that run
 * their commands unchanged — in the build directory, with the tree seen at the client's paths
 * ({@link distbuild.ninjaplan.TreeLayout}), the headers they read found first, the programs they
 * run pinned by content — and {@link distbuild.ninjaplan.BuildDirectory} leaves the client's build
 * directory as ninja would, its records included, without landing again what an earlier build left
 * in place ({@link distbuild.ninjaplan.LandedOutputs}). Edges that must run on the client
 * ({@link distbuild.ninjaplan.ClientEdges}) run there.
 *
 * <p>It reads ninja's files through {@code distbuild.ninja}, lowers through {@code buildfile}'s
 * {@code Lowering} to the model's graph, and knows nothing of HTTP: the caller fetches artifacts.
 */
package distbuild.ninjaplan;
