#!/bin/sh
# Renders a report's XLSX and CSV through LibreOffice headless to PNG, to look at
# what an analyst sees when opening them (issue 13). Needs soffice (Debian:
# libreoffice-calc-nogui or libreoffice-writer-nogui) and a CJK font (fonts-wqy-microhei).
#
#   benches/render_office.sh REPORT.pdf [OUTDIR]    (default OUTDIR: target/office)
#
# Writes OUTDIR/facts.xlsx, OUTDIR/facts.csv and PNGs of their first printed page (the
# workbook's first sheet, market_size; the CSV as Calc opens it, UTF-8, comma-separated),
# by way of LibreOffice's PDF export and pdftoppm (poppler-utils; Calc has no PNG export
# of a whole sheet).
set -eu
report=${1:?usage: benches/render_office.sh REPORT [OUTDIR]}
out=${2:-target/office}
bin=${REPORT_BIN:-target/release/report}
for tool in soffice pdftoppm; do
  command -v $tool >/dev/null || { echo "render_office: $tool is not installed: skipped" >&2; exit 0; }
done
mkdir -p "$out"
rm -f "$out/facts.xlsx" "$out/facts.csv" "$out"/facts*.png
"$bin" extract "$report" -o "$out/facts.xlsx"
"$bin" extract "$report" -f csv -o "$out/facts.csv"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# a profile of its own: no clash with a running LibreOffice
office() { soffice -env:UserInstallation=file://"$profile" --headless "$@" >/dev/null 2>&1; }
office --convert-to pdf --outdir "$profile" "$out/facts.xlsx"
pdftoppm -png -r 150 -f 1 -l 1 -singlefile "$profile/facts.pdf" "$out/facts-xlsx"
# CSV import: comma (44), double quote (34), UTF-8 (76), from line 1
office --infilter="CSV:44,34,76,1" --convert-to pdf --outdir "$profile" "$out/facts.csv"
pdftoppm -png -r 150 -f 1 -l 1 -singlefile "$profile/facts.pdf" "$out/facts-csv"
ls -l "$out"/facts-xlsx.png "$out"/facts-csv.png
