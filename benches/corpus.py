#!/usr/bin/env python3
"""CPU time of `report extract -f json` (tables included) against `pdftotext` on the
real corpus reports with a text layer (../shared/corpus/reports, where present).

CPU is user + system of the whole process tree (the PDF workers included), from
getrusage of the children; each tool reads every report once a round, and the figure
is the median of three rounds. Usage: benches/corpus.py [BIN] (default
target/release/report; build it with `cargo build --release` first).
"""
import glob
import os
import resource
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "target", "release", "report")
REPORTS = os.path.join(HERE, "..", "..", "shared", "corpus", "reports")


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def has_text(pdf):
    out = subprocess.run(["pdftotext", "-l", "3", pdf, "-"], capture_output=True).stdout
    return len(out.decode("utf-8", "replace").strip()) > 200


def main():
    files = sorted(f for f in glob.glob(os.path.join(REPORTS, "*.pdf")) if has_text(f))
    if not files:
        sys.exit("no corpus reports (../shared/corpus/reports) or no pdftotext")
    rounds = {"extract": [], "pdftotext": []}
    for _ in range(3):
        a = cpu()
        for f in files:
            subprocess.run([BIN, "extract", "-q", "-f", "json", f], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        b = cpu()
        for f in files:
            subprocess.run(["pdftotext", f, "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        c = cpu()
        rounds["extract"].append(b - a)
        rounds["pdftotext"].append(c - b)
    e, p = statistics.median(rounds["extract"]), statistics.median(rounds["pdftotext"])
    print(f"{len(files)} reports: extract {e:.2f} s CPU, pdftotext {p:.2f} s CPU, ratio {e / p:.2f} (median of 3 rounds)")


if __name__ == "__main__":
    main()
