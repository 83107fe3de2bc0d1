#!/usr/bin/env bash
# Seed corpora for the fuzz targets, made from the fixtures: the text fixtures
# whole and a paragraph at a time (text), their lines as {"id","input"} JSON
# Lines (quantities), the fixture PDFs (pdf). Usage: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/text fuzz/corpus/quantities fuzz/corpus/pdf fuzz/corpus/content
for f in fixtures/*.txt; do
  n=$(basename "$f" .txt)
  cp "$f" "fuzz/corpus/text/$n"
  python3 - "$f" "$n" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
raw = open(path, 'rb').read()
try:
    text = raw.decode('utf-8')
except UnicodeDecodeError:
    text = raw.decode('gb18030')
for i, para in enumerate(p for p in text.split('\n\n') if p.strip()):
    open(f'fuzz/corpus/text/{name}-{i}', 'w').write(para)
lines = [l for l in text.splitlines() if l.strip()]
for i in range(0, len(lines), 8):
    with open(f'fuzz/corpus/quantities/{name}-{i}', 'w') as out:
        for j, l in enumerate(lines[i:i + 8]):
            out.write(json.dumps({'id': j, 'input': l}, ensure_ascii=False) + '\n')
PY
done
cp fixtures/*.pdf fuzz/corpus/pdf/
# the content streams of the fixture PDFs' pages (content)
cargo run --release --quiet --example content_check -- --dump fuzz/corpus/content fixtures/*.pdf
# pdf-extract overflows its stack on this one in-process (the binary contains it in a
# worker; the pdf target runs our layer only, which must hold on it)
ls fuzz/corpus/*/ | wc -l
