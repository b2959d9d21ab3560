#!/usr/bin/env bash
# The benchmark's PostgreSQL mode against a throwaway local server; arguments go to the benchmark:
#
#     Tools/pg-bench.sh --quick
#     Tools/pg-bench.sh --n 100000
#     Tools/pg-bench.sh --n 1000000 --reps 1 --only verify,rss,query
#
# Builds the benchmark (release) and runs `benchmark --postgres URI …` under Tools/with-postgres.sh
# (a scratch server on a Unix socket with fsync on; synchronous_commit is on, the default, and the
# ledger sets it anyway; PG_FLUSH_DELAY_US, PG_SERVER_OPTIONS and PG_KEEP_LOG as described there).
# To benchmark an existing server instead: `benchmark --postgres postgresql://…` (the run creates
# databases named tlbench_<pid>_* there and drops them at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
swift build -c release --package-path "$root/Tools/Benchmark" >&2
cd "$root"
# shellcheck disable=SC2016
exec "$root/Tools/with-postgres.sh" sh -c '"$0" --postgres "$PG_URI" "$@"' "$root/Tools/Benchmark/.build/release/benchmark" "$@"
