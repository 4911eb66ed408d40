#!/usr/bin/env bash
# The long crash run: KillDuringTrafficTest with many more requests and SIGKILLs than CI's short version,
# on the embedded database, on PostgreSQL, or both. It stops by itself: the request count bounds it, and
# each round between two kills has a time limit.
#
#   bench/crash/run.sh [REQUESTS] [KILLS] [h2|postgresql|both]      defaults: 20000 40 both
#
# ARTEL_CRASH_SEED replays a run (every run prints its seed; a failure message names it too).
# ARTEL_TEST_PG_URL is the PostgreSQL to use (default: the local test database); a fresh schema is
# created in it and dropped afterwards. The child processes' logs are in target/artel-processes/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requests="${1:-20000}"
kills="${2:-40}"
databases="${3:-both}"
seed="${ARTEL_CRASH_SEED:-$(od -An -N8 -td8 /dev/urandom | tr -d ' ')}"
pg_url="${ARTEL_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"

case "$databases" in
  both) set -- h2 postgresql ;;
  h2|postgresql) set -- "$databases" ;;
  *) echo "usage: $0 [REQUESTS] [KILLS] [h2|postgresql|both]" >&2; exit 2 ;;
esac

status=0
for db in "$@"; do
  echo "== crash run on $db: $requests requests, $kills kills, seed $seed"
  args=(-q -B test -Dtest=KillDuringTrafficTest -Dsurefire.failIfNoSpecifiedTests=false
        "-Dartel.crash.requests=$requests" "-Dartel.crash.kills=$kills" "-Dartel.crash.seed=$seed")
  if [[ "$db" == postgresql ]]; then
    args+=("-Dartel.test.db-url=$pg_url")
  fi
  if (cd "$root" && mvn "${args[@]}"); then
    grep -h "crash run done" "$root"/target/surefire-reports/dev.artel.durability.KillDuringTrafficTest-output.txt
  else
    status=1
    echo "== crash run on $db FAILED (seed $seed); see target/surefire-reports and target/artel-processes" >&2
  fi
done
exit $status
