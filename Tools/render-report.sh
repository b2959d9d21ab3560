#!/usr/bin/env bash
# Renders a transfer report page to PNG, as a desktop browser shows it (1440 wide) and as it prints
# on A4, so the layout can be looked at without a display.
#
#   Tools/render-report.sh [report.html] [out-dir]
#
# Without a page, renders the test suite's sample report (Tests/TransferLedgerTests/Vectors/
# sample-report.json) through ReportHTML. Needs Debian's chromium and poppler-utils (pdftoppm):
#   apt-get install -y chromium poppler-utils
# Writes out-dir/desktop.png, out-dir/report.pdf and out-dir/a4-N.png (default out-dir: .build/report-render).
set -euo pipefail

cd "$(dirname "$0")/.."
page="${1:-}"
out="${2:-.build/report-render}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

for tool in chromium pdftoppm; do
    command -v "$tool" >/dev/null || { echo "render-report: $tool is missing (apt-get install -y chromium poppler-utils)" >&2; exit 69; }
done

if [[ -z "$page" ]]; then
    page="$out/sample-report.html"
    # The sample is rendered by a test, so the script needs no executable of its own.
    TRANSFERLEDGER_REPORT_HTML="$page" swift test --filter 'ReportHTMLTests/writesTheSampleWhenAsked' >"$out/swift-test.log" 2>&1 \
        || { echo "render-report: rendering the sample failed, see $out/swift-test.log" >&2; exit 1; }
fi
[[ -f "$page" ]] || { echo "render-report: no page at $page" >&2; exit 66; }
url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"

# --virtual-time-budget lets layout settle; there is no script, so nothing else needs waiting for.
chromium_flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=2000)
chromium "${chromium_flags[@]}" --window-size=1440,900 --screenshot="$out/desktop-fold.png" "$url" 2>/dev/null
chromium "${chromium_flags[@]}" --window-size=1440,9000 --screenshot="$out/desktop.png" "$url" 2>/dev/null
chromium "${chromium_flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$url" 2>/dev/null
rm -f "$out"/a4-*.png
pdftoppm -r 70 -png "$out/report.pdf" "$out/a4"
echo "render-report: $out/desktop-fold.png (1440×900), $out/desktop.png (1440×9000), $out/report.pdf and $(ls "$out"/a4-*.png | wc -l) A4 pages as $out/a4-*.png"
