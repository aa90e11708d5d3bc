/**
 * Who runs what, where (SPEC §7). {@link distbuild.scheduler.Scheduler} holds the lock and the
 * long poll a worker's heartbeat waits in; around it, one class per concern: the
 * {@link distbuild.scheduler.JobTable} (each job once, shared by every build that wants it), the
 * {@link distbuild.scheduler.WorkerRegistry} (liveness from the long poll, cached artifacts), the
 * {@link distbuild.scheduler.JobQueues} (the locality policy) and
 * {@link distbuild.scheduler.RestartRecovery} (what a scheduler does differently after a restart).
 * {@link distbuild.scheduler.Tries} retries tries that fail for reasons not the job's own, a bounded
 * number of times, and sends a job whose deps' artifacts are gone back to its builds
 * ({@link distbuild.scheduler.LostDepsException}). {@link distbuild.scheduler.WorkerFit} says
 * which workers may take a job (the programs it needs, what it requires of the machine), and
 * {@link distbuild.scheduler.UnmetRequirements} fails one that no live worker can meet after a
 * while. {@link distbuild.scheduler.FairShares} shares slots between people and their builds
 * ({@link distbuild.scheduler.Share}). {@link distbuild.scheduler.LogContext} names a job on the
 * log lines written about it on any thread.
 *
 * <p>All time comes from a {@link distbuild.scheduler.Clock}, so tests move time by hand
 * instead of sleeping. Knows jobs and workers from the model; knows nothing of HTTP, JSON or
 * builds — the coordinator translates between those and this package.
 */
package distbuild.scheduler;
