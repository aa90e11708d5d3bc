package distbuild.client;

import distbuild.http.HttpClients;
import distbuild.http.RemoteCallException;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.protocol.BuildClient;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.WireFormat;
import distbuild.security.Credentials;
import distbuild.security.Role;
import distbuild.transfer.ArtifactTransferClient;
import distbuild.transfer.FileTransferClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * Runs builds on a coordinator. {@link #build} blocks until the build ends; interrupting the
 * calling thread cancels the build (the connection is dropped and the coordinator stops the
 * jobs only this build wanted).
 */
public final class Client implements AutoCloseable {
    /** How long the coordinator may take to begin sending an artifact (it tries each holder in turn). */
    private static final java.time.Duration FETCH_ANSWER_TIMEOUT = java.time.Duration.ofMinutes(1);
    private static final java.time.Duration STATUS_ANSWER_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final Logger log;
    private final HttpClient http;
    private final BuildClient builds;
    private final SourceUploads uploads;
    private final URI coordinator;
    private final Duration reconnectWindow;

    /**
     * @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator}
     * @param reconnectWindow how long a build waits for a coordinator it lost mid-build to come
     *     back, resuming the build when it does; zero to fail at once
     */
    public Client(Logger log, URI coordinator, Duration reconnectWindow) {
        this(log, coordinator, reconnectWindow, Credentials.NONE);
    }

    /** @param credentials the client token it presents and the CA it checks the coordinator against */
    public Client(Logger log, URI coordinator, Duration reconnectWindow, Credentials credentials) {
        this.log = log;
        this.coordinator = coordinator;
        this.reconnectWindow = reconnectWindow;
        this.http = HttpClients.createFor(coordinator, credentials, Role.CLIENT);
        this.builds = new BuildClient(log, http, coordinator);
        this.uploads = new SourceUploads(log, new FileTransferClient(log, http, coordinator));
    }

    /** A client that does not wait for a lost coordinator. */
    public Client(Logger log, URI coordinator) {
        this(log, coordinator, Duration.ZERO);
    }

    /**
     * The coordinator's {@code /status} answer, listing at most {@code maxWaiting} waiting jobs, as it
     * sent it: all of it, fields this client does not know included ({@code WireFormat.decodeClusterStatus} reads it).
     */
    public byte[] statusJson(int maxWaiting) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(coordinator, "/status", "waiting", Integer.toString(maxWaiting));
        try (InputStream body = HttpClients.get(http, endpoint, STATUS_ANSWER_TIMEOUT)) {
            return body.readAllBytes();
        } catch (RemoteCallException e) {
            if (e.isNotFound()) {
                throw new IOException("the coordinator at " + coordinator + " has no /status (a coordinator of the"
                        + " original design, or not a coordinator): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Builds {@code graph}, whose source file paths are relative to {@code sourceDir}.
     *
     * @return success, or the reason the build failed (a job failed, a file could not be uploaded…)
     * @throws BuildRefusedException if the coordinator would not start it (an invalid graph)
     * @throws IOException if the coordinator cannot be reached, or was lost and did not come back
     *     within the reconnect window
     * @throws InterruptedException if the calling thread was interrupted: the build is cancelled
     */
    public BuildOutcome build(Graph graph, Path sourceDir, BuildListener listener)
            throws IOException, InterruptedException {
        return new ResumableBuild(log, builds, uploads, coordinator, reconnectWindow, graph, sourceDir, listener).run();
    }

    /**
     * Streams the artifact of job {@code id} from the cluster (the coordinator passes it on from a
     * worker that holds it) and lays it out in {@code directory}, replacing files already there.
     *
     * @param replacedWhole paths of directories in the artifact (a job's declared directory
     *     outputs) whose old contents go, rather than being merged with the new
     * @return how many files it held
     * @throws ArtifactUnavailableException if no live worker holds it any more
     * @throws IOException if the transfer breaks or the archive is unsafe; {@code directory} then
     *     holds no part of it
     */
    public int fetchArtifact(Id id, Path directory, List<String> replacedWhole) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(coordinator, "/artifact", "id", id.hex());
        try (InputStream body = HttpClients.get(http, endpoint, FETCH_ANSWER_TIMEOUT)) {
            return OutputDirectory.extractInto(body, directory, replacedWhole);
        } catch (RemoteCallException e) {
            if (e.isNotFound() && e.getMessage().startsWith(ArtifactTransferClient.NOT_HELD_BY_ANY_WORKER)) {
                throw new ArtifactUnavailableException(e.getMessage(), e);
            }
            // Ours says why it has nothing; any other 404 is a coordinator without this endpoint (one of the reference design).
            throw new IOException(e.isNotFound()
                    ? "the coordinator at " + coordinator + " does not pass artifacts on (is it a distbuild coordinator?)"
                    : e.getMessage(), e);
        }
    }

    public int fetchArtifact(Id id, Path directory) throws IOException, InterruptedException {
        return fetchArtifact(id, directory, List.of());
    }

    @Override
    public void close() {
        http.close();
    }
}
