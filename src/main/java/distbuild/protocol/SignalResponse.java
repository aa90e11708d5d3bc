package distbuild.protocol;

/** The (empty) answer to a signal. */
public record SignalResponse() {}
