package distbuild.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates the credentials of a new cluster in one directory, one subdirectory per kind of process,
 * each holding exactly what that process needs and nothing more:
 *
 * <pre>
 * DIR/coordinator/  client.token worker.token [ca.pem cert.pem key.pem]
 * DIR/worker/       worker.token              [ca.pem cert.pem key.pem]
 * DIR/client/       client.token              [ca.pem]
 * </pre>
 *
 * With TLS hosts, a fresh certificate authority signs one certificate naming them all, made with
 * the {@code openssl} command; the authority's key is thrown away, so nothing more can be signed
 * with it (adding a host means creating a new directory and handing it out again).
 */
public final class CredentialsDirectory {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:*-]{1,253}");
    private static final int CERT_DAYS = 825;

    public static final String COORDINATOR = "coordinator";
    public static final String WORKER = "worker";
    public static final String CLIENT = "client";

    private CredentialsDirectory() {}

    /** Creates {@code dir} (which must not exist, or be empty) with new tokens and, if {@code tlsHosts} is not empty, TLS files. */
    public static void create(Path dir, List<String> tlsHosts) throws IOException, InterruptedException {
        for (String host : tlsHosts) {
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("\"" + host + "\" is not a host name or IP address");
            }
        }
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " already exists and is not empty; credentials are never overwritten."
                            + " Choose a new directory");
                }
            }
        }
        Files.createDirectories(dir);
        PrivateFiles.restrict(dir);
        Path coordinator = privateDirectory(dir.resolve(COORDINATOR));
        Path worker = privateDirectory(dir.resolve(WORKER));
        Path client = privateDirectory(dir.resolve(CLIENT));
        Token clientToken = Token.generate();
        Token workerToken = Token.generate();
        clientToken.writeNew(coordinator.resolve(Role.CLIENT.tokenFile()));
        workerToken.writeNew(coordinator.resolve(Role.WORKER.tokenFile()));
        workerToken.writeNew(worker.resolve(Role.WORKER.tokenFile()));
        clientToken.writeNew(client.resolve(Role.CLIENT.tokenFile()));
        if (!tlsHosts.isEmpty()) {
            Path scratch = Files.createTempDirectory(dir, ".tls");
            try {
                signCertificate(scratch, tlsHosts);
                for (Path target : List.of(coordinator, worker, client)) {
                    copyPrivate(scratch.resolve(Tls.CA_FILE), target.resolve(Tls.CA_FILE));
                }
                for (Path target : List.of(coordinator, worker)) {
                    copyPrivate(scratch.resolve(Tls.CERT_FILE), target.resolve(Tls.CERT_FILE));
                    copyPrivate(scratch.resolve(Tls.KEY_FILE), target.resolve(Tls.KEY_FILE));
                }
            } finally {
                try (Stream<Path> files = Files.list(scratch)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(scratch);
            }
        }
    }

    private static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
        PrivateFiles.restrict(dir);
        return dir;
    }

    private static void copyPrivate(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        PrivateFiles.restrict(to);
    }

    /** A CA (ca.pem, its key in ca-key.pem) and a certificate for {@code hosts} signed by it (cert.pem, key.pem). */
    private static void signCertificate(Path dir, List<String> hosts) throws IOException, InterruptedException {
        String names = hosts.stream()
                .map(host -> (host.matches("[0-9.]+") || host.contains(":") ? "IP:" : "DNS:") + host)
                .collect(Collectors.joining(","));
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=" + names + "\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        String curve = "ec_paramgen_curve:prime256v1";
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", curve, "-nodes", "-keyout", "ca-key.pem",
                "-out", Tls.CA_FILE, "-days", String.valueOf(CERT_DAYS), "-subj", "/CN=distbuild cluster CA");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", curve, "-nodes", "-keyout", Tls.KEY_FILE,
                "-out", "cert.csr", "-subj", "/CN=distbuild");
        openssl(dir, "x509", "-req", "-in", "cert.csr", "-CA", Tls.CA_FILE, "-CAkey", "ca-key.pem",
                "-CAcreateserial", "-out", Tls.CERT_FILE, "-days", String.valueOf(CERT_DAYS), "-extfile", "ext.cnf");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("making TLS certificates needs the openssl command, which could not be run ("
                    + e.getMessage() + "); install it (Debian: apt-get install openssl) or leave out --tls-host", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("openssl " + args[0] + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): "
                    + output.strip());
        }
    }
}
