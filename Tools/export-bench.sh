#!/usr/bin/env bash
# Export at scale: builds a sample ledger of N transfers (default 1,000,000), then times, in the same
# run, `ledger query --format csv` over the year (the baseline) and `ledger export` of the same year as a
# signed bundle with proofs, and `ledger verify-report` of it, each with its peak memory.
#   Tools/export-bench.sh [N] [scratch-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
scratch=${2:-$(mktemp -d /tmp/transferledger-export-XXXXXX)}
swift build -c release >/dev/null
ledger=$PWD/.build/release/ledger
cd "$scratch"
rm -rf demo.ledger* bundle key.key key.pub query.csv

measure() { # label, command…: prints wall seconds and peak RSS
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o time.txt "$@" > /dev/null
    read -r seconds kib < time.txt
    printf '%-28s %8.2f s  %8.1f MiB\n' "$label" "$seconds" "$(echo "$kib / 1024" | bc -l)"
    echo "RESULT ${label// /_}_seconds=$seconds ${label// /_}_peak_kib=$kib"
}

echo "building a sample ledger of $count transfers in $scratch (untimed)"
"$ledger" demo --db demo.ledger --count "$count" > /dev/null
"$ledger" keygen --name bench.example/ledger --out key > /dev/null
"$ledger" checkpoint --db demo.ledger --key key.key > /dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "query csv (baseline)" "$ledger" query --db demo.ledger --from 2025-12-01 --to 2026-11-30 --format csv
measure "export bundle" "$ledger" export --db demo.ledger --from 2025-12-01 --to 2026-11-30 \
    --report-id RPT-BENCH --addressee "Lead SA" --key key.key --recorded-checkpoint --out bundle
measure "verify-report" "$ledger" verify-report bundle --key key.pub
ls -l bundle
