/**
 * The coordinator (SPEC §5): accepts builds, takes their source files, runs each build's jobs
 * through the {@link distbuild.scheduler.Scheduler} as their deps finish, streams progress back,
 * and answers workers' heartbeats. One {@link distbuild.coordinator.BuildRun} per client build,
 * which keeps a {@link distbuild.coordinator.BuildJournal} of its jobs; work shared between builds
 * is shared by the scheduler. {@link distbuild.coordinator.StatusPages} tells people what it all
 * does ({@code /status}, {@code /status/build}, the dashboard), with the journals of the builds
 * that ended last. {@link distbuild.coordinator.EarlyCutoff} remembers what each finished job made,
 * by its action key, so that a job whose deps came out as before takes an earlier job's result.
 */
package distbuild.coordinator;
