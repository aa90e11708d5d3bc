package distbuild.worker;

import distbuild.model.Id;
import distbuild.protocol.JobSpec;
import distbuild.sandbox.Confinement;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a job on this worker, filled in as it passes down the executor chain.
 *
 * @param scratchDir a private directory for this run, emptied for the next run when it ends
 * @param outputDir where the commands write the artifact (set by the caching link)
 * @param sourceDir the job's source tree (set by the staging link)
 * @param deps each dep's artifact directory (set by the staging link)
 * @param phases where each link notes how long its phase took
 * @param confinement the sandbox its commands run in (set by the confining link; null without {@code --sandbox})
 */
public record JobRun(JobSpec spec, Path scratchDir, Path outputDir, Path sourceDir, Map<Id, Path> deps,
        PhaseTimes phases, Confinement confinement) {
    public JobRun {
        deps = Map.copyOf(deps);
    }

    static JobRun start(JobSpec spec, Path scratchDir) {
        return new JobRun(spec, scratchDir, null, null, Map.of(), new PhaseTimes(), null);
    }

    public Id jobId() {
        return spec.id();
    }

    JobRun withOutputDir(Path outputDir) {
        return new JobRun(spec, scratchDir, outputDir, sourceDir, deps, phases, confinement);
    }

    JobRun withInputs(Path sourceDir, Map<Id, Path> deps) {
        return new JobRun(spec, scratchDir, outputDir, sourceDir, deps, phases, confinement);
    }

    /** Where parts of the job's tree must be seen: its directory here → the absolute path its commands name. */
    Map<Path, Path> treeAt() {
        Map<Path, Path> treeAt = new java.util.LinkedHashMap<>();
        spec.job().needs().treeAt().forEach((dir, at) -> treeAt.put(dir.isEmpty() ? sourceDir : sourceDir.resolve(dir), Path.of(at)));
        return treeAt;
    }

    /**
     * Why this worker cannot show the job its tree where its commands look for it, if it cannot:
     * one of those paths holds this run's own directories (the worker keeps its data inside the
     * client's source or build directory, as with {@code --data} given inside the project), and the
     * job's tree seen there would hide them from its commands.
     */
    Optional<String> treeHidesOwnDirectories() {
        for (String named : spec.job().needs().treeAt().values()) {
            Path at = Path.of(named);
            for (Path own : new Path[] {scratchDir, outputDir}) {
                if (own != null && own.toAbsolutePath().normalize().startsWith(at)) {
                    return Optional.of("this worker keeps its data (here " + own + ") inside " + at + ", where the job"
                            + " must see its own tree instead, so its commands could not reach their files; give the"
                            + " worker a data directory outside " + at + " (--data; for `local` the default is"
                            + " ~/.cache/distbuild/local)");
                }
            }
        }
        return Optional.empty();
    }

    JobRun withConfinement(Confinement confinement) {
        return new JobRun(spec, scratchDir, outputDir, sourceDir, deps, phases, confinement);
    }
}
