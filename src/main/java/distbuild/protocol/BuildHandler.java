package distbuild.protocol;

import distbuild.http.Exchange;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.security.Role;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;

/** Serves {@code POST /build} (a streamed answer) and {@code POST /signal?build_id=…}. */
public final class BuildHandler {
    /** The response header that says how often keep-alives come, in milliseconds (our extension). */
    public static final String KEEP_ALIVE_HEADER = "Distbuild-Keep-Alive-Ms";

    private static final byte[] NEWLINE = {'\n'};

    private final Logger log;
    private final BuildService service;

    public BuildHandler(Logger log, BuildService service) {
        this.log = log;
        this.service = service;
    }

    public void register(Routes routes) {
        routes.post("/build", Role.CLIENT, this::build);
        routes.post("/signal", Role.CLIENT, this::signal);
    }

    private void build(Exchange exchange) throws Exception {
        BuildRequest sent = WireFormat.decodeBuildRequest(exchange.messageBody());
        BuildRequest request = sent.withSubmitter(submitter(sent.submitter(), exchange.remoteAddress()));
        log.info("build requested by {}: {} jobs, {} source files", exchange.remoteAddress(),
                request.graph().jobs().size(), request.graph().sourceFiles().size());
        StreamingWriter writer = new StreamingWriter(exchange);
        try {
            service.startBuild(request, writer);
        } catch (Exception e) {
            if (!writer.hasStarted()) {
                throw e; // still time for a status code
            }
            if (e instanceof BuildAbandonedException || e instanceof InterruptedException) {
                // No outcome: the connection is cut, and a client of ours comes back for the build.
                log.info("build stream to {} cut without an outcome: {}", exchange.remoteAddress(), e.getMessage());
                throw e;
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (e instanceof InterruptedException || e instanceof IOException) {
                log.info("build stream to {} ended: the client went away", exchange.remoteAddress());
            } else {
                log.warn("build for {} failed after it started: {}", exchange.remoteAddress(), message);
            }
            writer.endWithFailure(message);
        }
    }

    /**
     * Who sent a build, as the status pages show it: what the client says, then the address it came
     * from, which the coordinator vouches for and so is never the part cut to fit.
     */
    static String submitter(String declared, String address) {
        if (declared == null) {
            return address;
        }
        String from = " from " + address;
        int room = Math.max(0, BuildRequest.SUBMITTER_LIMIT - from.length());
        if (declared.length() > room && room > 0 && Character.isHighSurrogate(declared.charAt(room - 1))) {
            room--; // never half a character
        }
        return (declared.length() > room ? declared.substring(0, room) : declared) + from;
    }

    private void signal(Exchange exchange) throws Exception {
        Id buildId = exchange.idParameter("build_id");
        SignalRequest signal = WireFormat.decodeSignalRequest(exchange.messageBody());
        log.info("signal for build {} from {}: {}", buildId.shortHex(), exchange.remoteAddress(), signal);
        SignalResponse response = service.signalBuild(buildId, signal);
        exchange.respondJson(WireFormat.encode(response));
    }

    /** Writes one JSON document per line and flushes each, so the client sees it at once. */
    private final class StreamingWriter implements StatusWriter {
        private final Exchange exchange;
        private OutputStream out;
        private boolean ended;

        StreamingWriter(Exchange exchange) {
            this.exchange = exchange;
        }

        synchronized boolean hasStarted() {
            return out != null;
        }

        @Override
        public synchronized void started(BuildStarted started) throws IOException {
            if (out != null) {
                throw new IllegalStateException("BuildStarted was already written");
            }
            service.keepAliveInterval().ifPresent(interval ->
                    exchange.setResponseHeader(KEEP_ALIVE_HEADER, Long.toString(interval.toMillis())));
            out = exchange.streamMessages(200, "application/x-ndjson");
            write(WireFormat.encode(started));
        }

        @Override
        public synchronized void update(StatusUpdate update) throws IOException {
            if (out == null) {
                throw new IllegalStateException("a StatusUpdate cannot come before BuildStarted");
            }
            if (ended) {
                throw new IllegalStateException("the build stream already ended");
            }
            write(WireFormat.encode(update));
            ended = update.isFinal();
        }

        @Override
        public synchronized void keepAlive() throws IOException {
            if (out != null && !ended) {
                out.write(NEWLINE);
                out.flush();
            }
        }

        /** The last word after a failure, unless the service already wrote one; the client may be gone. */
        synchronized void endWithFailure(String message) {
            if (ended) {
                return;
            }
            try {
                update(StatusUpdate.failed(message));
            } catch (IOException e) {
                log.debug("could not tell {} that its build failed: {}", exchange.remoteAddress(), e.toString());
            }
        }

        private void write(byte[] json) throws IOException {
            out.write(json);
            out.write(NEWLINE);
            out.flush();
        }
    }
}
