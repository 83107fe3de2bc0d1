#!/usr/bin/env bash
# The browser check of `report view` (issue 15): headless Chromium loads the pages
# of a fixture PDF with tables, a text fixture, the report full of markup and,
# where ../shared is there, the seed and the Zhongtai report, and the page's own
# self-test (`view.html#selftest`, src/output/view.js) asserts from the rendered
# DOM that every fact has its mark, that clicking each fact brings its mark into
# view and lights it, that clicking each mark selects its fact, that the arrow
# keys step from one fact to the next and back, that the page
# holds its one script and nothing active, and that the Content-Security-Policy
# refused nothing. Its verdict is read from the dumped DOM.
#
# Usage: tests/browser/view.sh REPORT_BINARY [SCREENSHOT.png]   (README's: tests/browser/view.png)
# With SCREENSHOT, also writes a picture of the PDF fixture's page with its first
# fact selected (README's).
set -euo pipefail
bin=$(realpath "$1")
shot=${2:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "tests/browser/view.sh: no chromium here" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=("$here/fixtures/charging-tables-2025.pdf" "$here/fixtures/storage-tables-2025.txt"
  "$here/fixtures/hostile-markup-2025.pdf" "$here/fixtures/hostile-markup-2025.txt")
for extra in "$here/../shared/seeds/000_36ad174dc4a18480.txt" \
  "$here/../shared/corpus/reports/zhongtai-sec-ai-server-aigc-electronics-2023.pdf"; do
  [ -f "$extra" ] && inputs+=("$extra")
done
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --window-size=1400,860 --virtual-time-budget=20000 "$@" 2>/dev/null
}
failed=0
for input in "${inputs[@]}"; do
  page="$work/$(basename "$input").html"
  "$bin" -q view "$input" -o "$page"
  facts=$("$bin" -q extract -f json "$input" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["facts"]))')
  # (headless Chromium now and then dies on start in this VM: a page with no
  # verdict is loaded again, up to three times; a verdict of FAIL is final)
  verdict=
  for try in 1 2 3; do
    verdict=$(chrome --dump-dom "file://$page#selftest" | grep -o 'data-selftest="[^"]*"' || true)
    [ -n "$verdict" ] && break
    echo "$(basename "$input"): no verdict on try $try" >&2
  done
  echo "$(basename "$input"): $facts facts: ${verdict:-no verdict (the script did not run)}"
  case "$verdict" in
    "data-selftest=\"ok facts=$facts "*) ;;
    *) failed=1 ;;
  esac
done
if [ -n "$shot" ]; then
  page="$work/shot.html"
  (cd "$here" && "$bin" -q view fixtures/charging-tables-2025.pdf -o "$page")
  chrome --screenshot="$work/shot.png" "file://$page#selftest" >/dev/null
  cp "$work/shot.png" "$shot"
  echo "screenshot: $shot"
fi
exit $failed
