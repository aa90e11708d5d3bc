/**
 * The build model: {@link distbuild.model.Id IDs}, the {@link distbuild.model.Graph graph} of
 * {@link distbuild.model.Job jobs} and their {@link distbuild.model.Cmd commands}, graph
 * validation and ordering, command templates, and the {@link distbuild.model.JobResult result}
 * of running a job.
 *
 * <p>Pure values and pure functions: nothing here does I/O except hashing a file, and nothing
 * here knows about JSON, HTTP, caches or processes. Every other package depends on this one.
 */
package distbuild.model;
