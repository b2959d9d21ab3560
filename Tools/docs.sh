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
rm -rf "$graphs" && mkdir -p "$graphs" "$(dirname "$out")"
# A build directory of its own; without its TransferLedger module the module is emitted again, and the graph with it.
rm -f "$scratch"/debug/Modules/TransferLedger.swiftmodule
swift build --package-path "$root" --scratch-path "$scratch" --target TransferLedger \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" >&2
find "$graphs" -name '*.symbols.json' ! -name 'TransferLedger.symbols.json' -delete
# Members the compiler derives and the standard library leaves undocumented (an enum's `init(rawValue:)`,
# `hash(into:)` and `hashValue` of a RawRepresentable, a struct's synthesized `Codable` initializer) have no
# source line that could carry a comment: they are left out of the graph, and counted here, so that the
# coverage below is that of what this package declares. Members inherited with the standard library's own
# documentation (`Sequence`'s methods, `Codable` of a String-backed enum) stay, and show that documentation.
python3 - "$graphs/TransferLedger.symbols.json" <<'PY' >&2
import json, sys
path = sys.argv[1]
graph = json.load(open(path))
derived = {s["identifier"]["precise"] for s in graph["symbols"] if "location" not in s and "docComment" not in s}
graph["symbols"] = [s for s in graph["symbols"] if s["identifier"]["precise"] not in derived]
graph["relationships"] = [r for r in graph["relationships"] if r["source"] not in derived and r["target"] not in derived]
declared = sum(1 for s in graph["symbols"] if "location" in s)
undocumented = [s for s in graph["symbols"] if "location" in s and "docComment" not in s]
print(f"public symbols: {declared} declared in Sources, {len(graph['symbols']) - declared} inherited; "
      f"{len(derived)} compiler-derived members without documentation left out; {len(undocumented)} declared without a doc comment")
for s in undocumented:
    print("  undocumented: " + "/".join(s["pathComponents"]) + "  " + s["location"]["uri"].split("/Sources/")[-1])
json.dump(graph, open(path, "w"))
PY
docc convert "$root/Sources/TransferLedger/TransferLedger.docc" \
    --additional-symbol-graph-dir "$graphs" \
    --fallback-display-name TransferLedger --fallback-bundle-identifier org.transferledger.TransferLedger \
    --output-path "$out" --warnings-as-errors --enable-inherited-docs \
    --experimental-documentation-coverage --coverage-summary-level brief
