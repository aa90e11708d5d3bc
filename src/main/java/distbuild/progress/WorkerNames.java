package distbuild.progress;

import distbuild.model.WorkerId;
import java.net.URI;

/**
 * Short names for workers in messages: a worker's ID is its URL, and
 * {@code http://127.0.0.1:41233/worker/0} says less than {@code worker/0} on a crowded line.
 * A worker served beside the coordinator is named by its path, any other by host, port and path.
 */
public final class WorkerNames {
    private final String coordinatorAuthority;

    public WorkerNames(URI coordinator) {
        this.coordinatorAuthority = coordinator == null ? null : coordinator.getRawAuthority();
    }

    public String of(WorkerId worker) {
        if (worker == null) {
            return "?";
        }
        URI url;
        try {
            url = URI.create(worker.url());
        } catch (IllegalArgumentException e) {
            return worker.url();
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (url.getRawAuthority() != null && url.getRawAuthority().equals(coordinatorAuthority) && path.length() > 1) {
            return path.substring(1);
        }
        return (url.getRawAuthority() == null ? worker.url() : url.getRawAuthority()) + path;
    }
}
