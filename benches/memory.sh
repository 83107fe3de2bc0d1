#!/usr/bin/env bash
# Peak memory and CPU time of `report extract -f jsonl` against the input's size:
# texts of 10, 50 and 200 MB (and 1 GB with --big) made by repeating the seed
# report (a fixture where ../shared is absent), the 10 and 50 MB ones with their line
# breaks taken out (one line each), and 10 million short lines. The bar
# (issue 7): peak resident memory <= 64 MiB + 4 x the input, and time linear (the
# 50 MB text within 6 x the 10 MB one's CPU time, one line or not). Peak is GNU time's maximum RSS,
# CPU is user + system. Usage: benches/memory.sh [--big]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=../shared/seeds/000_36ad174dc4a18480.txt
[ -f "$seed" ] || seed=fixtures/ai-compute-2025.txt
sizes=(10 50 200)
[ "${1:-}" = "--big" ] && sizes+=(1000)
make() { # make MB FILE: the seed repeated to MB megabytes
  : > "$2"
  while [ "$(stat -c %s "$2")" -lt $(($1 * 1000000)) ]; do cat "$seed" "$seed" "$seed" "$seed" >> "$2"; done
}
printf '%-24s %10s %10s %10s %8s %10s\n' input bytes cpu_s peak_MiB bar_MiB facts
measure() { # measure NAME FILE
  local bytes out peak cpu facts bar
  bytes=$(stat -c %s "$2")
  out=$( { /usr/bin/time -f '%M %U %S' "$bin" extract -q -f jsonl "$2" | wc -l > "$work/facts"; } 2>&1 | tail -1)
  read -r peak user sys <<< "$out"
  cpu=$(echo "$user + $sys" | bc -l)
  facts=$(cat "$work/facts")
  bar=$(echo "64 + 4 * $bytes / 1048576" | bc)
  printf '%-24s %10d %10.2f %10.1f %8d %10d %s\n' "$1" "$bytes" "$cpu" "$(echo "$peak / 1024" | bc -l)" "$bar" "$facts" \
    "$( [ "$((peak / 1024))" -le "$bar" ] && echo ok || echo OVER)"
  echo "$cpu" > "$work/cpu-$1"
}
for mb in "${sizes[@]}"; do
  make "$mb" "$work/t.txt"
  measure "text ${mb} MB" "$work/t.txt"
  if [ "$mb" -le 50 ]; then
    tr -d '\n' < "$work/t.txt" > "$work/one.txt"
    measure "one line ${mb} MB" "$work/one.txt"
  fi
done
python3 -c "import sys; sys.stdout.write(''.join(f'{i % 1000}\n' for i in range(10_000_000)))" > "$work/t.txt"
measure "10M short lines" "$work/t.txt"
printf 'CPU ratio 50 MB / 10 MB: %.2f (bar 6)\n' "$(echo "$(cat "$work/cpu-text 50 MB") / $(cat "$work/cpu-text 10 MB")" | bc -l)"
printf 'CPU ratio 50 MB / 10 MB, one line: %.2f (bar 6)\n' \
  "$(echo "$(cat "$work/cpu-one line 50 MB") / $(cat "$work/cpu-one line 10 MB")" | bc -l)"
