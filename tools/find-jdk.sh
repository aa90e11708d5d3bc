# Sourced by ./distbuild, tools/with-jdk and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# Honours JAVA_HOME when it is new enough; otherwise searches the usual install locations.

DISTBUILD_MIN_JAVA=21

# Prints the major version of the java binary given, or nothing if it does not run. Reads the
# JDK's release file when there is one (every JDK since 9 has it): starting a JVM just to ask
# costs tens of milliseconds on every command.
distbuild_java_major() {
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ] && [ -x "$1" ]; then
    awk -F'"' '/^JAVA_VERSION=/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }' "$release"
    return
  fi
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# Sets JAVA_HOME, and DISTBUILD_JAVA_MAJOR to its major version.
distbuild_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(distbuild_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$DISTBUILD_MIN_JAVA" ]; then
      DISTBUILD_JAVA_MAJOR=$major
      return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is Java $major; looking for Java $DISTBUILD_MIN_JAVA or newer elsewhere" >&2
  fi
  # Newest first, so the best JDK on the machine wins.
  for candidate in $(ls -d /usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/ /opt/jdk*/ \
                        "$HOME"/.sdkman/candidates/java/*/ "$HOME"/.jdks/*/ \
                        /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(distbuild_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$DISTBUILD_MIN_JAVA" ]; then
      export JAVA_HOME="$candidate"
      DISTBUILD_JAVA_MAJOR=$major
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(distbuild_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$DISTBUILD_MIN_JAVA" ]; then
      export JAVA_HOME="$candidate"
      DISTBUILD_JAVA_MAJOR=$major
      return 0
    fi
  fi
  cat >&2 <<MSG
distbuild needs a JDK $DISTBUILD_MIN_JAVA or newer, and none was found
(looked at JAVA_HOME, /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman, ~/.jdks and the PATH).
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk
  SDKMAN:         sdk install java 21-tem
or point JAVA_HOME at an existing JDK $DISTBUILD_MIN_JAVA+.
MSG
  return 1
}

# Maven on JDK 24+ warns about its own use of sun.misc.Unsafe; the option that silences it
# does not exist before JDK 24, so add it only there.
distbuild_maven_opts() {
  local major
  major=$(distbuild_java_major "$JAVA_HOME/bin/java")
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
