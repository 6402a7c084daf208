#!/usr/bin/env python3
"""Runs one `libaudit` CLI case and compares stdout, stderr and the exit code with a golden file.

    golden.py --bin BIN --root REPO --golden DIR --name NAME --exit N [--update] -- ARG...

An argument `@FILE` is replaced by the whitespace-separated arguments in FILE (relative to the
repo root), so example folders can keep their command in an `args` file. Output whose stdout is a
libaudit JSON document is also validated against docs/schema/result-1.schema.json (result-2 for
`--result-schema 2`, course-1.schema.json for `explain --course --format json`).
Set LIBAUDIT_UPDATE_GOLDEN=1 (or pass --update) to rewrite the golden file.
"""
import argparse
import difflib
import json
import os
import subprocess
import sys


def expand(args, root):
    out = []
    for a in args:
        if a.startswith("@"):
            with open(os.path.join(root, a[1:]), encoding="utf-8") as f:
                out.extend(f.read().split())
        else:
            out.append(a)
    return out


def validate(doc, root):
    import jsonschema  # Debian: python3-jsonschema

    urn = doc.get("schema") if isinstance(doc, dict) else None
    name = {"urn:libaudit:schema:result-2": "result-2", "urn:libaudit:schema:course-1": "course-1"}.get(urn, "result-1")
    with open(os.path.join(root, "docs", "schema", f"{name}.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.validate(doc, schema)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--golden", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--exit", type=int, required=True)
    p.add_argument("--update", action="store_true")
    p.add_argument("--status", help="also run with --format json and expect this status")
    p.add_argument("--flags", help="comma-separated flag codes that must appear in that JSON")
    p.add_argument("args", nargs=argparse.REMAINDER)
    o = p.parse_args()
    args = [a for a in o.args if a != "--"]
    args = expand(args, o.root)
    proc = subprocess.run([o.bin] + args, cwd=o.root, capture_output=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
    stdout = proc.stdout.decode("utf-8")
    stderr = proc.stderr.decode("utf-8")
    actual = f"$ libaudit {' '.join(args)}\n{stdout}--- stderr\n{stderr}--- exit {proc.returncode}\n"
    path = os.path.join(o.golden, o.name + ".out")
    failures = []
    if proc.returncode != o.exit:
        failures.append(f"exit code {proc.returncode}, expected {o.exit}")
    lines = stdout.splitlines()
    if len(lines) > 1 and all(line.startswith("{") for line in lines):  # JSON Lines (libaudit batch)
        try:
            for line in lines:
                validate(json.loads(line), o.root)
        except Exception as e:  # noqa: BLE001
            failures.append(f"a JSON line does not validate against the result schema: {e}")
    elif stdout.lstrip().startswith("{") and any(f'"schema": "urn:libaudit:schema:{v}"' in stdout for v in ("result-1", "result-2", "course-1")):
        try:
            validate(json.loads(stdout), o.root)
        except Exception as e:  # noqa: BLE001 - report any schema or parse failure
            failures.append(f"JSON output does not validate against the result schema: {e}")
    if o.status and o.status != "-":
        js = subprocess.run([o.bin] + args + ["--format", "json"], cwd=o.root, capture_output=True)
        try:
            doc = json.loads(js.stdout.decode("utf-8"))
            validate(doc, o.root)
            if doc.get("status") != o.status:
                failures.append(f"status {doc.get('status')}, expected {o.status}")
            codes = {f["code"] for f in doc.get("flags", [])} | {v["rule"] for v in doc.get("violations", [])}
            wanted = [] if o.flags in (None, "", "-") else o.flags.split(",")
            for flag in wanted:
                if flag not in codes:
                    failures.append(f"flag {flag} missing; flags are {sorted(codes)}")
        except Exception as e:  # noqa: BLE001
            failures.append(f"JSON run failed: {e}")
    if o.update or os.environ.get("LIBAUDIT_UPDATE_GOLDEN") == "1":
        with open(path, "w", encoding="utf-8") as f:
            f.write(actual)
    else:
        try:
            with open(path, encoding="utf-8") as f:
                expected = f.read()
        except FileNotFoundError:
            expected = ""
            failures.append(f"no golden file {path} (run with LIBAUDIT_UPDATE_GOLDEN=1 to create it)")
        if expected and expected != actual:
            diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "actual")
            failures.append("output differs from the golden file:\n" + "".join(diff))
    if failures:
        print(actual)
        print("\n".join(failures))
        return 1
    print(f"ok: {o.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
