/**
 * Who may do what: the two roles a caller can have ({@link distbuild.security.Role}), the bearer
 * {@link distbuild.security.Token}s that prove them, the {@link distbuild.security.Gate} a server
 * checks them at, the TLS key material read from PEM files ({@link distbuild.security.Tls}), and
 * the credentials directory an operator creates once and hands out
 * ({@link distbuild.security.Credentials}, {@link distbuild.security.CredentialsDirectory}).
 *
 * <p>Depends on nothing else in the system; the HTTP plumbing uses it on both sides of a call.
 */
package distbuild.security;
