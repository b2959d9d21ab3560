#!/usr/bin/env bash
# Concurrent single-transfer writers against a throwaway local server (Tools/LoadDriver); arguments
# go to the load driver:
#
#     Tools/pg-load.sh --writers 1,8,32 --count 200
#     PG_FLUSH_DELAY_US=3900 Tools/pg-load.sh --writers 1,8,32 --count 100
#     PG_FLUSH_DELAY_US=3900 Tools/pg-load.sh --writers 32 --count 200 --prefill 1000000
#
# PG_FLUSH_DELAY_US makes every WAL flush of the server that much slower (Tools/with-postgres.sh),
# to measure on a fast disk what the intake does where a durable commit is expensive.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
swift build -c release --package-path "$root/Tools/LoadDriver" >&2
cd "$root"
# shellcheck disable=SC2016
exec "$root/Tools/with-postgres.sh" sh -c '"$0" --db "$PG_URI" "$@"' "$root/Tools/LoadDriver/.build/release/load" "$@"
