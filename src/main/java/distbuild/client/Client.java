package distbuild.client;

import distbuild.http.CallFailure;
import distbuild.http.HttpClients;
import distbuild.http.RemoteCallException;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.protocol.BuildCalls;
import distbuild.protocol.BuildClient;
import distbuild.protocol.BuildService;
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

    private final int priority;
    private final Logger log;
    private final HttpClient http;
    private final BuildCalls builds;
    private final SourceUploads uploads;
    private final URI coordinator;
    private final CoordinatorWaits waits;

    /**
     * @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator}
     * @param reconnectWindow how long a build waits for a coordinator it lost mid-build to come
     *     back, resuming the build when it does; zero to fail at once
     */
    public Client(Logger log, URI coordinator, Duration reconnectWindow) {
        this(log, coordinator, new CoordinatorWaits(Duration.ZERO, reconnectWindow), Credentials.NONE);
    }

    /**
     * @param waits how long to wait for a coordinator that cannot be reached, before a build and during it
     * @param credentials the client token it presents and the CA it checks the coordinator against
     */
    public Client(Logger log, URI coordinator, CoordinatorWaits waits, Credentials credentials) {
        this(log, coordinator, waits, credentials, 0);
    }

    /** @param priority the level its builds ask for among the running ones (-3 to 3; see {@code build --priority}) */
    public Client(Logger log, URI coordinator, CoordinatorWaits waits, Credentials credentials, int priority) {
        this(log, coordinator, waits, credentials, priority, null);
    }

    private Client(Logger log, URI coordinator, CoordinatorWaits waits, Credentials credentials, int priority,
            BuildService inProcess) {
        this.log = log;
        this.priority = priority;
        this.coordinator = coordinator;
        this.waits = waits;
        this.http = HttpClients.createFor(coordinator, credentials, Role.CLIENT);
        this.builds = inProcess != null ? new InProcessBuilds(inProcess) : new BuildClient(log, http, coordinator);
        this.uploads = new SourceUploads(log, new FileTransferClient(log, http, coordinator));
    }

    /**
     * A client in its coordinator's own process ({@code distbuild local}): its builds are calls to
     * {@code service}, their updates handed over as they are, not encoded and decoded. Files go
     * to and come from {@code coordinator} over HTTP, as for any client.
     */
    public static Client beside(Logger log, URI coordinator, BuildService service) {
        return new Client(log, coordinator, new CoordinatorWaits(Duration.ZERO, Duration.ZERO), Credentials.NONE, 0,
                java.util.Objects.requireNonNull(service, "service"));
    }

    /** A client that does not wait for a lost coordinator. */
    public Client(Logger log, URI coordinator) {
        this(log, coordinator, Duration.ZERO);
    }

    public URI coordinator() {
        return coordinator;
    }

    public CoordinatorWaits waits() {
        return waits;
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
     * @throws IOException if the coordinator cannot be reached within {@link CoordinatorWaits#atStart},
     *     or was lost and did not come back within {@link CoordinatorWaits#midBuild}
     * @throws InterruptedException if the calling thread was interrupted: the build is cancelled
     */
    public BuildOutcome build(Graph graph, Path sourceDir, BuildListener listener)
            throws IOException, InterruptedException {
        return new ResumableBuild(log, builds, uploads, coordinator, waits, graph, sourceDir, listener, priority).run();
    }

    /**
     * Streams the artifact of job {@code id} from the cluster (the coordinator passes it on from a
     * worker that holds it) and lays it out in {@code directory}, replacing files already there.
     * {@link OutputDelivery} is the way to get a build's outputs whatever the cluster does meanwhile.
     *
     * @param replacedWhole paths of directories in the artifact (a job's declared directory
     *     outputs) whose old contents go, rather than being merged with the new
     * @return how many files it held
     * @throws ArtifactUnavailableException if no live worker holds it any more
     * @throws ArtifactDelayedException if it could not be had just now, but may be soon: the
     *     coordinator unreachable, the workers holding it failing to send it, the transfer broken off
     * @throws IOException if it never will be: the archive is unsafe, the local disk failed, the
     *     coordinator does not pass artifacts on or refuses this client; {@code directory} then
     *     holds no part of it
     */
    public int fetchArtifact(Id id, Path directory, List<String> replacedWhole) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(coordinator, "/artifact", "id", id.hex());
        InputStream body;
        try {
            body = HttpClients.get(http, endpoint, FETCH_ANSWER_TIMEOUT);
        } catch (RemoteCallException e) {
            if (e.isNotFound() && e.getMessage().startsWith(ArtifactTransferClient.NOT_HELD_BY_ANY_WORKER)) {
                throw new ArtifactUnavailableException(e.getMessage(), e);
            }
            if (e.status() >= 500) { // its holders failed to send it, or the coordinator is starting or overloaded
                throw new ArtifactDelayedException(e.getMessage(), e);
            }
            // Ours says why it has nothing; any other 404 is a coordinator without this endpoint (one of the reference design).
            throw new IOException(e.isNotFound()
                    ? "the coordinator at " + coordinator + " does not pass artifacts on (is it a distbuild coordinator?)"
                    : e.getMessage(), e);
        } catch (IOException e) {
            throw new ArtifactDelayedException("the coordinator at " + coordinator + " could not be reached: "
                    + CallFailure.describe(e), e);
        }
        try (InputStream transfer = new TransferStream(body)) {
            return OutputDirectory.extractInto(transfer, directory, replacedWhole);
        } catch (IOException e) {
            if (TransferStream.brokeOff(e)) {
                throw new ArtifactDelayedException("the transfer broke off: " + CallFailure.describe(e), e);
            }
            throw e;
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
