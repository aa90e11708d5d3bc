#!/usr/bin/env bash
# The release archive across hosts, run by check-release.sh where no other Java is reachable: a
# coordinator, a worker (with a credential of its own) and a client, each in a network namespace
# of its own with its own address, TLS on, all started from the archive's launcher; the client's
# build must come back right. Where network namespaces cannot be made, says so and stops (exit 0).
# Needs DISTBUILD_HOME (the unpacked archive) and HOME (a scratch directory holding project/).
set -euo pipefail
d="$DISTBUILD_HOME/bin/distbuild"
tag=$(printf '%04x' $((RANDOM % 65536)))
if ! ip netns add "drn${tag}probe" 2>/dev/null; then
  echo "check-release: across hosts skipped: network namespaces cannot be made here"
  exit 0
fi
ip netns del "drn${tag}probe"
bridge="drr$tag"
net="10.214.$((RANDOM % 200 + 10))"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for i in 0 1 2; do
    ip link del "drv$tag$i" 2>/dev/null || true
    ip netns del "drn$tag$i" 2>/dev/null || true
  done
  ip link del "$bridge" 2>/dev/null || true
}
trap cleanup EXIT
ip link add "$bridge" type bridge
ip link set "$bridge" up
for i in 0 1 2; do
  ip netns add "drn$tag$i"
  ip link add "drv$tag$i" type veth peer name "drp$tag$i"
  ip link set "drv$tag$i" master "$bridge"
  ip link set "drv$tag$i" up
  ip link set "drp$tag$i" netns "drn$tag$i"
  ip netns exec "drn$tag$i" ip link set lo up
  ip netns exec "drn$tag$i" ip addr add "$net.$((10 + i))/24" dev "drp$tag$i"
  ip netns exec "drn$tag$i" ip link set "drp$tag$i" up
done

# Polls a log for a line, with a deadline (two minutes).
await_line() {
  for _ in $(seq 1200); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "check-release: across hosts: '$2' never appeared in $1:" >&2
  tail -20 "$1" >&2
  return 1
}

"$d" credentials "$HOME/secrets" --tls-host "$net.10" --worker "w1=$net.11" > /dev/null
coordinator="https://$net.10:7000/coordinator"
ip netns exec "drn${tag}0" "$d" coordinator --listen 0.0.0.0:7000 --data "$HOME/hosts-coordinator" \
  --credentials "$HOME/secrets/coordinator" > "$HOME/coordinator.log" 2>&1 &
pids+=("$!")
ip netns exec "drn${tag}1" "$d" worker --coordinator "$coordinator" --listen 0.0.0.0:7001 --advertise "https://$net.11:7001" \
  --data "$HOME/hosts-worker" --credentials "$HOME/secrets/worker-w1" > "$HOME/worker.log" 2>&1 &
pids+=("$!")
await_line "$HOME/coordinator.log" "coordinator ready"
await_line "$HOME/worker.log" "worker .* ready"
cd "$HOME/project"
ip netns exec "drn${tag}2" "$d" build --coordinator "$coordinator" --credentials "$HOME/secrets/client" \
  --output "$HOME/out-hosts" --progress plain > "$HOME/client.log" 2>&1 || { cat "$HOME/client.log" >&2; exit 1; }
test "$(cat "$HOME/out-hosts/shout.txt")" = "BUILT BY THE RELEASE ARCHIVE"
echo "check-release: across hosts: a coordinator, a worker and a client in three network namespaces built with the archive"
