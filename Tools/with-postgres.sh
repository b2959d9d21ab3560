#!/usr/bin/env bash
# Runs a command against a throwaway local PostgreSQL server, then always stops it and removes it:
#
#     Tools/with-postgres.sh COMMAND [ARG…]
#
# The command sees the server's URI in $PG_URI (a Unix socket only, no TCP; fsync and
# synchronous_commit on). initdb and the server run as the postgres user when this runs as root,
# since both refuse root. Environment:
#   PG_FLUSH_DELAY_US=N      every WAL flush of the server takes N µs longer (Tools/SlowFlush, an
#                            LD_PRELOAD shim): a fast local disk made to behave like slow storage
#   PG_SERVER_OPTIONS="…"    extra server settings ("-c log_statement=all")
#   PG_KEEP_LOG=FILE         keeps the server's log
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 69; }
[ $# -gt 0 ] || { echo "usage: Tools/with-postgres.sh COMMAND [ARG…]" >&2; exit 64; }

dir=$(mktemp -d /tmp/tl-pg-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
chmod 700 "$dir"
server=
cleanup() {
    if [ -n "$server" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || kill "$server" 2>/dev/null || true; wait "$server" || true; fi
    if [ -n "${PG_KEEP_LOG:-}" ]; then cp "$dir/log" "$PG_KEEP_LOG" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

preload=()
if [ -n "${PG_FLUSH_DELAY_US:-}" ]; then
    cc -O2 -shared -fPIC -o "$dir/slowflush.so" "$here/SlowFlush/slowflush.c" -ldl
    preload=(env "SLOW_FLUSH_US=$PG_FLUSH_DELAY_US" "LD_PRELOAD=$dir/slowflush.so")
fi
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C -N >"$dir/initdb.log"
# The server is this script's child (not pg_ctl's), so it is reaped here when it stops.
# shellcheck disable=SC2086
"${as[@]}" "${preload[@]}" "$bin/postgres" -D "$dir/data" -k "$dir" -c listen_addresses= -c fsync=on -c synchronous_commit=on \
    -c max_connections=200 ${PG_SERVER_OPTIONS:-} >"$dir/log" 2>&1 </dev/null &
server=$!
until "$bin/pg_isready" -q -h "$dir"; do
    kill -0 "$server" 2>/dev/null || { cat "$dir/log" >&2; exit 70; }
    sleep 0.1
done
PG_URI="postgresql://postgres@/postgres?host=$dir" "$@"
