#!/usr/bin/env bash
# Overhead benchmarks of distbuild, each next to a baseline measured in the same run.
#
#   bench/run.sh [ROUNDS]      (default 3 rounds; reports the median)
#
# 1. 500 independent `true` jobs: `distbuild local --workers 2` (cold caches; default slots, one
#    per CPU, and one slot per worker) vs `xargs -P2`.
# 2. A chain of 100 `true` jobs: time per job, net of the cost of starting the cluster
#    (measured with an empty graph in the same run).
# 3. 40 jobs sleeping 200 ms on 2 workers x 2 slots: wall time vs the ideal 40*0.2/4 = 2 s.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
. "$root/tools/find-jdk.sh"
distbuild_find_jdk
java="$JAVA_HOME/bin/java"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$root/distbuild" --version >/dev/null  # builds the jar if needed, outside the measurements

"$java" "$root/bench/MakeGraph.java" independent 500 "$out/independent.json"
"$java" "$root/bench/MakeGraph.java" chain 100 "$out/chain.json"
"$java" "$root/bench/MakeGraph.java" chain 0 "$out/empty.json"
"$java" "$root/bench/MakeGraph.java" sleeps 40 200 "$out/sleeps.json"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.0f", ns/1e6}'; }

# Runs `distbuild local` on a fresh data directory; prints wall-clock nanoseconds and the build's
# own time as the client measured it (from sending the graph to the last update).
local_run() {
  local graph=$1 workers=$2 slots=$3 data
  data=$(mktemp -d "$out/data.XXXX")
  local start end line
  start=$(now)
  line=$("$root/distbuild" local --workers "$workers" --slots "$slots" --graph "$graph" --data "$data" 2>&1 >/dev/null | grep '^build succeeded')
  end=$(now)
  echo "$((end - start)) $(echo "$line" | sed -E 's/.* in ([0-9.]+)s/\1/')"
  rm -rf "$data"
}

cpus=$(nproc)
declare -a ind_wall ind_build ind1_wall xargs_wall chain_wall chain_build empty_wall sleep_wall
for r in $(seq "$rounds"); do
  read -r w b < <(local_run "$out/independent.json" 2 "$cpus"); ind_wall+=("$w"); ind_build+=("$b")
  read -r w b < <(local_run "$out/independent.json" 2 1); ind1_wall+=("$w")
  s=$(now); seq 500 | xargs -P2 -I{} true independent-{}; e=$(now); xargs_wall+=("$((e - s))")
  read -r w b < <(local_run "$out/chain.json" 2 1); chain_wall+=("$w"); chain_build+=("$b")
  read -r w b < <(local_run "$out/empty.json" 2 1); empty_wall+=("$w")
  read -r w b < <(local_run "$out/sleeps.json" 2 2); sleep_wall+=("$w")
done

m_ind=$(printf '%s\n' "${ind_wall[@]}" | median)
m_ind_build=$(printf '%s\n' "${ind_build[@]}" | median)
m_ind1=$(printf '%s\n' "${ind1_wall[@]}" | median)
m_xargs=$(printf '%s\n' "${xargs_wall[@]}" | median)
m_chain=$(printf '%s\n' "${chain_wall[@]}" | median)
m_chain_build=$(printf '%s\n' "${chain_build[@]}" | median)
m_empty=$(printf '%s\n' "${empty_wall[@]}" | median)
m_sleep=$(printf '%s\n' "${sleep_wall[@]}" | median)

echo "distbuild benchmarks, median of $rounds rounds ($(nproc) CPUs, $("$java" -version 2>&1 | head -n1))"
echo
echo "500 independent 'true' jobs"
echo "  xargs -P2:                         $(ms "$m_xargs") ms"
echo "  distbuild local --workers 2, cold: $(ms "$m_ind") ms wall ($cpus slots each; the build itself: ${m_ind_build} s)"
echo "  same with --slots 1:               $(ms "$m_ind1") ms wall"
echo "  ratio (wall / xargs):              $(awk -v a="$m_ind" -v b="$m_xargs" 'BEGIN {printf "%.1f", a/b}')"
echo "  ratio (wall - empty-cluster run):  $(awk -v a="$m_ind" -v e="$m_empty" -v b="$m_xargs" 'BEGIN {printf "%.1f", (a-e)/b}')"
echo
echo "chain of 100 'true' jobs"
echo "  wall:                              $(ms "$m_chain") ms (empty graph, same cluster: $(ms "$m_empty") ms)"
echo "  per job, net of start-up:          $(awk -v a="$m_chain" -v e="$m_empty" 'BEGIN {printf "%.1f", (a-e)/1e6/100}') ms"
echo "  per job, client-measured build:    $(awk -v b="$m_chain_build" 'BEGIN {printf "%.1f", b*1000/100}') ms"
echo
echo "40 jobs of 200 ms on 2 workers x 2 slots (ideal: 2000 ms + start-up $(ms "$m_empty") ms)"
echo "  wall:                              $(ms "$m_sleep") ms"
echo "  overhead vs ideal:                 $(awk -v a="$m_sleep" -v e="$m_empty" 'BEGIN {printf "%.1f%%", ((a-e)/1e6/2000-1)*100}')"
