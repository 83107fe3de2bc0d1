#!/usr/bin/env bash
# Benchmark of the quantity scanner alone over ~10 MB of Chinese report text (the
# seed report repeated, or the fixtures where ../shared is absent): best of 3, MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example bench_quantities
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=../shared/seeds/000_36ad174dc4a18480.txt
[ -f "$seed" ] || seed=fixtures/ai-compute-2025.txt
while [ "$(stat -c %s "$work/big.txt" 2>/dev/null || echo 0)" -lt 10000000 ]; do cat "$seed" >> "$work/big.txt"; done
target/release/examples/bench_quantities "$work/big.txt"
