package distbuild.sandbox;

/** The worker runs as an ordinary user: its jobs run as that user in a user namespace. */
class HostileJobsAsUserTest extends HostileJobs {
    /** The user nobody, where the tests run as root; else the tests' own user, an ordinary one. */
    @Override
    Integer workerUid() {
        return isRoot() ? 65534 : null;
    }
}
