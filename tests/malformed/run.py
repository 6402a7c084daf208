#!/usr/bin/env python3
"""Runs the `libaudit` CLI over the malformed-input corpus (manifest.txt) and checks each file:

* the exit code is the one the manifest gives, in text and in --format json;
* no crash: no signal, no sanitizer report (the asan build runs this too);
* each expected diagnostic code is on stderr as [CODE] and among the JSON diagnostics, each expected
  checks rule id among the JSON violations (or flag code); a diagnostic names the file; the word
  `stderr` among the codes: something is written on stderr.

    run.py --bin BIN --root REPO [--kind KIND] [--manifest FILE] [--text-only]    (all kinds when no --kind)
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys

SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|terminate called")
DIAG_CODE = re.compile(r"^[A-Z]\d{3}$")


def manifest(path):
    kinds, command = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^\[([^\]]+)\]\s+(.*)$", line)
            if m:
                command = m.group(2)
                kinds.setdefault(m.group(1), [])
                current = m.group(1)
                continue
            parts = [p.strip() for p in line.split("|")]
            kinds[current].append((parts[0], int(parts[1]), [c for c in parts[2].split(",") if c],
                                   parts[3] if len(parts) > 3 else command))
    return kinds


def json_codes(doc):
    codes, located = set(), False
    for d in doc.get("diagnostics", []):
        codes.add(d.get("code"))
        located = located or bool(d.get("file"))
    codes |= {v.get("rule") for v in doc.get("violations", [])}
    codes |= {f.get("code") for f in doc.get("flags", [])}
    return codes, located


def check(binary, root, rel, exit_code, codes, command, formats=("text", "json")):
    args = [a.replace("{}", f"tests/malformed/{rel}") for a in shlex.split(command)]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    problems = []
    for fmt in formats:
        run_args = args + (["--format", "json"] if fmt == "json" else [])
        p = subprocess.run([binary] + run_args, cwd=root, capture_output=True, env=env, timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode < 0 or SANITIZER.search(err):
            problems.append(f"{fmt}: crashed (exit {p.returncode}):\n{err[-3000:]}")
            continue
        if p.returncode != exit_code:
            problems.append(f"{fmt}: exit {p.returncode}, expected {exit_code}\n{err[-1500:]}")
        if fmt == "text":
            if "stderr" in codes and not err.strip():
                problems.append("text: nothing on stderr")
            for c in codes:
                if DIAG_CODE.match(c) and f"[{c}]" not in err + out:
                    problems.append(f"text: [{c}] not in the output:\n{err[-1500:]}")
        else:
            try:
                doc = json.loads(out)
            except ValueError as e:
                problems.append(f"json: stdout is not JSON ({e}):\n{out[:500]}")
                continue
            found, located = json_codes(doc)
            missing = [c for c in codes if c not in found and c != "stderr"]
            if missing:
                problems.append(f"json: {','.join(missing)} missing; found {sorted(c for c in found if c)}")
            if any(DIAG_CODE.match(c) for c in codes) and not located:
                problems.append("json: no diagnostic names the file")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--kind")
    ap.add_argument("--manifest", help="default: tests/malformed/manifest.txt (file paths relative to tests/malformed)")
    ap.add_argument("--text-only", action="store_true",
                    help="run each file once, without --format json (the sanitized build: what the JSON holds "
                         "does not depend on the build, a crash would show in the text run)")
    o = ap.parse_args()
    kinds = manifest(o.manifest or os.path.join(o.root, "tests", "malformed", "manifest.txt"))
    todo = [entry for kind, files in kinds.items() if not o.kind or kind == o.kind for entry in files]
    count = len(todo)
    failed = 0
    # One file at a time per core (CTest runs the suite's tests one after another in CI).
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        formats = ("text",) if o.text_only else ("text", "json")
        results = pool.map(lambda e: (e, check(o.bin, o.root, *e, formats=formats)), todo)
        for (rel, exit_code, codes, _), problems in results:
            if problems:
                failed += 1
                print(f"FAIL {rel} (expected exit {exit_code}, {','.join(codes)})")
                for pr in problems:
                    print("  " + pr.replace("\n", "\n    "))
    print(f"{count - failed} of {count} malformed inputs handled as the manifest says")
    return 1 if failed or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
