# Sourced by scripts/htty and scripts/htty-bench, with $root the checkout. Builds the daemon and the
# CLI when a source is newer than their classpaths, makes the daemon's ahead-of-time cache when a jar
# is newer than it, and exports how to start a daemon: HTTY_JAVA, HTTY_DAEMON_CLASSPATH and
# HTTY_DAEMON_JVM_OPTIONS. A HTTY_DAEMON_JVM_OPTIONS already set is left as it is (set it empty to
# run daemons with the JVM's defaults, and skip the training).
. "$root/scripts/jdk.sh"

htty_build="$root/target/htty-launcher"
# The CLI is short-lived: the quickest JVM to start, not the fastest to run.
htty_cli_jvm=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)

htty_classpaths_stale() {
  [ -f "$htty_build/cli.classpath" ] && [ -f "$htty_build/daemon.classpath" ] || return 0
  [ -z "$(find "$root/pom.xml" "$root"/{proto,raft-state,daemon,client-cli}/{pom.xml,src/main} \
      -newer "$htty_build/cli.classpath" -print -quit 2>/dev/null)" ] || return 0
  return 1
}

if htty_classpaths_stale; then
  echo "htty: building (first run, or the sources changed)..." >&2
  mkdir -p "$htty_build"
  (cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl daemon,client-cli -am package \
      dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime) >&2
  echo "$root/daemon/target/daemon-0.1.0-SNAPSHOT.jar:$(cat "$root/daemon/target/runtime.classpath")" > "$htty_build/daemon.classpath"
  echo "$root/client-cli/target/client-cli-0.1.0-SNAPSHOT.jar:$(cat "$root/client-cli/target/runtime.classpath")" > "$htty_build/cli.classpath"
fi

export HTTY_JAVA="$JAVA_HOME/bin/java"
export HTTY_DAEMON_CLASSPATH=$(cat "$htty_build/daemon.classpath")
export HTTY_LAUNCHER="$root/scripts/htty"
htty_cli_classpath=$(cat "$htty_build/cli.classpath")

# Daemons compile with C1 only. Three daemons share this machine's two cores, and C2's compilations
# took them from the sessions: side by side, C1 alone cut a kill's first echo from 216 and 223 ms
# (median) to 155 and 185, and the echo of every key from 17.4 to 13.3 and 15.3 ms; the output's
# throughput on every daemon went from 2.0 to 4.2 MiB/s (text) and 5.9 to 7.6 (random) rather than
# down (docs/failover.md, "How daemons compile").
htty_daemon_jvm="-XX:TieredStopAtLevel=1"

# The daemon's AOT cache (JDK 25: JEPs 483, 514, 515) holds its classes loaded and linked, and the
# method profiles of a training run in which it followed and led. Without it a daemon's first
# leadership runs Ratis's leader code cold: in the failover bench, side by side, a kill's first echo
# came after 470 ms (median) without it and 310 with it, and a drain paused at most 410-465 ms
# without it and 190-230 with it (docs/failover.md, "A daemon's first leadership"). The JVM refuses
# a cache whose jars changed since, so a newer jar (or a newer training, here) means training again.
htty_aot_cache="$htty_build/daemon.aot"
htty_aot_trained="$htty_build/daemon.aot.trained"

htty_aot_stale() {
  [ -f "$htty_aot_trained" ] || return 0
  # shellcheck disable=SC2046 # the classpath's entries, one argument each
  [ -z "$(find "$root/scripts/launcher.sh" $(tr ':' ' ' <<<"$HTTY_DAEMON_CLASSPATH") -newer "$htty_aot_trained" \
      -print -quit 2>/dev/null)" ] || return 0
  return 1
}

