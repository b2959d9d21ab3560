#!/usr/bin/env bash
# Builds the library's DocC documentation with the toolchain's own `docc` (no package plugin, so the
# package keeps no dependency) and reports how much of the public API is documented:
#
#     Tools/docs.sh [OUTPUT_DIR=.build/docs]
#
# The compiler emits the TransferLedger module's symbol graph, which also holds the types it
# re-exports from LedgerFormat and LedgerStorage (users import only TransferLedger, so that graph is
# the documented surface); `docc convert` renders Sources/TransferLedger/TransferLedger.docc (the
# articles) with it, fails on a link that does not resolve, and writes the coverage table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/.build/docs}
scratch=$root/.build-docs
graphs=$scratch/symbol-graphs
rm -rf "$graphs" "$scratch"/*/TransferLedger.build && mkdir -p "$graphs"
# A build directory of its own, whose TransferLedger module is always recompiled, so the graph is emitted.
swift build --package-path "$root" --scratch-path "$scratch" --target TransferLedger \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" >&2
find "$graphs" -name '*.symbols.json' ! -name 'TransferLedger.symbols.json' -delete
docc convert "$root/Sources/TransferLedger/TransferLedger.docc" \
    --additional-symbol-graph-dir "$graphs" \
    --fallback-display-name TransferLedger --fallback-bundle-identifier org.transferledger.TransferLedger \
    --output-path "$out" --warnings-as-errors \
    --experimental-documentation-coverage --coverage-summary-level brief
