/**
 * The web dashboard: a page the coordinator serves at the root of its port, beside its API, that
 * shows the cluster live (workers, builds, the queue and why each job waits, totals) and each
 * build job by job. It owns only the page's files, plain HTML, CSS and a small script with no
 * build step; the page reads the coordinator's status documents ({@code /status},
 * {@code /status/build}) like any other client, with a client token when the cluster has them.
 */
package distbuild.dashboard;
