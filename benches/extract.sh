#!/usr/bin/env bash
# Benchmark of `report extract`: throughput on ~10 MB of text (the seed report
# repeated, or a fixture where ../shared is absent) and pages/s on a 300-page PDF,
# with `pdftotext` on the same PDF for comparison. Median of 5 runs each.
#
# Needs: a release build (made here), python3 with reportlab and Debian's
# fonts-droid-fallback (for the PDF), pdftotext (poppler-utils) for the comparison.
# Usage: benches/extract.sh            Output: one line per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed=../shared/seeds/000_36ad174dc4a18480.txt
[ -f "$seed" ] || seed=fixtures/ai-compute-2025.txt
big="$work/big.txt"
while [ "$(stat -c %s "$big" 2>/dev/null || echo 0)" -lt 10000000 ]; do cat "$seed" >> "$big"; done
python3 fixtures/make_pdfs.py --bench 300 "$work/300.pdf"

# median wall time in seconds of 5 runs of "$@"
median() {
  local times=()
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

bytes=$(stat -c %s "$big")
t=$(median "$bin" extract -f jsonl "$big")
facts=$("$bin" extract -f jsonl "$big" | wc -l)
printf 'text   %6.1f MB in %6.3f s = %6.1f MB/s (%d facts)\n' "$(echo "$bytes/1000000" | bc -l)" "$t" "$(echo "$bytes/1000000/$t" | bc -l)" "$facts"

t=$(median "$bin" text "$big")
printf 'text (report text only) %6.3f s = %6.1f MB/s\n' "$t" "$(echo "$bytes/1000000/$t" | bc -l)"

t=$(median "$bin" extract -f jsonl "$work/300.pdf")
printf 'pdf    300 pages in %6.3f s = %6.1f pages/s\n' "$t" "$(echo "300/$t" | bc -l)"
if command -v pdftotext > /dev/null; then
  p=$(median pdftotext "$work/300.pdf" -)
  printf 'pdftotext 300 pages in %6.3f s = %6.1f pages/s (report/pdftotext = %.2fx)\n' "$p" "$(echo "300/$p" | bc -l)" "$(echo "$t/$p" | bc -l)"
fi
t=$(median "$bin" extract -f jsonl fixtures/robotics-2025.txt)
printf 'small  one fixture text in %6.3f s (process start, jieba dictionary included)\n' "$t"
