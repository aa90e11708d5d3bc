package distbuild.model;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A worker's identity, which is also its base URL: peers fetch artifacts at
 * {@code url + "/artifact?id=…"}. Kept without a trailing slash so paths append cleanly.
 */
public record WorkerId(String url) {
    /** Longer than any real host, port and prefix. */
    public static final int MAX_LENGTH = 2048;

    public WorkerId {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a worker ID must be the worker's base URL, got an empty string");
        }
        if (url.length() > MAX_LENGTH) { // it goes into every log line about the worker
            throw new IllegalArgumentException("a worker ID must be a base URL of at most " + MAX_LENGTH
                    + " characters, got one of " + url.length() + " starting \"" + url.substring(0, 64) + "…\"");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "a worker ID must be an http(s) base URL like http://10.0.0.7:7001, got \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a worker ID must be a URL, got \"" + url + "\": " + e.getReason(), e);
        }
    }

    /** The URL of an endpoint of this worker, such as {@code /artifact}. */
    public URI endpoint(String path) {
        return URI.create(url + path);
    }

    @Override
    public String toString() {
        return url;
    }
}
