package distbuild.buildfile;

/** A value read from a build file with the (1-based) line it came from, for messages. */
record Located<T>(T value, int line) {}
