#!/usr/bin/env bash
# Fuzz each target for SECONDS (default 600) with the grammar dictionary, from the
# seed corpora (fuzz/seed.sh), and print the executions per target. Needs
# cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable
# toolchain build with the sanitizer flags libFuzzer needs.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("${@:-text quantities pdf content}")
[ -d fuzz/corpus/text ] || fuzz/seed.sh
for t in ${targets[*]}; do
  log=fuzz/$t.log
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none "$t" "fuzz/corpus/$t" -- \
    -dict=fuzz/dict.txt -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 > "$log" 2>&1 || { echo "$t: FINDING, see $log and fuzz/artifacts/$t"; continue; }
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  echo "$t: $execs executions in $secs s, no finding"
done
