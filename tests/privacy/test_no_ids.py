#!/usr/bin/env python3
"""No full national ID or resident certificate number leaves the CLI unless --unmask-ids.

Runs every CLI golden case (tests/cli/cases.txt) and every bundled example
(examples/*/expected.tsv) in every output format of its command (check: text, json, html; lint: text, json;
batch: jsonl, csv, html) and in both languages (--lang zh-TW, --lang en), and fails when stdout, stderr
or a batch --out file holds an ID-shaped whole token: a capital letter, then 1, 2, 8, 9 or A-D, then
eight digits (checksum or not), as libaudit::mask_ids_in_text finds them. A case given
--unmask-ids is run both with it (IDs may show: not checked) and without it (checked).
`generate` is left out: writing synthetic records with IDs is what it is for.

    test_no_ids.py BIN REPO_ROOT
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ID = re.compile(r"(?<![A-Za-z0-9])[A-Z][1289A-D][0-9]{8}(?![A-Za-z0-9])")
FORMATS = {"check": ["text", "json", "html"], "lint": ["text", "json"], "batch": ["jsonl", "csv", "html"]}
WITH_VALUE = {"--format", "-f", "--lang", "--out", "-o"}


def expand(args, root):
    out = []
    for a in args:
        if a.startswith("@"):
            out.extend((root / a[1:]).read_text(encoding="utf-8").split())
        else:
            out.append(a)
    return out


def strip_output_options(args):
    """The case's arguments without format, language, output file and --unmask-ids."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in WITH_VALUE:
            skip = True
        elif a == "--unmask-ids" or any(a.startswith(o + "=") for o in WITH_VALUE):
            pass
        else:
            out.append(a)
    return out


def cases(root):
    for line in (root / "tests" / "cli" / "cases.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _exit, args = (part.strip() for part in line.split("|", 2))
        yield "cli." + name, expand(shlex.split(args), root)
    for table in sorted((root / "examples").glob("*/expected.tsv")):
        folder = table.parent.name
        for line in table.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            args = cols[4].replace("$E", "examples/" + folder)
            yield f"example.{folder}.{cols[0]}", ["check"] + expand(shlex.split(args), root)


def run(binary, root, args):
    """stdout + stderr (+ the --out file of a batch) of one run."""
    with tempfile.TemporaryDirectory() as tmp:
        out_file = Path(tmp) / "out"
        if args and args[0] == "batch":
            args = args + ["--out", str(out_file)]
        proc = subprocess.run([binary] + args, cwd=root, capture_output=True, stdin=subprocess.DEVNULL,
                              env=dict(os.environ, LC_ALL="C.UTF-8"), timeout=120)
        text = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
        if out_file.exists():
            text += out_file.read_text(encoding="utf-8", errors="replace")
        return text


def main():
    binary, root = sys.argv[1], Path(sys.argv[2]).resolve()
    failures, runs = [], 0
    for name, args in cases(root):
        command = args[0] if args else ""
        if command == "generate":
            continue
        base = strip_output_options(args)
        unmasked = "--unmask-ids" in args
        for fmt in FORMATS.get(command, [None]):
            for lang in ("zh-TW", "en"):
                variant = list(base)
                if command in ("check", "lint", "batch", "test", "explain"):
                    variant += ["--lang", lang]
                if fmt:
                    variant += ["--format", fmt]
                runs += 1
                found = sorted(set(ID.findall(run(binary, root, variant))))
                if found:
                    failures.append(f"{name}: libaudit {' '.join(variant)}: {' '.join(found)}")
                if unmasked:  # still works with the flag (IDs may show)
                    run(binary, root, variant + ["--unmask-ids"])
    for f in failures:
        print("full ID in output:", f)
    print(f"{runs} runs, {len(failures)} with a full national ID or resident certificate number")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
