package distbuild.ninjaplan;

import distbuild.buildfile.BuildPlan;
import distbuild.model.Id;
import distbuild.ninja.NinjaEdge;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;

/**
 * The edges of a ninja build that can go to the cluster now, as a wire graph, and what to do with
 * each job's result on the client.
 *
 * @param build the graph, with each job named by its edge's description
 * @param layout where the build's files are, on the client and in the job tree
 * @param edges the edge each job runs
 * @param blocked edges that must wait, and for what: an edge the client runs, or generated headers
 *     that must exist before what they include can be known (and those after them)
 * @param runHere edges whose reads cannot be known before they run, with why: the client runs them
 * @param reads what each job was sent and where it may read the machine's own files, to check its depfile against
 */
public record NinjaPlan(BuildPlan build, TreeLayout layout, Map<Id, NinjaEdge> edges, Map<NinjaEdge, String> blocked,
        Map<NinjaEdge, String> runHere, Map<Id, JobReads> reads) {
    public NinjaPlan {
        // In dependency order: outputs land after what they were made from, so their times say so.
        edges = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(edges));
        blocked = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(blocked));
        runHere = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(runHere));
        reads = Map.copyOf(reads);
    }

    /**
     * @param sent the files sent with the job (absolute client paths), and those its deps made
     * @param machineDirectories directories outside the build's own where it may read the machine's files
     * @param fixedPaths whether it ran at the fixed paths ({@code /distbuild/…}): its depfile names those
     */
    public record JobReads(Set<Path> sent, List<Path> machineDirectories, boolean fixedPaths) {
        public JobReads {
            sent = Set.copyOf(sent);
            machineDirectories = List.copyOf(machineDirectories);
        }
    }
}
