#!/usr/bin/env python3
"""CLI conventions (issue 21 items 5 and 6) that a golden case cannot show: `-` reads standard input
for --records, --student, --profiles and --data, the same bytes as from the file; standard input for
two files is a usage error; `batch` on a terminal without --out writes the summary, not JSON Lines;
`test --junit` writes JUnit XML agreeing with the summary.

Usage: test_conventions.py LIBAUDIT REPO_ROOT"""
import os
import pty
import subprocess
import sys

BIN, ROOT = sys.argv[1], sys.argv[2]
GRAD = os.path.join(ROOT, "examples", "grad")
failures = []


def run(args, stdin=None, stdout=subprocess.PIPE):
    p = subprocess.run([BIN] + args, cwd=ROOT, input=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout or b"", p.stderr.decode("utf-8", "replace")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def same(name, from_file, from_stdin):
    if from_file[:2] != from_stdin[:2]:
        failures.append(f"{name}: file gives exit {from_file[0]}, stdin exit {from_stdin[0]}\n  {from_stdin[2][:300]}")
    elif from_file[1] != from_stdin[1]:
        failures.append(f"{name}: standard input gives other output than the file")


met = f"{GRAD}/eam-met"
common = ["rules/ntue-eam", "--as-of", "113-2", "--format", "json"]
same("check --records -",
     run(["check", *common, "--records", f"{met}/transcript.csv", "--student", f"{met}/student.csv"]),
     run(["check", *common, "--records", "-", "--student", f"{met}/student.csv"], read(f"{met}/transcript.csv")))
same("check --student -",
     run(["check", *common, "--records", f"{met}/transcript.csv", "--student", f"{met}/student.csv"]),
     run(["check", *common, "--records", f"{met}/transcript.csv", "--student", "-"], read(f"{met}/student.csv")))
big5 = f"{GRAD}/eam-big5"
same("check --records - (Big5)",
     run(["check", *common, "--encoding", "big5", "--records", f"{big5}/transcript.big5.csv", "--student",
          f"{big5}/student.big5.csv"]),
     run(["check", *common, "--encoding", "big5", "--records", "-", "--student", f"{big5}/student.big5.csv"],
         read(f"{big5}/transcript.big5.csv")))
batch = ["batch", "rules/ntue-eam", "--as-of", "113-2"]
same("batch --records -",
     run([*batch, "--records", f"{met}/transcript.csv", "--profiles", f"{met}/student.csv"]),
     run([*batch, "--records", "-", "--profiles", f"{met}/student.csv"], read(f"{met}/transcript.csv")))
same("batch --profiles -",
     run([*batch, "--records", f"{met}/transcript.csv", "--profiles", f"{met}/student.csv"]),
     run([*batch, "--records", f"{met}/transcript.csv", "--profiles", "-"], read(f"{met}/student.csv")))
attendees = os.path.join(ROOT, "examples", "attendees", "研習教師資料.xml")
rule = "rules/tw-inservice-organiser/attendee-list.yaml"
file_result = run(["check", rule, "--data", attendees, "--format", "json"])
stdin_result = run(["check", rule, "--data", "-", "--format", "json"], read(attendees))
# The dataset is named after its file; from standard input it is "-": the verdict is the same.
for needle in (b'"status": "not_met"', b'"attendee-once"'):
    if needle not in stdin_result[1] or needle not in file_result[1] or stdin_result[0] != file_result[0]:
        failures.append(f"check --data -: {needle!r} or the exit code differs from the file's")

rc, out, err = run(["check", "rules/ntue-eam", "--records", "-", "--student", "-"], b"")
if rc != 2 or "U001" not in err:
    failures.append(f"standard input twice: exit {rc}, expected 2 with U001\n  {err[:300]}")

# batch on a terminal: no JSON Lines, the note and the closing summary on standard error.
leader, follower = pty.openpty()
try:
    rc, _, err = run([*batch, "--records", f"{met}/transcript.csv", "--profiles", f"{met}/student.csv"], stdout=follower)
finally:
    os.close(follower)
shown = b""
while True:
    try:
        chunk = os.read(leader, 65536)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
os.close(leader)
if rc != 0 or b'"status"' in shown or "--out" not in err:
    failures.append(f"batch on a terminal: exit {rc}, {len(shown)} bytes on the terminal, note {'--out' in err}\n  {err[:300]}")

# libaudit test --junit: the JUnit XML CI systems read, with the same counts as the summary.
import tempfile
import xml.etree.ElementTree as ElementTree
with tempfile.TemporaryDirectory() as tmp:
    report = os.path.join(tmp, "junit.xml")
    rc, out, err = run(["test", "tests/data/ruletest", "--junit", report, "--lang", "en"])
    summary = out.decode().strip().splitlines()[-1]
    root = ElementTree.parse(report).getroot()
    cases = root.findall("./testsuite/testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    expected = f"{len(cases) - len(failed)} passed, {len(failed)} failed"
    if rc != 1 or summary != expected or root.get("failures") != str(len(failed)) or not failed:
        failures.append(f"test --junit: exit {rc}, summary '{summary}', XML says {root.attrib} with {len(failed)} failures")
    elif not failed[0].find("failure").get("message"):
        failures.append("test --junit: a failure without a message")

# libaudit schema NAME prints the schema file byte for byte, its $id a name, not a web address.
for name in ("rules", "result", "ruletest"):
    rc, out, err = run(["schema", name])
    if rc != 0 or out != read(os.path.join(ROOT, "docs", "schema", f"{name}-1.schema.json")):
        failures.append(f"schema {name}: exit {rc} or other bytes than docs/schema/{name}-1.schema.json")
    elif f'"$id": "urn:libaudit:schema:{name}-1"'.encode() not in out:
        failures.append(f"schema {name}: $id is not urn:libaudit:schema:{name}-1")

for f in failures:
    print("FAILED:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
