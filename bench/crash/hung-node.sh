#!/usr/bin/env bash
# A node that hangs while it holds an operation: checks, end to end on PostgreSQL, that another node runs
# the operation once PostgreSQL ends the hung node's idle transaction (idle_in_transaction_session_timeout,
# 60 s; see storage/Database.java), and that the hung node, when it wakes, applies nothing twice.
# Takes about 90 s; needs psql, curl and python3 besides Java and Maven.
#
#   bench/crash/hung-node.sh          ARTEL_TEST_PG_URL: as for run.sh (libpq settings come from PG* variables)
#
# How: a psql session holds the source pool's row lock for 3 s; node A (workers mode) accepts a clone and
# its worker claims it and waits for that lock; A is stopped with SIGSTOP meanwhile, so once the lock is
# free A's transaction sits idle, holding the claim. Node B starts and must finish the clone; then A is
# resumed (SIGCONT) and must not make a second copy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pg_url="${ARTEL_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
psql=(psql -q -At -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d "${PGDATABASE:-test}")
work="$(mktemp -d)"
schema="artel_hung_$$"

(cd "$root" && mvn -q -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt")
classpath="$root/target/classes:$(cat "$work/cp.txt")"
"${psql[@]}" -c "CREATE SCHEMA $schema"
url="$pg_url&currentSchema=$schema"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; done
  "${psql[@]}" -c "DROP SCHEMA $schema CASCADE" 2>/dev/null || true
  echo "logs: $work"
}
trap cleanup EXIT

start_node() { # name -> starts a node, sets pid and port
  java -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$classpath" dev.artel.Artel serve \
    --host 127.0.0.1 --port 0 --rate-limits off --operations workers --db-url "$url" > "$work/$1.log" 2>&1 &
  pid=$!
  disown "$pid" # killed in cleanup; spare the shell's "Killed" notice
  pids+=("$pid")
  for _ in $(seq 600); do grep -q "serving the Toloka API" "$work/$1.log" && break; sleep 0.1; done
  port=$(grep -o 'localhost:[0-9]*' "$work/$1.log" | head -1 | cut -d: -f2)
}
json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }

start_node a; node_a=$pid; port_a=$port
token=$(grep -A1 "shown once" "$work/a.log" | tail -1)
api() { curl -sf -H "Authorization: OAuth $token" -H 'Content-Type: application/json' "$@"; }
project=$(api -X POST "http://127.0.0.1:$port_a/api/v1/projects" -d '{"public_name": "p", "public_description": "d",
  "assignments_issuing_type": "AUTOMATED", "task_spec": {"input_spec": {"a": {"type": "string"}},
  "output_spec": {"b": {"type": "string"}}}}' | json '["id"]')
pool=$(api -X POST "http://127.0.0.1:$port_a/api/v1/pools" -d '{"project_id": "'"$project"'", "private_name": "x",
  "may_contain_adult_content": false, "will_expire": "2030-01-01T00:00:00", "reward_per_assignment": 0.01,
  "assignment_max_duration_seconds": 600, "defaults": {"default_overlap_for_new_task_suites": 1}}' | json '["id"]')

"${psql[@]}" -c "BEGIN; SELECT id FROM $schema.pools WHERE id = $pool FOR UPDATE; SELECT pg_sleep(3); COMMIT;" >/dev/null &
locker=$!
await_sessions() { # SQL condition on pg_stat_activity -> waits until a session matches it
  for _ in $(seq 100); do
    [[ $("${psql[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE $1 AND pid <> pg_backend_pid()") != 0 ]] && return
    sleep 0.1
  done
  echo "no session with $1" >&2; exit 1
}
await_sessions "query LIKE '%pg_sleep(3)%' AND state = 'active'"
operation=$(api -X POST "http://127.0.0.1:$port_a/api/v1/pools/$pool/clone" | json '["id"]')
await_sessions "wait_event_type = 'Lock'" # A's worker has claimed the clone and waits for the pool
kill -STOP "$node_a"
wait "$locker"
echo "node A stopped while holding clone $operation"

start_node b; port_b=$port
status=PENDING
for _ in $(seq 120); do
  status=$(api "http://127.0.0.1:$port_b/api/v1/operations/$operation" | json '["status"]')
  [[ "$status" == PENDING ]] || break
  sleep 1
done
kill -CONT "$node_a"
# A wakes to a dead connection; give its worker a pass to notice, then count.
for _ in $(seq 30); do grep -q "stays pending" "$work/a.log" && break; sleep 0.5; done
pools=$("${psql[@]}" -c "SELECT count(*) FROM $schema.pools")
echo "clone status through node B: $status; pools: $pools (the source and one copy expected)"
[[ "$status" == SUCCESS && "$pools" == 2 ]]
