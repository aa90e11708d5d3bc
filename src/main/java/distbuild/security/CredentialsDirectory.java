package distbuild.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates the credentials of a new cluster in one directory, one subdirectory per kind of process,
 * each holding exactly what that process needs and nothing more:
 *
 * <pre>
 * DIR/coordinator/  client.token worker.token cache-reader.token [ca.pem cert.pem key.pem]
 * DIR/worker/       worker.token              [ca.pem cert.pem key.pem]
 * DIR/client/       client.token              [ca.pem]
 * DIR/cache-reader/ cache-reader.token        [ca.pem]   (reads the shared HTTP caches, writes nothing)
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
 * With TLS hosts, a fresh certificate authority signs, with the {@code openssl} command, a
 * certificate and key for the coordinator, one for the shared worker directory and one for each
 * named worker, so that no two kinds of process hold the same key. A named worker's certificate
 * names only the hosts given with it ({@code NAME=HOST,…}, required with TLS, no wildcards): its
 * key, if stolen, cannot pass for the coordinator or another worker. (The shared worker
 * directory's certificate names every TLS host, as before per-worker credentials.) The authority's key
 * is thrown away, so nothing more can be signed with it (adding a host means creating a new
 * directory and handing it out again).
 */
public final class CredentialsDirectory {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:*-]{1,253}");
    private static final int CERT_DAYS = 825;

    public static final String COORDINATOR = "coordinator";
    public static final String WORKER = "worker";
    public static final String CLIENT = "client";
    public static final String CACHE_READER = "cache-reader";

    private CredentialsDirectory() {}

    /** Creates {@code dir} (which must not exist, or be empty) with new tokens and, if {@code tlsHosts} is not empty, TLS files. */
    public static void create(Path dir, List<String> tlsHosts) throws IOException, InterruptedException {
        create(dir, tlsHosts, List.of());
    }

    /**
     * The same, and a credential of its own for each worker in {@code workers}: {@code NAME}, or
     * {@code NAME=HOST[,HOST…]} to name in its TLS certificate only the hosts it is reached at
     * (without, its certificate names the {@code tlsHosts}).
     */
    public static void create(Path dir, List<String> tlsHosts, List<String> workers) throws IOException, InterruptedException {
        List<NamedWorker> named = new ArrayList<>();
        for (String worker : workers) {
            named.add(NamedWorker.parse(worker));
        }
        if (new java.util.HashSet<>(named.stream().map(NamedWorker::name).toList()).size() != named.size()) {
            throw new IllegalArgumentException("a worker name is given twice: " + workers);
        }
        for (String host : tlsHosts) {
            checkHost(host);
        }
        if (tlsHosts.isEmpty() && named.stream().anyMatch(worker -> !worker.hosts().isEmpty())) {
            throw new IllegalArgumentException("a worker's hosts are named for its TLS certificate, and TLS needs the"
                    + " coordinator's too: add --tls-host with the names the coordinator is reached at");
        }
        for (NamedWorker worker : named) {
            if (!tlsHosts.isEmpty() && worker.hosts().isEmpty()) {
                throw new IllegalArgumentException("with TLS, worker " + worker.name() + " needs the hosts it is reached at"
                        + " for a certificate of its own (--worker " + worker.name() + "=HOST,...): one naming every"
                        + " --tls-host could pass for the coordinator");
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
        boolean existed = Files.exists(dir);
        try {
            Files.createDirectories(dir);
            PrivateFiles.restrict(dir);
            Path coordinator = privateDirectory(dir.resolve(COORDINATOR));
            Path worker = privateDirectory(dir.resolve(WORKER));
            Path client = privateDirectory(dir.resolve(CLIENT));
            Path cacheReader = privateDirectory(dir.resolve(CACHE_READER));
            Token clientToken = Token.generate();
            Token cacheReaderToken = Token.generate();
            cacheReaderToken.writeNew(coordinator.resolve(Role.CACHE_READER.tokenFile()));
            cacheReaderToken.writeNew(cacheReader.resolve(Role.CACHE_READER.tokenFile()));
            Token workerToken = Token.generate();
            clientToken.writeNew(coordinator.resolve(Role.CLIENT.tokenFile()));
            workerToken.writeNew(coordinator.resolve(Role.WORKER.tokenFile()));
            workerToken.writeNew(worker.resolve(Role.WORKER.tokenFile()));
            clientToken.writeNew(client.resolve(Role.CLIENT.tokenFile()));
            Map<Path, NamedWorker> workerDirs = new LinkedHashMap<>();
            if (!named.isEmpty()) {
                Path identities = privateDirectory(coordinator.resolve(WorkerIdentities.DIRECTORY));
                Files.writeString(coordinator.resolve(WorkerIdentities.REVOKED_FILE), "# Workers shut out: one name per line."
                        + " The coordinator reads this file again whenever it changes.\n");
                PrivateFiles.restrict(coordinator.resolve(WorkerIdentities.REVOKED_FILE));
                for (NamedWorker each : named) {
                    Token own = Token.generate();
                    own.writeNew(identities.resolve(each.name() + ".token"));
                    Path ownDir = privateDirectory(dir.resolve(WORKER + "-" + each.name()));
                    workerToken.writeNew(ownDir.resolve(Role.WORKER.tokenFile()));
                    own.writeNew(ownDir.resolve(Credentials.OWN_WORKER_TOKEN_FILE));
                    workerDirs.put(ownDir, each);
                }
            }
            if (!tlsHosts.isEmpty()) {
                Path scratch = Files.createTempDirectory(dir, ".tls");
                try {
                    CertificateAuthority authority = CertificateAuthority.create(scratch);
                    authority.issue("distbuild coordinator", tlsHosts, coordinator);
                    authority.issue("distbuild worker", tlsHosts, worker);
                    for (Map.Entry<Path, NamedWorker> each : workerDirs.entrySet()) {
                        NamedWorker own = each.getValue();
                        authority.issue("distbuild worker " + own.name(), own.hosts(), each.getKey());
                    }
                    for (Path target : List.of(coordinator, worker, client, cacheReader)) {
                        authority.handTo(target);
                    }
                    for (Path target : workerDirs.keySet()) {
                        authority.handTo(target);
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
        } catch (IOException | InterruptedException | RuntimeException e) {
            // Nothing half-made is left: no stray key, and the same command can be run again.
            try {
                if (existed) {
                    try (Stream<Path> made = Files.list(dir)) {
                        for (Path each : made.toList()) {
                            distbuild.files.FileTrees.deleteRecursively(each);
                        }
                    }
                } else {
                    distbuild.files.FileTrees.deleteRecursively(dir);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A worker given a credential of its own, and the hosts its certificate names (none: the cluster's). */
    record NamedWorker(String name, List<String> hosts) {
        static NamedWorker parse(String given) {
            int equals = given.indexOf('=');
            String name = equals < 0 ? given : given.substring(0, equals);
            if (!WorkerIdentities.NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("\"" + name + "\" is not a worker name: use 1 to 63 letters, digits, '.',"
                        + " '_' or '-', starting with a letter or digit");
            }
            if (equals < 0) {
                return new NamedWorker(name, List.of());
            }
            List<String> hosts = List.of(given.substring(equals + 1).split(","));
            for (String host : hosts) {
                checkHost(host);
                if (host.contains("*")) {
                    throw new IllegalArgumentException("worker " + name + ": \"" + host + "\" is a wildcard; a worker's"
                            + " certificate names its own hosts only");
                }
            }
            return new NamedWorker(name, hosts);
        }
    }

    private static void checkHost(String host) {
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("\"" + host + "\" is not a host name or IP address");
        }
    }

    private static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
        PrivateFiles.restrict(dir);
        return dir;
    }

    /**
     * A fresh certificate authority in a scratch directory, which signs one certificate (with a key
     * of its own) per process that serves TLS. Its key never leaves the scratch directory, which is
     * deleted once every certificate is made.
     */
    private record CertificateAuthority(Path scratch) {
        private static final String CURVE = "ec_paramgen_curve:prime256v1";

        static CertificateAuthority create(Path scratch) throws IOException, InterruptedException {
            openssl(scratch, "req", "-x509", "-newkey", "ec", "-pkeyopt", CURVE, "-nodes", "-keyout", "ca-key.pem",
                    "-out", Tls.CA_FILE, "-days", String.valueOf(CERT_DAYS), "-subj", "/CN=distbuild cluster CA");
            return new CertificateAuthority(scratch);
        }

        /** A new key and a certificate for {@code hosts}, named {@code commonName}, into {@code target}. */
        void issue(String commonName, List<String> hosts, Path target) throws IOException, InterruptedException {
            String names = hosts.stream()
                    .map(host -> (host.matches("[0-9.]+") || host.contains(":") ? "IP:" : "DNS:") + host)
                    .collect(Collectors.joining(","));
            Files.writeString(scratch.resolve("ext.cnf"), "subjectAltName=" + names + "\nbasicConstraints=CA:FALSE\n"
                    + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
            openssl(scratch, "req", "-newkey", "ec", "-pkeyopt", CURVE, "-nodes", "-keyout", Tls.KEY_FILE,
                    "-out", "cert.csr", "-subj", "/CN=" + commonName);
            openssl(scratch, "x509", "-req", "-in", "cert.csr", "-CA", Tls.CA_FILE, "-CAkey", "ca-key.pem",
                    "-CAcreateserial", "-out", Tls.CERT_FILE, "-days", String.valueOf(CERT_DAYS), "-extfile", "ext.cnf");
            move(scratch.resolve(Tls.CERT_FILE), target.resolve(Tls.CERT_FILE));
            move(scratch.resolve(Tls.KEY_FILE), target.resolve(Tls.KEY_FILE));
        }

        void forgetKey() throws IOException {
            Files.delete(scratch.resolve("ca-key.pem"));
        }

        /** The authority's certificate (never its key), for {@code target} to check peers against. */
        void handTo(Path target) throws IOException {
            Path to = target.resolve(Tls.CA_FILE);
            Files.copy(scratch.resolve(Tls.CA_FILE), to, StandardCopyOption.COPY_ATTRIBUTES);
            PrivateFiles.restrict(to);
        }

        private static void move(Path from, Path to) throws IOException {
            Files.move(from, to);
            PrivateFiles.restrict(to);
        }
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
