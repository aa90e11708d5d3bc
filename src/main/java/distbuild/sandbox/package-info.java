/**
 * The sandbox a worker's jobs run in with {@code --sandbox}: bubblewrap's namespaces and mounts,
 * a user of the job's own with no capabilities ({@link distbuild.sandbox.Sandbox}), and the limits
 * a job cannot pass without failing alone ({@link distbuild.sandbox.JobLimits}): rlimits, control
 * groups where the worker can use them, and a watch on what it writes. One job run is a
 * {@link distbuild.sandbox.Confinement}. It also lays out, for a worker without {@code --sandbox},
 * a job's tree at the paths its commands name ({@link distbuild.sandbox.TreeMapping}), with the
 * same mount planning ({@code MountPlan}).
 *
 * <p>It knows the model's job results (to say which limit a job hit) and nothing of the worker's
 * caches, the protocol or HTTP; the worker hands it the directories of each run.
 */
package distbuild.sandbox;
