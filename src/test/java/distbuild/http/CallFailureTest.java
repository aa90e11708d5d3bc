package distbuild.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** The JDK's failures of a call, as the JDK's HTTP client throws them, put in words a person can act on. */
class CallFailureTest {
    @Test
    void theJdksTerseFailuresBecomeWords() {
        assertThat(CallFailure.describe(new ConnectException())).isEqualTo("connection refused");
        assertThat(CallFailure.describe(new IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo("the connection closed before an answer came");
        assertThat(CallFailure.describe(new SocketException("Connection reset"))).isEqualTo("the connection was reset");
        assertThat(CallFailure.describe(new EOFException())).isEqualTo("the connection closed in the middle of the answer");
        assertThat(CallFailure.describe(new IOException("fixed content-length: 1000, bytes received: 10")))
                .isEqualTo("the connection closed in the middle of the answer");
        assertThat(CallFailure.describe(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("no connection within the time allowed (is the host up?)");
    }

    @Test
    void anUntrustedCertificateSaysWhatToPassWithoutTheJdksClassNames() {
        String described = CallFailure.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed:"
                + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path"));

        assertThat(described).startsWith("the TLS connection failed: the server's certificate is not trusted")
                .contains("ca.pem").doesNotContain("Exception").doesNotContain("sun.");
    }

    @Test
    void aHostThatDoesNotResolveIsNotTakenForARefusal() {
        ConnectException unresolved = new ConnectException();
        unresolved.initCause(new ConnectException().initCause(new UnresolvedAddressException()));

        assertThat(CallFailure.describe(unresolved)).isEqualTo("unknown host");
    }

    @Test
    void ourOwnWordsAroundAFailureAreKeptAndAServersAnswerIsItsOwn() {
        assertThat(CallFailure.describe(new IOException("the build stream ended without an outcome", new EOFException())))
                .isEqualTo("the build stream ended without an outcome");
        assertThat(CallFailure.describe(new RemoteCallException(502, "no worker holding artifact 1234abcd could send it just now")))
                .isEqualTo("no worker holding artifact 1234abcd could send it just now");
    }

    @Test
    void nothingToSayIsNeverNullNorAClassName() {
        assertThat(CallFailure.describe(new IOException((String) null))).isEqualTo("the connection failed without saying why");
        assertThat(CallFailure.describe(new IOException(new IllegalStateException())))
                .as("a message that is only a class name, as the JDK makes from a cause")
                .isEqualTo("the connection failed without saying why");
    }
}
