# Sourced by the other scripts: makes JAVA_HOME point at a JDK >= 21, whose major version it puts in
# java_release.
# The machine's default java may be older (Debian 12 ships 17); look beside it for a newer one.

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }

select_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    java_release=$(java_major "$candidate")
    if [ "$java_release" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "htty needs a JDK 21 or newer; none found (looked at \$JAVA_HOME, the default java and /usr/lib/jvm/*)." >&2
  return 1
}

select_jdk
