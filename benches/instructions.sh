#!/usr/bin/env bash
# Instructions `report extract -f json` executes, counted by valgrind's callgrind, on
# the 10 MB text (the seed report repeated, as benches/corpus.py makes it; a fixture
# where ../shared is absent) and, where ../shared is there, on two corpus reports (the
# PDF workers included). CPU time on a shared 2-core machine swings by 10-30 % from
# one sitting to the next; an instruction count does not, so two binaries are
# compared by this, one after the other, in any sitting. (Callgrind runs SHA-256
# without the CPU's SHA instructions: the input's hash is counted apart, as callgrind
# counts it, so that the rest can be read without it.)
#
# Usage: benches/instructions.sh [BIN...]  (default target/release/report; build it
# with `cargo build --release` first). Needs valgrind. About 20 s a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "benches/instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
[ "$#" -gt 0 ] || set -- target/release/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=../shared/seeds/000_36ad174dc4a18480.txt
[ -f "$seed" ] || seed=fixtures/ai-compute-2025.txt
: > "$work/ten.txt"
while [ "$(stat -c %s "$work/ten.txt")" -lt 10000000 ]; do cat "$seed" >> "$work/ten.txt"; done
inputs=("$work/ten.txt")
for r in htsc-catl-initiation-2026.pdf kpmg-webank-privacy-computing-2021.pdf; do
  [ -f "../shared/corpus/reports/$r" ] && inputs+=("../shared/corpus/reports/$r")
done
# count BIN FILE: "all sha256" instructions, the PDF workers' included
count() {
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cg.%p" \
    "$1" extract -q -f json "$2" > /dev/null 2> "$work/err" || true
  local all sha
  all=$(grep -o 'Collected : [0-9]*' "$work/err" | awk '{s += $3} END {printf "%.0f\n", s}')
  sha=$(for c in "$work"/cg.*; do callgrind_annotate "$c" 2> /dev/null; done |
    awk '/sha2::sha256/ {gsub(",", "", $1); s += $1} END {printf "%.0f\n", s}')
  rm -f "$work"/cg.*
  echo "$all $sha"
}
printf '%-44s %-42s %14s %12s %10s\n' binary input instructions sha256 per_byte
for bin in "$@"; do
  for f in "${inputs[@]}"; do
    read -r all sha <<< "$(count "$bin" "$f")"
    bytes=$(stat -c %s "$f")
    printf '%-44s %-42s %14d %12d %10.1f\n' "$bin" "$(basename "$f")" "$all" "$sha" \
      "$(echo "($all - $sha) / $bytes" | bc -l)"
  done
done
