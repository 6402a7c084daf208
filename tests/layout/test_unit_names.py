#!/usr/bin/env python3
"""Every doctest case runs under CTest: doctest_discover_tests hands the names to CMake as a list, so
a ';' in a TEST_CASE name splits it and the case silently never runs there (21 did, until a
ThreadSanitizer run of the whole binary caught two stale ones). No name may hold a ';'."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
bad = []
for path in sorted((ROOT / "tests" / "unit").rglob("*.cpp")):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.search(r'TEST_CASE\("((?:[^"\\]|\\.)*)"', line)
        if m and ";" in m.group(1):
            bad.append(f"{path.relative_to(ROOT)}:{number}: ';' in the test name: {m.group(1)}")
for b in bad:
    print(b)
print(f"{len(bad)} test names with ';'")
sys.exit(1 if bad else 0)
