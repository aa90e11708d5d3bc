/**
 * The Remote Execution API v2 (Bazel, Buck2, recc, reclient...) served beside the seed protocol,
 * on a gRPC port of the coordinator: capabilities, the content-addressed store and ByteStream,
 * the action cache, and execution of actions as jobs of the same scheduler.
 *
 * <p>What it owns: the services over the coordinator's {@link distbuild.store.Store} (blobs by
 * SHA-256 in its file cache, and the action cache, which the HTTP caches share), the lowering of
 * an action into one job ({@link distbuild.reapi.ActionJob}) and the lifting of its artifact into
 * an action result ({@link distbuild.reapi.OutputImport}), and operations that
 * outlive the stream that started them ({@link distbuild.reapi.Operations}). It depends on the
 * coordinator only through {@link distbuild.reapi.ReapiBackend}: builds are run as any client's
 * are, so actions share the scheduler, caches, fairness, retries, dashboard and metrics.
 */
package distbuild.reapi;
