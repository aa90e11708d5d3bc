/**
 * Who runs what, where (SPEC §7): the queues that match waiting jobs to workers by locality,
 * the workers' liveness and cached artifacts, the sharing of one job among every build that
 * wants it, and the long poll a worker's heartbeat waits in.
 *
 * <p>All time comes from a {@link distbuild.scheduler.Clock}, so tests move time by hand
 * instead of sleeping. Knows jobs and workers from the model; knows nothing of HTTP, JSON or
 * builds — the coordinator translates between those and this package.
 */
package distbuild.scheduler;
