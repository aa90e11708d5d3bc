#!/usr/bin/env bash
# The long soak of issue 20: a cluster of processes under a seeded stream of faults while two
# clients build and check outputs; writes bench/SOAK.md. See bench/README.md, "Soak under chaos".
#
#   bench/soak.sh [--minutes 10] [--seed N] [--mix 60/25/15] [--sample-every 60s] [--report FILE] [--keep]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. tools/find-jdk.sh
distbuild_find_jdk
distbuild_maven_opts
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

echo "soak: building the classes ..." >&2
mvn -q -B -Dstyle.color=never -DskipTests compile test-compile 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
# Absolute: the soak starts every server and client from this classpath in directories of its own.
exec "$JAVA_HOME/bin/java" -cp "$root/target/test-classes:$root/target/classes:$(cat target/bench-classpath.txt)" \
  distbuild.bench.SoakMain "$@"
