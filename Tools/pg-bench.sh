#!/usr/bin/env bash
# The benchmark's PostgreSQL mode against a throwaway local server; arguments go to the benchmark:
#
#     Tools/pg-bench.sh --quick
#     Tools/pg-bench.sh --n 100000
#     Tools/pg-bench.sh --n 1000000 --reps 1 --only verify,rss,query
#
# Builds the benchmark (release), creates a scratch cluster (initdb and the server run as the postgres
# user when this runs as root, since both refuse root), starts the server on a Unix socket only with
# fsync on (synchronous_commit is on, the default, and the ledger sets it anyway), runs
# `benchmark --postgres URI …` and always stops the server and removes the cluster, also on failure
# or Ctrl-C. To benchmark an existing server instead: `benchmark --postgres postgresql://…` (the run
# creates databases named tlbench_<pid>_* there and drops them at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 69; }
swift build -c release --package-path "$root/Tools/Benchmark" >&2

dir=$(mktemp -d /tmp/tl-pgbench-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
chmod 700 "$dir"
server=
cleanup() {
    if [ -n "$server" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || kill "$server" 2>/dev/null || true; wait "$server" || true; fi
    if [ -n "${PG_BENCH_LOG:-}" ]; then cp "$dir/log" "$PG_BENCH_LOG" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C -N >"$dir/initdb.log"
# The server is this script's child (not pg_ctl's), so it is reaped here when it stops.
# Extra server settings (PG_BENCH_SERVER_OPTIONS="-c log_statement=all"); PG_BENCH_LOG=FILE keeps the server log.
# shellcheck disable=SC2086
"${as[@]}" "$bin/postgres" -D "$dir/data" -k "$dir" -c listen_addresses= -c fsync=on -c synchronous_commit=on ${PG_BENCH_SERVER_OPTIONS:-} \
    >"$dir/log" 2>&1 </dev/null &
server=$!
until "$bin/pg_isready" -q -h "$dir"; do
    kill -0 "$server" 2>/dev/null || { cat "$dir/log" >&2; exit 70; }
    sleep 0.1
done
cd "$root"
"$root/Tools/Benchmark/.build/release/benchmark" --postgres "postgresql://postgres@/postgres?host=$dir" "$@"
