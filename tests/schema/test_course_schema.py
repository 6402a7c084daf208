#!/usr/bin/env python3
"""docs/schema/course-1.schema.json describes `libaudit explain --course --format json`.

    test_course_schema.py        (run from anywhere; paths are relative to the repo root)

a. every CLI golden (tests/data/golden/cli/*.out) whose stdout declares
   "urn:libaudit:schema:course-1" is valid against the schema (the goldens cover a course alone,
   one the student would take, one that counts nowhere);
b. documents the renderer (libaudit/src/families/programme/course_render.cpp) never writes are
   rejected: an unknown key, a missing required key, an unknown state, a `nowhere` placement with a
   requirement, a counted placement without `planned`, an attempt with both a requirement and a reason.
(tests/cli/golden.py also validates the live output of each such case against the schema.)
Exits 1 on any failure. Needs Debian's python3-jsonschema.
"""
import copy
import json
import sys
from pathlib import Path

try:
    import jsonschema  # Debian: python3-jsonschema
except ImportError:  # pragma: no cover
    print("cannot import jsonschema: install python3-jsonschema (bash .ci/install-deps)")
    sys.exit(2)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "schema" / "course-1.schema.json"
GOLDEN = ROOT / "tests" / "data" / "golden" / "cli"
URN = '"schema": "urn:libaudit:schema:course-1"'

failures = []


def golden_documents():
    """(name, document) for every golden whose stdout is a course-1 document."""
    out = []
    for path in sorted(GOLDEN.glob("*.out")):
        text = path.read_text(encoding="utf-8")
        if URN not in text:
            continue
        stdout = text.split("\n", 1)[1].split("--- stderr", 1)[0]  # line 1 is "$ libaudit ..."
        out.append((path.name, json.loads(stdout)))
    return out


def check(validator, name, doc, valid):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if valid and errors:
        failures.append(f"{name}: rejected: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:3]))
    elif not valid and not errors:
        failures.append(f"{name}: accepted, should be rejected")
    print(f"{'ok' if (not errors) == valid else 'FAIL'}  {name} ({'valid' if valid else 'invalid'})")


def invalid_variants(docs):
    """Mutations of the goldens that the renderer never writes."""
    by_state = {d.get("student", {}).get("state", "none"): d for _, d in docs}
    plain, would, nowhere = by_state["none"], by_state["would_count"], by_state["nowhere"]
    out = []

    def variant(name, base, change):
        d = copy.deepcopy(base)
        change(d)
        out.append((name, d))

    variant("unknown top-level key", plain, lambda d: d.update(extra=1))
    variant("other schema", plain, lambda d: d.update(schema="urn:libaudit:schema:result-1"))
    variant("no accepting", plain, lambda d: d.pop("accepting"))
    variant("in framework without credits", plain, lambda d: d["course"].pop("credits"))
    variant("outside framework with a title", nowhere, lambda d: d["course"].update(title="x"))
    variant("accepting without when_ticked", plain, lambda d: d["accepting"][0].pop("when_ticked"))
    variant("unknown state", would, lambda d: d["student"].update(state="maybe"))
    variant("unknown status", would, lambda d: d["student"].update(status="done"))
    variant("would_count without requirement", would, lambda d: d["student"].pop("requirement"))
    variant("would_count with planned", would, lambda d: d["student"].update(planned=False))
    variant("nowhere with a requirement", nowhere, lambda d: d["student"].update(requirement="total"))
    variant("nowhere without reason", nowhere, lambda d: d["student"].pop("reason"))
    variant("counted without planned", would, lambda d: d["student"].update(state="counted"))
    variant("attempt with requirement and reason", nowhere,
            lambda d: d["student"]["attempts"][0].update(requirement="total"))
    variant("record with a bad term", nowhere, lambda d: d["student"]["attempts"][0]["record"].update(term="fall"))
    variant("record planned false", nowhere, lambda d: d["student"]["attempts"][0]["record"].update(planned=False))
    return out


def main():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    docs = golden_documents()
    states = {d.get("student", {}).get("state", "none") for _, d in docs}
    if not {"none", "would_count", "nowhere"} <= states:
        failures.append(f"the goldens no longer cover a course alone, would_count and nowhere: {sorted(states)}")
        docs_ok = False
    else:
        docs_ok = True
    for name, doc in docs:
        check(validator, name, doc, True)
    if docs_ok:
        for name, doc in invalid_variants(docs):
            check(validator, name, doc, False)
    for f in failures:
        print("FAIL", f)
    print(f"{len(docs)} goldens, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
