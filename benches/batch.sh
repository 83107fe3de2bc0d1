#!/usr/bin/env bash
# Benchmark of batch extraction: 200 copies of a fixture PDF in one directory,
# `report extract -f jsonl DIR`, on 1 and on 2 threads (RAYON_NUM_THREADS).
# Median of 3 runs each; prints files/s.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 200); do cp fixtures/ai-compute-2025.pdf "$work/report-$i.pdf"; done
for threads in 1 2; do
  times=()
  for _ in 1 2 3; do
    s=$(date +%s.%N)
    RAYON_NUM_THREADS=$threads "$bin" extract -f jsonl "$work" > /dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  printf 'batch of 200 PDFs, %d thread(s): %6.3f s = %6.1f files/s\n' "$threads" "$t" "$(echo "200/$t" | bc -l)"
done
