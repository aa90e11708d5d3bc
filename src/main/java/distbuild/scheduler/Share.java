package distbuild.scheduler;

/**
 * Whose slots a job counts against: its build, the person who sent the build, and the level the
 * build asked for. Slots go first to the person running the fewest jobs, then to that person's
 * build running the fewest for its level (each level up counts as twice the slots); see
 * {@link FairShares}.
 *
 * @param build the build's ID, "" for jobs that belong to none
 * @param user who sent it, as the build says ("" when it does not)
 * @param level from {@value #LOWEST} to {@value #HIGHEST}; 0 is everyone's by default
 */
public record Share(String build, String user, int level) {
    public static final int LOWEST = -3;
    public static final int HIGHEST = 3;
    public static final Share COMMON = new Share("", "", 0);

    public Share {
        build = build == null ? "" : build;
        user = user == null ? "" : user;
        if (level < LOWEST || level > HIGHEST) {
            throw new IllegalArgumentException("a build's priority is from " + LOWEST + " to " + HIGHEST + ", got " + level);
        }
    }
}
