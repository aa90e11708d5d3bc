/**
 * Build files: {@code distbuild.yaml} read into the wire {@link distbuild.model.Graph}, with
 * every ID computed from content. {@link distbuild.buildfile.BuildFile#load} is the way in.
 *
 * <p>Reading ({@link distbuild.buildfile.BuildFileReader}, YAML with line numbers) is apart from
 * planning ({@link distbuild.buildfile.Planner}: stamping, globs, deps, checks, IDs) and from
 * lowering ({@link distbuild.buildfile.Lowering}: the commands that give a job its deps' outputs
 * at their declared paths and collect its own). Mistakes are gathered, never thrown one by one,
 * so a user fixes them all in one round. Knows nothing of HTTP, caches or workers.
 */
package distbuild.buildfile;
