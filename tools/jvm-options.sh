# The JVM options each distbuild command runs with; sourced by ./distbuild and by the release
# archive's bin/distbuild, so both start every command alike.
#
# Every command: a worker (also inside `local`) starts jobs with posix_spawn through the Foreign
# Function API when it may call native code; without this it uses the JDK's slower launch (see
# package distbuild.launch).
# (JDK 22 and later only: before, the API is not final and the option buys nothing.)
distbuild_common_options=()
if [ "${DISTBUILD_JAVA_MAJOR:-22}" -ge 22 ]; then
  distbuild_common_options=(--enable-native-access=ALL-UNNAMED)
fi
# Short-lived commands compile quickly with C1 alone and finish sooner; the servers keep the
# optimising compiler for peak speed.
distbuild_client_options=(-XX:TieredStopAtLevel=1)
# Servers size their heap to the host and give memory back after a burst: the heap may grow to a
# quarter of the machine's memory (as the JVM's default), is kept at most 30 % free after a
# collection (so it shrinks when a burst is over), and an idle server collects every 30 s, which
# returns what it no longer uses to the system. DISTBUILD_JAVA_OPTIONS adds to or overrides these
# (say -Xmx2g for a host the coordinator shares).
distbuild_server_options=(-XX:+UseG1GC -XX:MaxRAMPercentage=25 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
  -XX:G1PeriodicGCInterval=30000)

# Sets jvm_options for the command named by $1 (coordinator, worker, local, build, …), with
# DISTBUILD_JAVA_OPTIONS last so that it overrides.
distbuild_jvm_options() {
  jvm_options=("${distbuild_common_options[@]}")
  case "${1:-}" in
    coordinator|worker) jvm_options+=("${distbuild_server_options[@]}") ;;
    local) jvm_options+=("${distbuild_client_options[@]}") ;;  # a whole cluster in one process: keep G1's parallel collector
    *) jvm_options+=("${distbuild_client_options[@]}" -XX:+UseSerialGC) ;;  # a client: the simplest collector starts fastest
  esac
  # Word-split on purpose: several options in one variable, as JAVA_TOOL_OPTIONS takes them.
  # shellcheck disable=SC2206
  jvm_options+=(${DISTBUILD_JAVA_OPTIONS:-})
}
