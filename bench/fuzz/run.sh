#!/bin/sh
# Long fuzz run: REQUESTS hostile requests from SEED against a fresh in-process server (see FuzzTest).
# Usage: bench/fuzz/run.sh [REQUESTS] [SEED] [JDBC_URL]
#   bench/fuzz/run.sh                        20,000 requests, a random seed, embedded H2
#   bench/fuzz/run.sh 50000 42               replay or extend seed 42
#   bench/fuzz/run.sh 20000 42 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres'
# The seed is printed at the start and in any failure; the per-request log is in
# target/surefire-reports/dev.artel.fuzz.FuzzTest-output.txt.
set -eu
cd "$(dirname "$0")/../.."
requests="${1:-20000}"
seed="${2:-$(od -An -N8 -td8 /dev/urandom | tr -d ' ')}"
db_url="${3:-}"
echo "fuzz: $requests requests, seed $seed${db_url:+, $db_url}"
exec mvn -B test -Dtest=FuzzTest -Dartel.fuzz.requests="$requests" -Dartel.fuzz.seed="$seed" \
    ${db_url:+"-Dartel.test.db-url=$db_url"}
