#!/usr/bin/env bash
# Runs distbuild's benchmark suite (issue 8) and writes bench/RESULTS.md; see bench/README.md.
#
#   bench/run.sh [--smoke] [--rounds N] [--only 1,3,9] [--keep]
#
# Builds the jar and the test classes first, then runs distbuild.bench.BenchMain, which times
# every distbuild command line as its own process through ./distbuild, next to its baseline.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. tools/find-jdk.sh
distbuild_find_jdk
distbuild_maven_opts
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

smoke=false
for arg in "$@"; do
  [ "$arg" = "--smoke" ] && smoke=true
done

quiet_maven() {  # Maven prints colour resets even when quiet; keep its output readable.
  mvn -q -B -Dstyle.color=never "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
  return "${PIPESTATUS[0]}"
}

echo "bench: building the jar and the test classes ..." >&2
quiet_maven -DskipTests package test-compile
quiet_maven dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# The launcher trains its class-data-sharing archive after each build of the jar: let that happen
# here, outside any measurement.
"$root/distbuild" --version >/dev/null

results=()
if $smoke; then
  results=(--results "$(mktemp -d)/RESULTS.md")
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  distbuild.bench.BenchMain --root "$root" --distbuild "$root/distbuild" "${results[@]}" "$@"
