#!/usr/bin/env python3
"""Every unit test that starts threads is in the ThreadSanitizer program (concurrency_tests, the tsan
preset's target): a test file that names a thread or one of the library's parallel entry points
(audit_many, audit_stream, audit_stream_twice, a `jobs` setting) must be among the files given.
Usage: test_tsan_tests.py FILE... (the TSAN_UNIT_TESTS list of tests/CMakeLists.txt)"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THREADS = re.compile(r"std::thread|std::async|std::jthread|\baudit_many\b|\baudit_stream(_twice)?\b|\.jobs\s*=")
listed = {Path(f).resolve() for f in sys.argv[1:]}
missing = []
for path in sorted((ROOT / "tests" / "unit").rglob("*.cpp")):
    text = path.read_text(encoding="utf-8")
    if THREADS.search(text) and path.resolve() not in listed:
        missing.append(path.relative_to(ROOT))
for m in missing:
    print(f"{m}: starts threads but is not in TSAN_UNIT_TESTS (tests/CMakeLists.txt), so ThreadSanitizer never runs it")
print(f"{len(listed)} files in the ThreadSanitizer program; unit tests that start threads left out: {len(missing)}")
sys.exit(1 if missing else 0)