# Records a three-daemon cluster on this machine (random ports, a scratch directory) through a
# session's creation, input, the typing of clients attached to two daemons, bursts of output and
# drains amid them, so that its daemons follow, lead, forward input and serve forwarded input; then
# makes the cache from the record of the daemon that loaded the most classes. A failure leaves no
# cache.
htty_train_aot_cache() (
  set -euo pipefail
  work=$(mktemp -d "${TMPDIR:-/tmp}/htty-aot-training.XXXXXX")
  # scripts/htty itself, told the daemons' options: it does not train again.
  export HTTY_DAEMON_JVM_OPTIONS="$htty_daemon_jvm -XX:AOTMode=record -XX:AOTConfiguration=$work/daemon-%p.aotconf"
  htty() { "$root/scripts/htty" --dir "$work/cluster" "$@"; }
  finish() {
    [ -d "$work/cluster" ] && { htty down >/dev/null 2>&1 || true; }
    rm -rf "$work"
  }
  trap finish EXIT
  # Below the ephemeral range (from 32768), from which outgoing connections take their local ports.
  htty up --base-port $((20000 + RANDOM % 12000)) >/dev/null
  htty new -d -s output -x 80 -y 24 -- /bin/sh
  htty new -d -s typing -x 80 -y 24 -- /bin/sh
  typists=()
  if command -v script >/dev/null; then
    # Clients attached (through script's terminal) to two of the daemons type a line every 20 ms
    # until the rounds are done: whichever daemon leads serves input the other forwards.
    touch "$work/typing"
    for endpoint in $(sed -n 's/^endpoints=//p' "$work/cluster/cluster.conf" | tr ',' ' ' | cut -d' ' -f1-2); do
      printf -v attach '%q ' "$root/scripts/htty" --dir "$work/cluster" --cluster "$endpoint" attach -t typing
      { sleep 1; while [ -e "$work/typing" ]; do printf 'echo typed\r'; sleep 0.02; done; printf '\002d'; } |
        script -qfec "$attach" /dev/null >/dev/null 2>&1 &
      typists+=($!)
    done
    for _ in $(seq 100); do htty capture -t typing | grep -q typed && break; sleep 0.1; done
  fi
  for round in 1 2 3; do
    htty send-keys -t output "i=0; while [ \$i -lt 2000 ]; do echo round $round line \$i; i=\$((i+1)); done" Enter
    leader=$(htty status --json | grep -o '"leader":"[^"]*"' | head -1 | cut -d'"' -f4)
    htty node drain "$leader" >/dev/null
    htty capture -t output >/dev/null
  done
  rm -f "$work/typing"
  [ ${#typists[@]} -eq 0 ] || wait "${typists[@]}"
  htty down >/dev/null # each daemon writes its record as it exits
  record=$(ls -S "$work"/daemon-*.aotconf | head -1)
  # shellcheck disable=SC2086 # options separated by spaces
  "$HTTY_JAVA" --enable-native-access=ALL-UNNAMED $htty_daemon_jvm -XX:AOTMode=create -XX:AOTConfiguration="$record" \
    -XX:AOTCache="$htty_aot_cache.new" -cp "$HTTY_DAEMON_CLASSPATH" >/dev/null
  mv "$htty_aot_cache.new" "$htty_aot_cache"
)

if [ -z "${HTTY_DAEMON_JVM_OPTIONS+set}" ]; then
  HTTY_DAEMON_JVM_OPTIONS=$htty_daemon_jvm
  if [ "$java_release" -ge 25 ]; then
    if htty_aot_stale; then
      echo "htty: training the daemon's ahead-of-time cache (once a build, about a minute)..." >&2
      rm -f "$htty_aot_cache"
      htty_train_aot_cache >&2 || echo "htty: the training failed: daemons start without the cache" >&2
      touch "$htty_aot_trained"
    fi
    if [ -f "$htty_aot_cache" ]; then
      HTTY_DAEMON_JVM_OPTIONS="$htty_daemon_jvm -XX:AOTCache=$htty_aot_cache"
    fi
  fi
  export HTTY_DAEMON_JVM_OPTIONS
fi
