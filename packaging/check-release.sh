#!/usr/bin/env bash
# Checks the release archive as a host without Java would get it: unpacked alone in a fresh
# directory, then run in a mount namespace where every other Java is hidden (tmpfs over the
# system's JVM directories, no java on the PATH, no JAVA_HOME): its launcher must start, a real
# build must run on a local cluster and then across three network namespaces
# (release-across-hosts.sh), and its systemd units must be what systemd takes. Needs root
# for the namespace; without it, says so and stops (exit 0). Run by `mvn verify` after make-release.sh.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
archive=$(compgen -G "$root/target/distbuild-*-linux-*.tar.gz" | head -n 1 || true)
if [ -z "$archive" ]; then
  echo "check-release: skipped: no archive in target/ (packaging/make-release.sh makes it, and says why when it cannot)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 \
   || ! unshare --mount --propagation private true 2>/dev/null; then
  echo "check-release: skipped: hiding the machine's Java needs root, unshare and mount namespaces (CI runs it as root)"
  exit 0
fi
# Every JDK this machine has, wherever find-jdk.sh or a distribution would put one, and the one
# that built the release.
. "$root/tools/find-jdk.sh"
built_with=""
if distbuild_find_jdk 2>/dev/null; then built_with=$(readlink -f "$JAVA_HOME"); fi
host=$(mktemp -d)
trap 'rm -rf "$host"' EXIT
tar -xzf "$archive" -C "$host"
home=$(echo "$host"/distbuild-*)
mkdir -p "$host/project"
cat > "$host/project/distbuild.yaml" <<'YAML'
jobs:
  - name: greet
    run: echo "built by the release archive" > greeting.txt
    outputs: [greeting.txt]
  - name: shout
    deps: [greet]
    run: tr a-z A-Z < greeting.txt > shout.txt
    outputs: [shout.txt]
YAML

# Copied beside the archive: the checkout itself may lie under a directory hidden below.
cp "$root/packaging/release-across-hosts.sh" "$host/"
unshare --mount --propagation private env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$host" DISTBUILD_HOME="$home" \
    BUILT_WITH="$built_with" ACROSS_HOSTS="$host/release-across-hosts.sh" bash -euo pipefail -c '
  for dir in /usr/lib/jvm /usr/lib64/jvm /usr/java /opt /usr/local/java /usr/local/openjdk* /root/.sdkman "$BUILT_WITH"; do
    if [ -n "$dir" ] && [ -d "$dir" ]; then mount -t tmpfs none "$dir"; fi
  done
  for java in "$(command -v java || true)" "$BUILT_WITH/bin/java"; do
    if [ -n "$java" ] && "$java" -version >/dev/null 2>&1; then
      echo "check-release: a java is still reachable: $java" >&2
      exit 1
    fi
  done
  "$DISTBUILD_HOME/bin/distbuild" --version
  cd "$HOME/project"
  "$DISTBUILD_HOME/bin/distbuild" local --data "$HOME/data" --output "$HOME/out" --progress plain
  test "$(cat "$HOME/out/shout.txt")" = "BUILT BY THE RELEASE ARCHIVE"
  bash "$ACROSS_HOSTS"
'
if command -v systemd-analyze >/dev/null 2>&1; then
  for unit in "$home"/systemd/*.service; do
    copy="$host/$(basename "$unit")"
    sed -e "s|/opt/distbuild|$home|g" \
        -e "s|^EnvironmentFile=.*|Environment=DISTBUILD_COORDINATOR=https://c:7000/coordinator DISTBUILD_ADVERTISE=https://w:7001|" \
        "$unit" > "$copy"
    said=$(systemd-analyze verify "$copy" 2>&1) || { echo "$said" >&2; exit 1; }
    if [ -n "$said" ]; then echo "check-release: $unit: $said" >&2; exit 1; fi
  done
fi
echo "check-release: $(basename "$archive") runs a build on a host without Java; its units verify"
