package distbuild.ninjaplan;

import distbuild.buildfile.BuildPlan;
import distbuild.model.Id;
import distbuild.ninja.NinjaEdge;
import java.util.List;
import java.util.Map;

/**
 * The edges of a ninja build that can go to the cluster now, as a wire graph, and what to do with
 * each job's result on the client.
 *
 * @param build the graph, with each job named by its edge's description
 * @param layout where the build's files are, on the client and in the job tree
 * @param edges the edge each job runs
 * @param blocked edges that must wait for an edge the client runs (and those after them)
 */
public record NinjaPlan(BuildPlan build, TreeLayout layout, Map<Id, NinjaEdge> edges, List<NinjaEdge> blocked) {
    public NinjaPlan {
        edges = Map.copyOf(edges);
        blocked = List.copyOf(blocked);
    }
}
