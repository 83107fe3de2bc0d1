#!/usr/bin/env python3
"""Writes data/cid/<Ordering>.u16: for each of Adobe's CJK character collections
(GB1, CNS1, Japan1, Korea1), the Unicode character of each CID as a little-endian
u16 (0 where none, or where it lies beyond the BMP), read from Adobe's
Adobe-<Ordering>-UCS2 CMaps (BSD-3-Clause, see LICENSE-Adobe.txt beside this file).

The text layer uses them for CID fonts that carry no ToUnicode map (the codes of
Identity-H/V are CIDs). Debian's poppler-data ships the CMaps:
apt-get install poppler-data; python3 data/cid/make_tables.py
"""
import re
import struct
from pathlib import Path

SRC = Path("/usr/share/poppler/cMap")
HERE = Path(__file__).parent
HEX = re.compile(r"<([0-9a-fA-F]+)>")


def first_unit(dst: str) -> int:
    unit = int(dst[:4], 16)
    return 0 if 0xD800 <= unit <= 0xDFFF else unit


def table(ordering: str) -> list:
    text = (SRC / f"Adobe-{ordering}" / f"Adobe-{ordering}-UCS2").read_text(encoding="latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for line in block.strip().splitlines():
            h = HEX.findall(line)
            if len(h) == 2:
                out[int(h[0], 16)] = first_unit(h[1])
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            h = HEX.findall(line)
            if "[" in line:
                lo = int(h[0], 16)
                for i, dst in enumerate(h[2:]):
                    out[lo + i] = first_unit(dst)
            elif len(h) == 3:
                lo, hi, dst = int(h[0], 16), int(h[1], 16), int(h[2][:4], 16)
                for cid in range(lo, hi + 1):
                    out[cid] = dst + (cid - lo)
    size = max(out) + 1
    return [out.get(cid, 0) for cid in range(size)]


if __name__ == "__main__":
    for ordering in ("GB1", "CNS1", "Japan1", "Korea1"):
        units = table(ordering)
        (HERE / f"{ordering}.u16").write_bytes(struct.pack(f"<{len(units)}H", *units))
        print(ordering, len(units), "CIDs")
