#!/usr/bin/env python3
"""docs/schema/plan-1.schema.json describes a planned-courses file (JSON or YAML) of a what-if audit.

    test_plan_schema.py LIBAUDIT      (run from anywhere; paths are relative to the repo root)

a. every JSON and YAML plan under examples/ and tests/data/what-if/ is valid against the schema
   exactly when the reader finds nothing a schema can see: the files the CLI reads without error,
   and those whose only problem is one no schema can check (a course the rules do not have, P004);
   the others (a grade, an unknown key, a missing term, a wrong shape) are rejected by both;
b. the record's keys are the transcript's: the [records] names and aliases of libaudit/data/columns.txt;
c. `libaudit schema plan` prints the file;
d. documents the reader rejects are rejected: an unknown key, a grade with a value, no credits, a
   top-level object with another key than `records`.
Exits 1 on any failure. Needs Debian's python3-jsonschema and python3-yaml.
"""
import copy
import json
import subprocess
import sys
from pathlib import Path

try:
    import jsonschema  # Debian: python3-jsonschema
    import yaml  # Debian: python3-yaml
except ImportError:  # pragma: no cover
    print("cannot import jsonschema or yaml: install python3-jsonschema python3-yaml (bash .ci/install-deps)")
    sys.exit(2)

BIN = sys.argv[1]
ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "schema" / "plan-1.schema.json"
E = "examples/what-if/eam-plan"
failures = []


def load(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=yaml.BaseLoader)


def reader_codes(path):
    """The diagnostic codes `libaudit check` gives for the plan (empty: read and applied)."""
    r = subprocess.run([BIN, "check", "rules/ntue-eam", "--records", f"{E}/transcript.csv", "--student",
                        f"{E}/student.csv", "--as-of", "113-2", "--plan", str(path), "--lang", "en"],
                       cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 2:
        return set()
    return {part.split("]")[0] for part in r.stderr.split("error[")[1:]}


def check(validator, name, doc, valid):
    errors = list(validator.iter_errors(doc))
    ok = (not errors) == valid
    if not ok:
        failures.append(f"{name}: {'rejected: ' + errors[0].message if errors else 'accepted, should be rejected'}")
    print(f"{'ok' if ok else 'FAIL'}  {name} ({'valid' if valid else 'invalid'})")


schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

# a. the plan files against the reader
plans = sorted([p for p in (ROOT / "tests" / "data" / "what-if").iterdir()
                if p.suffix in (".json", ".yaml", ".yml") and not p.name.startswith("syntax")] +
               [p for p in (ROOT / "examples").rglob("plan.*") if p.suffix in (".json", ".yaml", ".yml")])
if len(plans) < 5:
    failures.append(f"only {len(plans)} JSON/YAML plan files found: {plans}")
for path in plans:
    codes = reader_codes(path.relative_to(ROOT))
    check(validator, str(path.relative_to(ROOT)) + f" (reader: {sorted(codes) or 'ok'})", load(path),
          not (codes - {"P004"}))

# b. the keys are the transcript's
names, section = set(), None
for line in (ROOT / "libaudit" / "data" / "columns.txt").read_text(encoding="utf-8").splitlines():
    line = line.strip()
    if line.startswith("["):
        section = line.strip("[]")
    elif section == "records" and "=" in line and not line.startswith("#"):
        key, aliases = line.split("=", 1)
        names |= {key.strip()} | {a.strip() for a in aliases.split(",") if a.strip()}
keys = set(schema["$defs"]["record"]["properties"])
if keys != names:
    failures.append(f"record keys differ from columns.txt: schema only {sorted(keys - names)}, columns only {sorted(names - keys)}")

# c. built into the program
printed = subprocess.run([BIN, "schema", "plan"], capture_output=True, text=True).stdout
if json.loads(printed) != schema:
    failures.append("`libaudit schema plan` does not print docs/schema/plan-1.schema.json")

# d. variants the reader rejects
good = [{"code": "EAM6302", "term": "114-1", "credits": 2}, {"科目代碼": "EAM6303", "學年期": "1141", "學分": "2"}]
check(validator, "a list of records", good, True)
check(validator, "records: the list", {"records": good}, True)
for name, change in (
        ("an unknown key", lambda d: d[0].__setitem__("備註", "x")),
        ("a grade", lambda d: d[0].__setitem__("grade", "A")),
        ("no credits", lambda d: d[1].pop("學分")),
        ("no code", lambda d: d[0].pop("code")),
        ("a top-level key besides records", lambda d: d)):
    doc = copy.deepcopy(good)
    change(doc)
    if name.startswith("a top-level"):
        doc = {"records": doc, "profile": {}}
    check(validator, name, doc, False)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
