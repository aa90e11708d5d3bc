/**
 * Soaks: a process cluster under a seeded stream of faults (workers killed and restarted, workers
 * paused, the coordinator killed and restarted) while clients build generated trees in a loop and
 * check every output. {@code ChaosSoakTest} runs a short one in the suite; {@code
 * distbuild.bench.SoakMain} (bench/soak.sh) a long one with the servers' resources sampled.
 */
package distbuild.soak;
