package distbuild.progress;

import distbuild.client.BuildListener;
import distbuild.client.BuildOutcome;

/**
 * Shows a build to a person as it runs, then its summary. A failed job's output is always
 * shown; a successful job's only when asked for.
 */
public sealed interface ProgressDisplay extends BuildListener permits TerminalProgress, PlainProgress {
    /** The build is over: stop any redrawing and print the summary. */
    void finish(BuildOutcome outcome);

    /** The build broke off without an outcome (the connection was lost): stop, and leave the screen clean. */
    default void abandon() {}
}
