/**
 * A worker (SPEC §6): heartbeats to the coordinator, runs the jobs it is given in a fixed number
 * of slots, keeps their artifacts and results in its caches and serves them to peers. Its
 * heartbeats go over HTTP, or, for a worker in the coordinator's own process ({@code local}), as
 * calls ({@link distbuild.worker.InProcessHeartbeats}).
 *
 * What its machine offers to jobs that require something of it, its compilers included, is
 * {@link distbuild.worker.MachineOffers}.
 *
 * <p>Running one job is a chain of {@link distbuild.worker.JobExecutor}s, each adding one concern
 * around the next: {@link distbuild.worker.CachingExecutor} replays or stores results (and takes
 * an earlier job's as a job's own when the coordinator cut it off early),
 * {@link distbuild.worker.InputStagingExecutor} lays out source files and fetches dep artifacts,
 * {@link distbuild.worker.ConfinedExecutor} holds the job in its sandbox (with {@code --sandbox}),
 * {@link distbuild.worker.TimeoutExecutor} stops it at its deadline, and
 * {@link distbuild.worker.CommandExecutor} renders and runs the commands. A new concern (a
 * timeout, a sandbox, metrics) is a new link, not an {@code if} in an old one.
 */
package distbuild.worker;
