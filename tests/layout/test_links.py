#!/usr/bin/env python3
"""What the library's folders call, not only what they include: every symbol a folder of
libaudit/src uses from another folder is defined in a folder below it in the order of
libaudit/CMakeLists.txt's source list, and families do not call each other. Read with `nm` from
the library's object files, so a call through a public header (libaudit/*.hpp, implemented in
some folder) counts as well. Usage: test_links.py NM OBJECT_LIST_FILE"""
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
nm, objects_file = sys.argv[1], sys.argv[2]
cmake = (ROOT / "libaudit" / "CMakeLists.txt").read_text(encoding="utf-8")
order = []
for f in re.findall(r"^\s+src/(\S+)$", cmake, re.M):
    d = str(Path(f).parent)
    if d not in order:
        order.append(d)
rank = {d: i for i, d in enumerate(order)}

objects = [o for o in Path(objects_file).read_text(encoding="utf-8").split(";") if o.strip()]
if not objects:
    sys.exit("no object files listed in " + objects_file)


def folder(obj):
    m = re.search(r"/src/(.+)/[^/]+\.o(bj)?$", obj)
    if not m or m.group(1) not in rank:
        sys.exit(f"{obj}: not in a folder of libaudit/src listed in CMake")
    return m.group(1)


defined = {}
undefined = defaultdict(set)
for obj in objects:
    where = folder(obj)
    out = subprocess.run([nm, "-C", obj], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        # Demangled names hold spaces: "<blank> U name" and "<address> <type> name".
        if m := re.match(r"\s+U (.+)$", line):
            undefined[where].add(m.group(1))
        elif m := re.match(r"[0-9a-f]+ ([TDBR]) (.+)$", line):  # global code and data, not weak/inline
            defined.setdefault(m.group(2), where)
if not defined or not undefined:
    sys.exit("nm printed no symbols that this test understands")
problems = []
edges = defaultdict(lambda: defaultdict(list))
for here, symbols in undefined.items():
    for s in symbols:
        there = defined.get(s)
        if there and there != here:
            edges[here][there].append(s)
for here in sorted(edges):
    for there, symbols in sorted(edges[here].items()):
        wrong = rank[there] > rank[here] or (here.startswith("families/") and there.startswith("families/"))
        if wrong:
            problems.append(f"{here} calls {there}, which is not below it: {', '.join(sorted(symbols)[:3])}")
if not any(edges.values()):
    problems.append("no call between folders found: the nm output was not understood")
for p in problems:
    print(p)
print(f"{len(objects)} objects; folders call only folders below them: "
      f"{'no' if problems else 'yes'} ({sum(len(v) for v in edges.values())} folder pairs linked)")
sys.exit(1 if problems else 0)
