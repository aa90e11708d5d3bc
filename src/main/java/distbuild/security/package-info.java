/**
 * Who may do what: the two roles a caller can have ({@link distbuild.security.Role}), the bearer
 * {@link distbuild.security.Token}s that prove them, the {@link distbuild.security.Gate} a server
 * checks them at, the TLS key material read from PEM files ({@link distbuild.security.Tls}), and
 * the credentials directory an operator creates once and hands out
 * ({@link distbuild.security.Credentials}, {@link distbuild.security.CredentialsDirectory}).
 * Workers may each hold a credential of their own: the coordinator knows them by it
 * ({@link distbuild.security.WorkerIdentities}, with its revocation list) and binds each worker
 * ID to one ({@link distbuild.security.WorkerBindings}); a gate says who a request proved to be
 * ({@link distbuild.security.Caller}).
 *
 * <p>Depends only on the model (a worker's ID); the HTTP plumbing uses it on both sides of a call.
 */
package distbuild.security;
