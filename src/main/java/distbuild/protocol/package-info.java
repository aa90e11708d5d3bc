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
 */
package distbuild.protocol;
