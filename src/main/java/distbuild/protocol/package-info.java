/**
 * The protocol between client, coordinator and workers (SPEC §3–4, §9): the wire messages,
 * their JSON form ({@link distbuild.protocol.WireFormat}, the one place that knows it), and one
 * client/handler pair per call around a narrow service interface — heartbeat
 * ({@link distbuild.protocol.HeartbeatService}) and build with its signal
 * ({@link distbuild.protocol.BuildService}).
 *
 * <p>Constructors take the logger first. Handlers pass the client's cancellation on to the
 * service (the service's thread is interrupted, or its next write fails); client calls are
 * cancelled by interrupting the caller or closing the {@link distbuild.protocol.BuildStream}.
 * This package starts no threads: callers own concurrency. It does not move files or artifacts;
 * that is {@code distbuild.transfer}.
 *
 * <p>Readers accept what Go's encoding/json writes and reads, with these deliberate refusals,
 * answered 400 with a message saying where: a Cmd that sets both Exec and CatOutput, or
 * neither (Go would run something arbitrary or nothing); a missing or malformed ID where one is
 * required; a message that is not an object ({@code "Graph": null}); a document over 512 MiB.
 */
package distbuild.protocol;
