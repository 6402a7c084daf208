#!/usr/bin/env python3
"""Inputs past the limits and output that cannot be written (issue 15, items 5 and 7): each gives
a clear message and an exit code, at once, never an abort or a silent success.

Usage: test_limits.py LIBAUDIT REPO_ROOT"""
import os
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
EX = os.path.join(ROOT, "examples", "grad", "eam-met")
failures = []


def run(args, stdout=subprocess.PIPE, timeout=60):
    p = subprocess.run([BIN] + args, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, (p.stdout or b"").decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def expect(name, result, code, needle):
    rc, out, err = result
    if rc != code or needle not in out + err:
        failures.append(f"{name}: exit {rc} (expected {code}), '{needle}' {'found' if needle in out + err else 'missing'}\n"
                        f"  stderr: {err[:300]}")


audit = ["check", "rules/ntue-eam", "--records", f"{EX}/transcript.csv", "--student", f"{EX}/student.csv", "--as-of", "113-2"]
if os.path.exists("/dev/full"):
    with open("/dev/full", "wb") as full:
        for lang, words in (("zh-TW", "無法寫出結果"), ("en", "could not be written")):
            expect(f"check > /dev/full ({lang})", run(audit + ["--lang", lang], stdout=full), 3, words)
        expect("lint > /dev/full", run(["lint", "rules/ntue-eam", "--lang", "en"], stdout=full), 3, "could not be written")
        expect("explain > /dev/full", run(["explain", "rules/ntue-eam/eam-mse-113.yaml", "--lang", "en"], stdout=full), 3,
               "could not be written")

if os.path.exists("/dev/zero"):
    expect("check --records /dev/zero", run(["check", "rules/ntue-eam", "--records", "/dev/zero", "--lang", "en"]), 2, "[R002]")
    expect("check --student /dev/zero",
           run(["check", "rules/ntue-eam", "--records", f"{EX}/transcript.csv", "--student", "/dev/zero", "--lang", "en"]), 2,
           "[R002]")
    expect("lint /dev/zero", run(["lint", "/dev/zero", "--lang", "en"]), 2, "[E001]")
    expect("batch --records /dev/zero",
           run(["batch", "rules/ntue-eam", "--records", "/dev/zero", "--profiles", f"{EX}/student.csv", "--lang", "en"]), 2,
           "[R007]")

with tempfile.TemporaryDirectory() as tmp:
    commas = os.path.join(tmp, "commas.csv")
    with open(commas, "w") as f:
        f.write("," * 20_000_000 + "\n")
    expect("a line of 20 million commas", run(["check", "rules/ntue-eam", "--records", commas, "--lang", "en"]), 2,
           "more than 10000 cells")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("limits: every case answered as expected")
