package distbuild.http;

import distbuild.model.Id;
import distbuild.model.InvalidIdException;
import distbuild.security.Caller;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One request and its response, as an endpoint sees them: blocking streams and small helpers. */
public final class Exchange {
    private static final int BULK_BUFFER = 256 * 1024;
    private static final int MESSAGE_BUFFER = 8 * 1024;

    private final Request request;
    private final Response response;
    private Fields query;

    private OutputStream streaming;
    private boolean responded;
    private MessageBudget.Metered message;
    private Caller caller = Caller.ANYONE;

    Exchange(Request request, Response response) {
        this.request = request;
        this.response = response;
    }

    public String method() {
        return request.getMethod();
    }

    /** The path below the prefix the routes are mounted at, such as {@code /heartbeat}. */
    public String path() {
        return Request.getPathInContext(request);
    }

    /** Who the request proved to be at the gate. */
    public Caller caller() {
        return caller;
    }

    void caller(Caller proven) {
        this.caller = proven;
    }

    /** A request header's value, or null when the request has none. */
    public String requestHeader(String name) {
        return request.getHeaders().get(name);
    }

    public String remoteAddress() {
        return Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request);
    }

    /** A query parameter; a missing one is a 400 naming it. */
    public String queryParameter(String name) {
        String value = queryValue(name);
        if (value == null || value.isEmpty()) {
            throw RequestException.badRequest("missing query parameter \"" + name + "\"");
        }
        return value;
    }

    /** A whole-number query parameter within {@code [min, max]}; absent, {@code fallback}; anything else a 400. */
    public int optionalIntParameter(String name, int fallback, int min, int max) {
        String value = queryValue(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RequestException.badRequest("query parameter \"" + name + "\" must be a whole number from " + min + " to " + max);
    }

    /** The query parameter's value, or null; a malformed query string is a 400. */
    private String queryValue(String name) {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request);
            } catch (RuntimeException e) { // Jetty's word for a malformed percent-encoding or UTF-8
                throw RequestException.badRequest("malformed query string (" + e.getMessage() + ")");
            }
        }
        return query.getValue(name);
    }

    /** A query parameter holding an ID; a missing or malformed one is a 400 naming it. */
    public Id idParameter(String name) {
        String value = queryParameter(name);
        try {
            return Id.parse(value);
        } catch (InvalidIdException e) {
            throw RequestException.badRequest("query parameter \"" + name + "\": " + e.getMessage());
        }
    }

    /** The request body as a stream; the caller reads it as it arrives. For bulk data (files). */
    public InputStream requestBody() {
        return Request.asInputStream(request);
    }

    /**
     * The request body for bulk data of at most {@code maxBytes}: a declared length over it is a
     * 413 at once, and a body that turns out longer fails with a 413 when it passes it.
     */
    public InputStream requestBody(long maxBytes) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new RequestException(413, "the body is " + declared + " bytes, more than the " + maxBytes + " allowed here");
        }
        long[] read = {0};
        return new CountingInputStream(requestBody(), bytes -> {
            read[0] += bytes;
            if (read[0] > maxBytes) {
                throw new RequestException(413, "the body is more than the " + maxBytes + " bytes allowed here");
            }
        });
    }

    /**
     * The request body of a message that will be read whole (JSON): refused with a 413 beyond
     * the size a message may have, and paid for from the process's {@link MessageBudget} while
     * it is being read.
     */
    public InputStream messageBody() {
        if (message == null) {
            message = MessageBudget.SHARED.meter(requestBody(), request.getLength());
        }
        return message;
    }

    /** Gives back what the request's message took from the budget; the exchange is over. */
    void release() {
        if (message != null) {
            message.release();
        }
    }

    /** Answers with a whole body at once. */
    public void respond(int status, String contentType, byte[] body) throws IOException {
        startResponse(status, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }

    public void respondJson(byte[] json) throws IOException {
        respond(200, "application/json", json);
    }

    /** Answers with a plain-text message, the way every error of this system is reported. */
    public void respondText(int status, String message) throws IOException {
        respond(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sets a header of the response; call it before the response starts. */
    public void setResponseHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /**
     * Starts a streamed response of unknown length, for bulk data (a tar, a file). Each
     * {@code flush()} sends what was written so far to the client at once; closing the stream ends
     * the response.
     */
    public OutputStream streamResponse(int status, String contentType) {
        return stream(status, contentType, BULK_BUFFER);
    }

    /**
     * Like {@link #streamResponse(int, String)} for a long-lived stream of small messages, each
     * flushed by the writer: it holds a small buffer for as long as it lasts.
     */
    public OutputStream streamMessages(int status, String contentType) {
        return stream(status, contentType, MESSAGE_BUFFER);
    }

    private OutputStream stream(int status, String contentType, int buffer) {
        startResponse(status, contentType);
        // Jetty's stream sends every write as it comes (a chunk each, and a wake-up of the
        // connection): tar and copy loops write 10–16 KiB at a time, which held a download to a
        // third of loopback speed. Writers that need bytes out now flush.
        streaming = new BufferedOutputStream(Content.Sink.asOutputStream(response), buffer);
        return streaming;
    }

    /** Like {@link #streamResponse(int, String)} for a body whose length is known up front. */
    public OutputStream streamResponse(int status, String contentType, long length) {
        OutputStream out = streamResponse(status, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        return out;
    }

    /** Whether the status line has gone out, after which an error can no longer be a status code. */
    public boolean isCommitted() {
        return response.isCommitted();
    }

    boolean hasResponded() {
        return responded;
    }

    /** Ends the response: closes a stream the endpoint left open, or answers 204 if it never answered. */
    void finish() throws IOException {
        if (streaming != null) {
            streaming.close();
        } else if (!responded) {
            startResponse(204, null);
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
        }
    }

    private void startResponse(int status, String contentType) {
        if (responded) {
            throw new IllegalStateException("the response to " + method() + " " + path() + " was already started");
        }
        responded = true;
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
    }
}
