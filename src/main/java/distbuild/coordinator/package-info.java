/**
 * The coordinator (SPEC §5): accepts builds, takes their source files, runs each build's jobs
 * through the {@link distbuild.scheduler.Scheduler} as their deps finish, streams progress back,
 * and answers workers' heartbeats. One {@link distbuild.coordinator.BuildRun} per client build;
 * work shared between builds is shared by the scheduler.
 */
package distbuild.coordinator;
