package distbuild.cli;

import distbuild.security.Credentials;
import distbuild.security.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.slf4j.Logger;
import picocli.CommandLine.Option;

/**
 * {@code --credentials DIR} (or {@code $DISTBUILD_CREDENTIALS}): the directory, made by
 * {@code distbuild credentials}, whose tokens and TLS files this process uses. Without it, the
 * process uses none, which a server allows only on a loopback address unless told {@code --insecure}.
 */
final class CredentialsOptions {
    @Option(names = "--credentials", paramLabel = "DIR", defaultValue = "${env:DISTBUILD_CREDENTIALS}",
            description = {"The credentials directory for this kind of process, made by 'distbuild credentials'",
                "(default: $DISTBUILD_CREDENTIALS; none on an open loopback cluster)."})
    Path dir;

    /** The credentials in the directory, which must hold the tokens of {@code needed}; none without a directory. */
    Credentials load(Role... needed) throws IOException {
        return dir == null ? Credentials.NONE : Credentials.load(dir).require(needed);
    }

    /**
     * Refuses to listen where other machines can reach it with no credentials, unless the operator
     * said {@code --insecure}; warns when tokens would travel in clear text.
     */
    static void checkListening(Logger log, InetSocketAddress listen, Credentials credentials, boolean insecure)
            throws UnknownHostException {
        if (InetAddress.getByName(listen.getHostString()).isLoopbackAddress()) {
            return;
        }
        if (credentials.tokens().isEmpty() && !insecure) {
            throw new IllegalArgumentException("listening on " + listen.getHostString() + ", which other machines can"
                    + " reach, needs credentials: pass --credentials DIR (make them with 'distbuild credentials DIR'),"
                    + " or --insecure to let anyone who can connect run commands here");
        }
        if (credentials.tokens().isEmpty()) {
            log.warn("listening on {} with no credentials (--insecure): anyone who can connect can run commands here",
                    listen.getHostString());
        } else if (!credentials.serves()) {
            log.warn("listening on {} without TLS: tokens and artifacts cross the network in clear text"
                    + " (put cert.pem and key.pem in the credentials directory)", listen.getHostString());
        }
    }
}
