package distbuild.sandbox;

import static org.assertj.core.api.Assumptions.assumeThat;

/** The worker runs as root, as in CI and most containers: each job runs as a host user of its own. */
class HostileJobsAsRootTest extends HostileJobs {
    @Override
    Integer workerUid() {
        assumeThat(isRoot()).as("a worker runs as root only where the tests do").isTrue();
        return null;
    }
}
