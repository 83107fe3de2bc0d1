#!/usr/bin/env python3
"""How fast `report` is on real reports, against `pdftotext` on the same files.

Over every corpus report with a text layer (../shared/corpus/reports, where present):
  1. `report extract -f json` (tables included) and `pdftotext`, one process per
     report as a user runs them: CPU time (user + system of the whole process tree,
     the PDF workers included, from getrusage of the children) and wall time, each
     the median of ROUNDS rounds (default 3);
  2. CPU time by stage, from `report extract --timings` once per report, summed;
  3. `report extract` and `report text` on ~10 MB of report text (the seed report
     repeated; a fixture where ../shared is absent): MB per CPU second;
  4. one batch of all the reports (`report extract -f json FILE…`) on 1 and on 2
     threads (RAYON_NUM_THREADS): wall time, median of ROUNDS rounds (at least 7)
     taken by turns, and the range of the rounds' ratios.

Usage: benches/corpus.py [BIN] (default target/release/report; build it with
`cargo build --release` first). Needs pdftotext (poppler-utils) as the yardstick.
"""
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "target", "release", "report")
SHARED = os.path.join(HERE, "..", "..", "shared")
REPORTS = os.path.join(SHARED, "corpus", "reports")
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def usage():
    """(CPU seconds, of them the system's) of the children waited for so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime, r.ru_stime


def measure(cmd, env=None):
    """(CPU seconds, wall seconds) of one run of `cmd`, its output thrown away."""
    return measure_with_system(cmd, env)[:2]


def measure_with_system(cmd, env=None):
    """(CPU seconds, wall seconds, of the CPU seconds the system's) of one run of `cmd`."""
    (c, s), w = usage(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    (c1, s1), w1 = usage(), time.perf_counter()
    return c1 - c, w1 - w, s1 - s


def has_text(pdf):
    out = subprocess.run(["pdftotext", "-l", "3", pdf, "-"], capture_output=True).stdout
    return len(out.decode("utf-8", "replace").strip()) > 200


def median_runs(cmd, env=None):
    runs = [measure(cmd, env) for _ in range(ROUNDS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def per_report(files):
    print(f"{'report':44} {'extract CPU':>11} {'wall':>6} {'pdftotext CPU':>13} {'wall':>6} {'ratio':>6}")
    tot = [0.0, 0.0, 0.0, 0.0]
    for f in files:
        e = median_runs([BIN, "extract", "-q", "-f", "json", f])
        p = median_runs(["pdftotext", f, "-"])
        for i, v in enumerate(e + p):
            tot[i] += v
        print(f"{os.path.basename(f)[:44]:44} {e[0]:11.3f} {e[1]:6.3f} {p[0]:13.3f} {p[1]:6.3f} {e[0] / p[0]:6.2f}")
    print(f"{'all ' + str(len(files)) + ' reports':44} {tot[0]:11.3f} {tot[1]:6.3f} {tot[2]:13.3f} {tot[3]:6.3f} "
          f"{tot[0] / tot[2]:6.2f}")
    print(f"extract / pdftotext, CPU: {tot[0] / tot[2]:.2f}; wall: {tot[1] / tot[3]:.2f}")


def stages(files):
    totals = {}
    for f in files:
        err = subprocess.run([BIN, "extract", "--timings", "-f", "json", f], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE).stderr.decode()
        for line in err.splitlines():
            parts = line.strip().rsplit(None, 1)
            if len(parts) == 2 and not line.startswith("report:"):
                try:
                    totals[parts[0]] = totals.get(parts[0], 0.0) + float(parts[1])
                except ValueError:
                    pass
    total = totals.get("total", 0.0) or 1.0
    print("CPU seconds by stage, summed over the reports (report extract --timings):")
    for name, secs in totals.items():
        print(f"  {name:12} {secs:7.3f}  {100 * secs / total:5.1f}%")


def text_10mb(tmp):
    seed = os.path.join(SHARED, "seeds", "000_36ad174dc4a18480.txt")
    if not os.path.exists(seed):
        seed = os.path.join(HERE, "..", "fixtures", "ai-compute-2025.txt")
    chunk = open(seed, "rb").read()
    path = os.path.join(tmp, "ten.txt")
    with open(path, "wb") as out:
        n = 0
        while n < 10_000_000:
            out.write(chunk)
            n += len(chunk)
    mb = os.path.getsize(path) / 1e6
    for what in (["extract", "-q", "-f", "json"], ["text"]):
        c, w = median_runs([BIN] + what + [path])
        print(f"`{what[0]}` on {mb:.1f} MB of text: {c:.2f} s CPU, {w:.2f} s wall: {mb / c:.1f} MB per CPU second")


def batch(files):
    # the rounds on 1 and on 2 threads taken by turns, so that a change in the
    # machine's speed between them weighs on both alike; at least seven of each (a
    # round takes about a second, and on this machine one round's ratio ranges
    # from 0.5 to 1.0)
    runs = {1: [], 2: []}
    for _ in range(max(ROUNDS, 7)):
        for threads in (1, 2):
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            runs[threads].append(measure_with_system([BIN, "extract", "-q", "-f", "json"] + files, env))
    walls = {}
    for threads in (1, 2):
        c = statistics.median(r[0] for r in runs[threads])
        w = statistics.median(r[1] for r in runs[threads])
        sys_ = statistics.median(r[2] for r in runs[threads])
        walls[threads] = w
        print(f"batch of {len(files)} reports on {threads} thread(s): {w:.2f} s wall, {c:.2f} s CPU "
              f"(of which system {sys_:.2f} s)")
    pairs = list(zip(runs[1], runs[2]))
    each = sorted(two[1] / one[1] for one, two in pairs)
    print(f"2 threads / 1 thread, wall: {walls[2] / walls[1]:.2f} (round by round {each[0]:.2f}-{each[-1]:.2f})")
    # On a virtual machine whose memory the host takes back, a round now and then
    # spends several times the usual system time faulting pages in again; the
    # ratio of the rounds where neither run did, said apart (and said as such)
    least = min(r[2] for pair in pairs for r in pair)
    quiet = [two[1] / one[1] for one, two in pairs if max(one[2], two[2]) <= 2 * least + 0.02]
    if quiet:
        print(f"  the {len(quiet)} rounds where neither run's system time passed twice the least "
              f"({least:.2f} s) + 0.02 s: {statistics.median(quiet):.2f} (round by round "
              f"{min(quiet):.2f}-{max(quiet):.2f})")


def main():
    files = sorted(f for f in glob.glob(os.path.join(REPORTS, "*.pdf")) if has_text(f))
    if files:
        per_report(files)
        print()
        stages(files)
        print()
        batch(files)
        print()
    else:
        print("no corpus reports (../shared/corpus/reports): the 10 MB text only")
    with tempfile.TemporaryDirectory() as tmp:
        text_10mb(tmp)


if __name__ == "__main__":
    main()
