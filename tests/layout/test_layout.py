#!/usr/bin/env python3
"""The library's folders form a layered stack: a folder of libaudit/src includes only folders
below it in the order of libaudit/CMakeLists.txt's source list (base, input, records, rules,
alloc, families/*, render, engine, ...), so the include graph between folders has no cycle and
families do not include each other. Every source file is listed in CMake, and every folder is
described in docs/architecture.md."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "libaudit" / "src"
cmake = (ROOT / "libaudit" / "CMakeLists.txt").read_text(encoding="utf-8")
listed = re.findall(r"^\s+src/(\S+)$", cmake, re.M)
order = []
for f in listed:
    d = str(Path(f).parent)
    if d not in order:
        order.append(d)
problems = []
on_disk = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*") if p.suffix in (".cpp", ".hpp"))
for f in on_disk:
    if f not in listed:
        problems.append(f"{f}: not in libaudit/CMakeLists.txt's source list")
rank = {d: i for i, d in enumerate(order)}
for f in on_disk:
    here = str(Path(f).parent)
    for inc in re.findall(r'^#include "([^"]+)"', (SRC / f).read_text(encoding="utf-8"), re.M):
        there = str(Path(inc).parent)
        if there not in rank:
            problems.append(f"{f}: includes {inc}, outside the listed folders")
        elif there != here and (rank[there] > rank[here] or
                                (here.startswith("families/") and there.startswith("families/"))):
            problems.append(f"{f} ({here}) includes {inc} ({there}), which is not below it")
arch = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
for d in order:
    if f"src/{d}/" not in arch:
        problems.append(f"docs/architecture.md does not describe libaudit/src/{d}/")
for p in problems:
    print(p)
print(f"{len(on_disk)} files in {len(order)} folders: {' < '.join(order)}")
sys.exit(1 if problems else 0)
