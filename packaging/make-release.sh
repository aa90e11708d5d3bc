#!/usr/bin/env bash
# Makes the release archive, target/distbuild-VERSION-linux-ARCH.tar.gz, from target/distbuild.jar:
#   distbuild-VERSION/bin/distbuild     the launcher
#   distbuild-VERSION/lib/              the jar, its JVM options, a trained class archive
#   distbuild-VERSION/runtime/          a Java runtime of just the modules the jar needs (jlink)
#   distbuild-VERSION/systemd/          the units for a coordinator and a worker
#   distbuild-VERSION/kubernetes/       manifests for a coordinator and scalable workers
#   distbuild-VERSION/container/        the image definition (built from the archive itself)
# Run by `mvn verify` (after the jar is made), or by hand after `mvn package`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/tools/find-jdk.sh"
distbuild_find_jdk
jar="$root/target/distbuild.jar"
if [ ! -f "$jar" ]; then
  echo "make-release: no $jar; build it first (mvn package)" >&2
  exit 2
fi
manifest=$(mktemp -d)
(cd "$manifest" && "$JAVA_HOME/bin/jar" -xf "$jar" META-INF/MANIFEST.MF)
version=$(tr -d '\r' < "$manifest/META-INF/MANIFEST.MF" | awk -F': ' '/^Implementation-Version:/ { print $2 }')
rm -rf "$manifest"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
name="distbuild-$version"
out="$root/target/release"
stage="$out/$name"
rm -rf "$out"
mkdir -p "$stage/bin" "$stage/lib"

# The modules the jar uses, as jdeps finds them, and those it reaches only by name: TLS's elliptic
# curves (a module of its own before JDK 22), and the DNS name service.
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps "$jar")
for extra in jdk.crypto.ec jdk.naming.dns; do
  if "$JAVA_HOME/bin/java" --list-modules | grep -q "^$extra@"; then
    modules="$modules,$extra"
  fi
done
rm -f "$root"/target/distbuild-*-linux-*.tar.gz
if ! "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
     --compress=zip-6 --output "$stage/runtime" > "$out/jlink.log" 2>&1; then
  if [ ! -d "$JAVA_HOME/jmods" ]; then
    # A JDK without its modules' jmods cannot link a runtime (Debian packages them apart).
    echo "make-release: skipped: $JAVA_HOME cannot link a Java runtime ($(head -n 1 "$out/jlink.log"));" \
      "install its jmods (Debian: apt-get install openjdk-21-jmods) or use a JDK that has them" >&2
    exit 0
  fi
  echo "make-release: jlink failed:" >&2
  cat "$out/jlink.log" >&2
  exit 1
fi

cp -p "$jar" "$stage/lib/distbuild.jar"
cp "$root/tools/jvm-options.sh" "$stage/lib/"
cp "$root/packaging/bin/distbuild" "$stage/bin/"
cp -r "$root/packaging/systemd" "$stage/systemd"
cp -r "$root/packaging/kubernetes" "$stage/kubernetes"
cp -r "$root/packaging/container" "$stage/container"
cp "$root/README.md" "$stage/"
sed -i 's|/opt/distbuild/target|/opt/distbuild/lib|' "$stage/systemd/"*.service

# A class archive trained on this very runtime (JDK 25 and newer), so the first command starts fast.
if [ "$("$stage/runtime/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c AOTCacheOutput)" -gt 0 ]; then
  scratch=$(mktemp -d)
  # Trained with the options every command has (an archive made without native access is refused by a JVM with it).
  . "$root/tools/jvm-options.sh"
  if (cd "$scratch" && "$stage/runtime/bin/java" "${distbuild_common_options[@]}" -XX:TieredStopAtLevel=1 \
        -XX:AOTCacheOutput="$stage/lib/distbuild.aot" \
        -Xlog:aot=off -Xlog:cds=off -cp "$stage/lib/distbuild.jar" distbuild.cli.TrainingRun \
        "$root/examples/hello/distbuild.yaml") \
        >"$scratch/log" 2>&1 && [ -s "$stage/lib/distbuild.aot" ]; then
    :
  else
    echo "make-release: no class archive (training failed; see below); the launcher starts without it" >&2
    tail -5 "$scratch/log" >&2
    rm -f "$stage/lib/distbuild.aot"
  fi
  rm -rf "$scratch"
fi

archive="$root/target/$name-linux-$arch.tar.gz"
tar -C "$out" -czf "$archive" "$name"
echo "make-release: $archive ($(du -h "$archive" | cut -f1))"
