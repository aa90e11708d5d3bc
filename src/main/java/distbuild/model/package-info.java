/**
 * The build model: {@link distbuild.model.Id IDs}, the {@link distbuild.model.Graph graph} of
 * {@link distbuild.model.Job jobs} and their {@link distbuild.model.Cmd commands}, graph
 * validation and ordering, command templates, the {@link distbuild.model.JobResult result} of
 * running a job, a job's {@link distbuild.model.ActionKey action key} (what it does, by content),
 * and what a job {@link distbuild.model.Requirements requires} of a machine against what a worker
 * {@link distbuild.model.WorkerOffers offers}.
 *
 * <p>Pure values and pure functions: nothing here does I/O except hashing a file, and nothing
 * here knows about JSON, HTTP, caches or processes. Every other package depends on this one.
 */
package distbuild.model;
