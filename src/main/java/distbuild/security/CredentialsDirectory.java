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
 * <p>With worker names, each worker also gets a credential of its own, by which the coordinator
 * knows it (and can revoke it alone), and the shared worker token is then for workers' calls to
 * each other only:
 *
 * <pre>
 * DIR/coordinator/  … workers/NAME.token revoked-workers
 * DIR/worker-NAME/  worker.token identity.token [ca.pem cert.pem key.pem]
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
        create(dir, tlsHosts, List.of());
    }

    /** The same, and a credential of its own for each worker named in {@code workerNames}. */
    public static void create(Path dir, List<String> tlsHosts, List<String> workerNames) throws IOException, InterruptedException {
        for (String name : workerNames) {
            if (!WorkerIdentities.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("\"" + name + "\" is not a worker name: use 1 to 63 letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit");
            }
        }
        if (new java.util.HashSet<>(workerNames).size() != workerNames.size()) {
            throw new IllegalArgumentException("a worker name is given twice: " + workerNames);
        }
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
        List<Path> workerDirs = new ArrayList<>(List.of(worker));
        if (!workerNames.isEmpty()) {
            Path identities = privateDirectory(coordinator.resolve(WorkerIdentities.DIRECTORY));
            Files.writeString(coordinator.resolve(WorkerIdentities.REVOKED_FILE), "# Workers shut out: one name per line."
                    + " The coordinator reads this file again whenever it changes.\n");
            PrivateFiles.restrict(coordinator.resolve(WorkerIdentities.REVOKED_FILE));
            for (String name : workerNames) {
                Token own = Token.generate();
                own.writeNew(identities.resolve(name + ".token"));
                Path ownDir = privateDirectory(dir.resolve(WORKER + "-" + name));
                workerToken.writeNew(ownDir.resolve(Role.WORKER.tokenFile()));
                own.writeNew(ownDir.resolve(Credentials.OWN_WORKER_TOKEN_FILE));
                workerDirs.add(ownDir);
            }
        }
        if (!tlsHosts.isEmpty()) {
            Path scratch = Files.createTempDirectory(dir, ".tls");
            try {
                signCertificate(scratch, tlsHosts);
                List<Path> servers = new ArrayList<>(workerDirs);
                servers.add(coordinator);
                for (Path target : servers) {
                    copyPrivate(scratch.resolve(Tls.CA_FILE), target.resolve(Tls.CA_FILE));
                }
                copyPrivate(scratch.resolve(Tls.CA_FILE), client.resolve(Tls.CA_FILE));
                for (Path target : servers) {
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
