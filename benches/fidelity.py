#!/usr/bin/env python3
"""Han-character fidelity of the PDF text engines against pdftotext.

For each PDF given: the share of pdftotext's Han characters (as a multiset) that an
engine also gives, and its excess (Han characters beyond pdftotext's count: duplicated
or invented text), for pdf-extract alone (`examples/pdf_extract`), our lopdf layer
alone (`examples/layer`) and `report text` (the engines as the product chains them, in
worker processes).

Needs poppler-utils (pdftotext) and `cargo build --release --examples`.
Usage: python3 benches/fidelity.py FILE.pdf...   (prints a TSV and the aggregates)
"""
import collections
import subprocess
import sys

ENGINES = {
    "pdf-extract": ["target/release/examples/pdf_extract"],
    "layer": ["target/release/examples/layer"],
    "report": ["target/release/report", "text"],
}


def han(text):
    return collections.Counter(c for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")


def run(cmd, timeout=60):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return ""


def main(files):
    totals = {e: [0, 0] for e in ENGINES}  # matched, excess
    ref_total = 0
    print("file\tpdftotext_han\t" + "\t".join(f"{e}_share\t{e}_excess" for e in ENGINES))
    for f in files:
        ref = han(run(["pdftotext", "-q", f, "-"]))
        n = sum(ref.values())
        row = [f.split("/")[-1], str(n)]
        ref_total += n
        for e, cmd in ENGINES.items():
            got = han(run(cmd + [f]))
            matched = sum(min(got[c], k) for c, k in ref.items())
            excess = sum(max(0, k - ref[c]) for c, k in got.items())
            totals[e][0] += matched
            totals[e][1] += excess
            row += [f"{matched / n:.3f}" if n else "-", f"{excess / n:.3f}" if n else "-"]
        print("\t".join(row))
    if ref_total:
        print("ALL\t" + str(ref_total) + "\t" + "\t".join(
            f"{m / ref_total:.3f}\t{x / ref_total:.3f}" for m, x in totals.values()))


if __name__ == "__main__":
    main(sys.argv[1:])
