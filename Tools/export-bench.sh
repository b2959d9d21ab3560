#!/usr/bin/env bash
# Export at scale: builds a sample ledger of N transfers (default 100,000), then, for four periods (4
# days ≈ 1%, one month, a half-year and the whole year), times in the same run `ledger query --format
# csv` of the period (the baseline), `ledger export` of the same period as a signed bundle with proofs
# and `ledger verify-report` of it, each with its user CPU time (steadier than wall time on a shared
# machine) and peak memory, and gives the bundle's size and the mean size of an entry line shown in
# full and as a stub (FORMAT.md §22.1).
#
# The demo records its year in one go, after the fact, so its months are interleaved in recording
# order: every period's range starts at entry 0 and the entries outside the period are stubs, the
# case where export's time follows the ledger rather than the period. With `faketime` installed (Debian package faketime) it
# also builds a "live" ledger: the same transfers recorded month by month at the end of each month,
# as a service would, with a checkpoint recorded just after each month ends, and exports one month
# (as of the newest checkpoint, and as of the first checkpoint after the month) and the year from it.
#   Tools/export-bench.sh [N] [scratch-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
scratch=${2:-$(mktemp -d /tmp/transferledger-export-XXXXXX)}
swift build -c release >/dev/null
ledger=$PWD/.build/release/ledger
cd "$scratch"
rm -rf demo.ledger* live.ledger* bundle-* key.key key.pub query.csv month.ndjson

measure() { # label, command…: prints wall seconds, user CPU seconds and peak RSS
    local label=$1; shift
    /usr/bin/time -f "%e %U %M" -o time.txt "$@" > /dev/null
    read -r seconds user kib < time.txt
    printf '%-34s %8.2f s  (user %6.2f s)  %8.1f MiB\n' "$label" "$seconds" "$user" "$(echo "$kib / 1024" | bc -l)"
    echo "RESULT ${label// /_}_seconds=$seconds ${label// /_}_user_seconds=$user ${label// /_}_peak_kib=$kib"
}

lines() { # bundle: counts and mean sizes of the entry lines in full, as stubs and by hash only
    python3 - "$1/report.json" <<'PY'
import json, sys
kinds = {"full": [], "stub": [], "hash": []}
with open(sys.argv[1], "rb") as f:
    for line in f:
        if not line.startswith((b"{", b",{")) or line.startswith(b'{"entries":['): continue
        kind = "full" if b'"canonical"' in line else "stub" if b'"payloadDigest"' in line else "hash"
        kinds[kind].append(len(line))
for kind, sizes in kinds.items():
    mean = sum(sizes) / len(sizes) if sizes else 0
    print(f"    {kind:5} lines {len(sizes):8d}, mean {mean:7.0f} bytes, total {sum(sizes) / 1e6:8.2f} MB")
    print(f"RESULT lines_{kind}_count={len(sizes)} lines_{kind}_mean_bytes={mean:.0f}")
PY
}

report() { # db, label, from, to[, evidence option]: by default the newest recorded checkpoint
    local db=$1 label=$2 from=$3 to=$4 evidence=${5:---recorded-checkpoint}
    measure "$label query csv" "$ledger" query --db "$db" --from "$from" --to "$to" --format csv
    measure "$label export" "$ledger" export --db "$db" --from "$from" --to "$to" \
        --report-id RPT-BENCH --addressee "Lead SA" --key key.key "$evidence" --out "bundle-$label"
    measure "$label verify-report" "$ledger" verify-report "bundle-$label" --key key.pub
    local bytes
    bytes=$(du -cb "bundle-$label"/* | tail -1 | cut -f1)
    printf '    bundle %s: %.2f MB (report.json %.2f MB), %s transfers in the CSV\n' "$label" "$(echo "$bytes / 1000000" | bc -l)" \
        "$(echo "$(stat -c %s "bundle-$label/report.json") / 1000000" | bc -l)" "$(($(wc -l < "bundle-$label/transfers.csv") - 1))"
    echo "RESULT ${label}_bundle_bytes=$bytes"
    lines "bundle-$label"
}

echo "building a sample ledger of $count transfers in $scratch (untimed)"
"$ledger" demo --db demo.ledger --count "$count" > /dev/null
"$ledger" keygen --name bench.example/ledger --out key > /dev/null
"$ledger" checkpoint --db demo.ledger --key key.key > /dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
report demo.ledger 1pct 2026-03-01 2026-03-04
report demo.ledger month 2026-03-01 2026-03-31
report demo.ledger half 2025-12-01 2026-05-31
report demo.ledger year 2025-12-01 2026-11-30

if ! command -v faketime > /dev/null; then
    echo "faketime is not installed: no live ledger"
    exit 0
fi
echo "building a live ledger: the same transfers recorded at the end of each month (untimed)"
# The registry, recorded before the year (the demo's one transfer is left out of the months).
faketime '2025-11-30 12:00:00' "$ledger" demo --db live.ledger --count 1 > /dev/null
skip=$("$ledger" query --db live.ledger --format ndjson | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["idempotencyKey"])')
for month in 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11; do
    last=$(date -d "$month-01 +1 month -1 day" +%F)
    "$ledger" query --db demo.ledger --from "$month-01" --to "$last" --format ndjson | python3 -c '
import json, sys
derived = {"family", "hash", "recordedAt", "region", "referenceData", "seq", "validation", "private", "supersededBy",
           "rules", "status", "subjectLinkCommitments", "erasedBy"}
for line in sys.stdin:
    transfer = json.loads(line)
    if transfer["idempotencyKey"] == sys.argv[1]: continue
    print(json.dumps({k: v for k, v in transfer.items() if k not in derived}))
' "$skip" > month.ndjson
    # Exit status 2: some transfers are non-compliant (the demo has some); their findings go to stderr.
    faketime "$last 23:00:00" "$ledger" record --db live.ledger --quiet month.ndjson > /dev/null 2>&1 || test $? -eq 2
    # A checkpoint job just after midnight on the first of each month.
    faketime "$(date -d "$last +1 day" +%F) 00:05:00" "$ledger" checkpoint --db live.ledger --key key.key > /dev/null
done
"$ledger" checkpoint --db live.ledger --key key.key > /dev/null
report live.ledger live-month 2026-03-01 2026-03-31
report live.ledger live-month-asof 2026-03-01 2026-03-31 --checkpoint-after-period
report live.ledger live-year 2025-12-01 2026-11-30
