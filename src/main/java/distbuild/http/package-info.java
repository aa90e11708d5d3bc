/**
 * The HTTP plumbing shared by every component: a Jetty server on virtual threads that mounts
 * {@link distbuild.http.Routes} under path prefixes, the {@link distbuild.http.Exchange} an
 * endpoint sees instead of Jetty's types, the mapping of exceptions to status codes with a
 * plain-text body, the JDK HTTP client set up the same way everywhere, and {@link
 * distbuild.http.CallFailure}, which says in words why a call failed, and the open health endpoints
 * probes use ({@link distbuild.http.HealthEndpoints}).
 *
 * <p>Knows nothing about builds, caches or JSON messages; those live in the packages that use it.
 */
package distbuild.http;
