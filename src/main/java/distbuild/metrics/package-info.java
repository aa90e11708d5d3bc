/**
 * Metrics in the Prometheus text format, made with Micrometer: a registry per component (the
 * coordinator, each worker; several may share a process) and the {@code GET /metrics} endpoint
 * that serves it. What is measured is the components' business; this package only holds the
 * plumbing, so that no other package depends on the Prometheus registry itself.
 */
package distbuild.metrics;
