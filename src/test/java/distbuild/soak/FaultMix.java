package distbuild.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How often each kind of fault is drawn, as weights (60/25/15 by default: kills, pauses, coordinator restarts).
 * The first faults of a run are one of each kind with a weight, in a seeded order, so that even a
 * short run meets every kind; after those, each is drawn by weight.
 */
public record FaultMix(int workerKill, int workerPause, int coordinatorRestart) {
    public static final FaultMix DEFAULT = new FaultMix(60, 25, 15);

    public FaultMix {
        if (workerKill < 0 || workerPause < 0 || coordinatorRestart < 0 || workerKill + workerPause + coordinatorRestart == 0) {
            throw new IllegalArgumentException("fault weights must be 0 or more, and not all 0: "
                    + workerKill + "/" + workerPause + "/" + coordinatorRestart);
        }
    }

    /** {@code "60/25/15"}: kills, pauses, coordinator restarts. */
    public static FaultMix parse(String text) {
        String[] parts = text.split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a fault mix is three weights, kills/pauses/coordinator restarts, such as 60/25/15: " + text);
        }
        return new FaultMix(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                Integer.parseInt(parts[2].strip()));
    }

    /** The kind of fault number {@code index} (from 0) of a run, drawn with {@code random}. */
    FaultKind pick(int index, Random random, List<FaultKind> opening) {
        if (index < opening.size()) {
            return opening.get(index);
        }
        int draw = random.nextInt(workerKill + workerPause + coordinatorRestart);
        return draw < workerKill ? FaultKind.WORKER_KILL
                : draw < workerKill + workerPause ? FaultKind.WORKER_PAUSE : FaultKind.COORDINATOR_RESTART;
    }

    /** Every kind with a weight, in a seeded order: a run's first faults. */
    List<FaultKind> opening(Random random) {
        List<FaultKind> kinds = new ArrayList<>();
        if (workerKill > 0) {
            kinds.add(FaultKind.WORKER_KILL);
        }
        if (workerPause > 0) {
            kinds.add(FaultKind.WORKER_PAUSE);
        }
        if (coordinatorRestart > 0) {
            kinds.add(FaultKind.COORDINATOR_RESTART);
        }
        Collections.shuffle(kinds, random);
        return kinds;
    }

    @Override
    public String toString() {
        return workerKill + "/" + workerPause + "/" + coordinatorRestart;
    }
}
