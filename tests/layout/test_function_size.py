#!/usr/bin/env python3
"""No function of the library, the CLI, the service or the Python module runs over 80 lines unless a comment
says why (and silences clang-tidy's readability-function-size there with NOLINTNEXTLINE): long
functions are broken into named steps. Usage: test_function_size.py CLANG_TIDY BUILD_DIR"""
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
clang_tidy, build_dir = sys.argv[1], sys.argv[2]
files = sorted(str(p) for d in ("libaudit/src", "cli", "serve", "bindings/python") for p in (ROOT / d).rglob("*.cpp"))
config = "{CheckOptions: [{key: readability-function-size.LineThreshold, value: 80}]}"


def run(path):
    r = subprocess.run([clang_tidy, "-p", build_dir, "--quiet", "-checks=-*,readability-function-size",
                        "-config=" + config, "--extra-arg=-Wno-ignored-optimization-argument", path], capture_output=True, text=True)
    return path, r.returncode, r.stdout


problems = []
with ThreadPoolExecutor(max_workers=2) as pool:
    for path, rc, out in pool.map(run, files):
        if rc != 0:
            problems.append(f"{path}: clang-tidy failed ({rc}):\n{out}")
        problems += [line for line in out.splitlines() if "readability-function-size" in line]
for p in problems:
    print(p)
print(f"{len(files)} files; functions over 80 lines without a reason: {len(problems)}")
sys.exit(1 if problems else 0)
