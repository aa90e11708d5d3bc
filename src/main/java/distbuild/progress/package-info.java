/**
 * Showing a build to people as it runs, on the client: {@link distbuild.progress.BuildTimeline}
 * records every job's events on the client's clock, and one class per way of showing them reads
 * it — a status area redrawn in place on a terminal ({@link distbuild.progress.TerminalProgress}),
 * a line per event elsewhere ({@link distbuild.progress.PlainProgress}), the closing
 * {@link distbuild.progress.BuildSummary}, and a Chrome trace file
 * ({@link distbuild.progress.TraceFile}). Knows the client's listener, never HTTP.
 */
package distbuild.progress;
