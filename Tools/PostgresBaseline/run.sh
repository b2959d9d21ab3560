#!/usr/bin/env bash
# Raw libpq baselines against a throwaway local server (Unix socket, fsync on, synchronous_commit on):
#
#     Tools/PostgresBaseline/run.sh [BATCHED_ROWS=100000] [SINGLE_ROWS=1000]
#
# Builds baseline.c, creates a scratch cluster (as the postgres user when run as root, since initdb
# refuses root), applies Schema/postgres/0*.sql, runs the baselines and always stops the server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 69; }

dir=$(mktemp -d /tmp/tl-baseline-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
server=
cleanup() {
    if [ -n "$server" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; wait "$server" || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT

cc -O2 -o "$dir/baseline" "$here/baseline.c" $(pkg-config --cflags --libs libpq) -lcrypto
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C -N >"$dir/initdb.log"
# The server is this script's child (not pg_ctl's), so it is reaped here when it stops.
"${as[@]}" "$bin/postgres" -D "$dir/data" -k "$dir" -c listen_addresses= -c fsync=on >"$dir/log" 2>&1 </dev/null &
server=$!
until "$bin/pg_isready" -q -h "$dir"; do sleep 0.1; done
uri="postgresql://postgres@/postgres?host=$dir"
for migration in "$root"/Schema/postgres/0*.sql; do
    "$bin/psql" -q -v ON_ERROR_STOP=1 -1 -f "$migration" "$uri" >/dev/null
done
"$dir/baseline" "$uri" "${1:-100000}" "${2:-1000}"
