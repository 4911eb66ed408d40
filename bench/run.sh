#!/usr/bin/env bash
# Runs the Artel benchmarks (see BENCHMARKS.md): builds the server jar if stale, compiles the harness, then
# measures on embedded H2 and on local PostgreSQL and writes bench/results/<timestamp>.md.
#
#   bench/run.sh            full measured run (about 20 minutes; run it on a quiet machine)
#   bench/run.sh --quick    smoke run of the whole pipeline (under 2 minutes), not a measurement
#   bench/run.sh --crowd      issue 8's crowd figures only: upload, 64 workers, list scale (--upload-tasks N, default
#                           100,000; --scale-rows M, default 1,000,000; add --quick for a smoke run)
#   bench/run.sh --simulated-crowd   issue 9's load figure: a simulated crowd finishes a pool on the emulator's clock
#                           (--crowd-workers N, default 1,000; --crowd-tasks M, default 100,000; --quick: 50 and 1,000;
#                           --crowd-step, the clock's step, default PT1M)
#   bench/run.sh --rule-cost  issue 10's rule cost: 64 workers in a pool without and with quality-control rules
#   options: --db h2|pg|h2,pg   --pg-url jdbc:postgresql://...   (default: 127.0.0.1:5432/test as postgres)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/artel.jar"
classes="$root/bench/target"

# ./artel builds the jar if the source is newer and records its class-data archive, so the measured jar is the
# source as it stands and no measured start-up includes a build or a warm-up.
"$root/artel" help 2>/dev/null || true

# The harness is plain javac output, kept out of the Maven build so that `mvn test` never sees it. The load
# generator compiles against the JDK only; the storage tool against the shaded server jar.
rm -rf "$classes"
javac --release 17 -Xlint:all -Werror -d "$classes/loadgen" $(find "$root/bench/loadgen" -name '*.java')
javac --release 17 -Xlint:all -Werror -cp "$jar:$classes/loadgen" -d "$classes/storage" \
  $(find "$root/bench/storage" -name '*.java')

# The storage floor runs with the server's JVM flags: JAVA_OPTS if set, else ./artel's defaults.
default_opts="$(sed -n 's/.*JAVA_OPTS:-\([^}]*\)}.*/\1/p' "$root/artel")"
if [[ -z "$default_opts" ]]; then
  echo "bench: cannot find the default JVM flags in ./artel" >&2
  exit 1
fi

# The load generator keeps its own footprint small: the serial collector uses no extra GC threads.
exec java -XX:+UseSerialGC -Xms256m -Xmx1g -cp "$classes/loadgen" dev.artel.bench.Bench \
  --repo "$root" --tool-classpath "$jar:$classes/loadgen:$classes/storage" \
  --jvm-opts "${JAVA_OPTS:-$default_opts}" "$@"
