"""Shared fixtures of the Python tests. They reuse the C++ tests' data: examples/grad (and its
expected.tsv), tests/data/cohort, tests/data/lint and the golden files; nothing is copied.

CTest sets PYTHONPATH (the built package), LIBAUDIT_SOURCE_DIR and LIBAUDIT_CLI (the CLI binary).
"""
import os
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("LIBAUDIT_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("LIBAUDIT_CLI", str(ROOT / "build/release/cli/libaudit"))


EXAMPLE_FOLDERS = sorted(p.parent.name for p in (ROOT / "examples").glob("*/expected.tsv"))


def example_cases():
    """(folder/case, exit code, arguments after `libaudit check`) of every line of every
    examples/*/expected.tsv ($E is the example's folder)."""
    cases = []
    for folder in EXAMPLE_FOLDERS:
        for line in (ROOT / "examples" / folder / "expected.tsv").read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            case, exit_code, _status, _flags, args = line.split("\t")
            cases.append((f"{folder}/{case}", int(exit_code), shlex.split(args.replace("$E", f"examples/{folder}"))))
    return cases


def check_kwargs(args):
    """`libaudit check` arguments as (rules, records, student, keyword arguments of libaudit.check,
    report language)."""
    rules, rest = args[0], args[1:]
    records = student = None
    kwargs = {}
    lang = None
    i = 0
    while i < len(rest):
        option = rest[i]
        if option == "--select":
            i += 1
            selected = []
            while i < len(rest) and not rest[i].startswith("--"):
                selected.append(rest[i])
                i += 1
            kwargs["selected"] = selected
            continue
        value = rest[i + 1]
        if option == "--records":
            records = value
        elif option == "--student":
            student = value
        elif option == "--as-of":
            kwargs["as_of"] = value
        elif option == "--encoding":
            kwargs["encoding"] = value
        elif option == "--id":
            kwargs["id"] = value
        elif option == "--exceptions":
            kwargs["exceptions"] = value
        elif option == "--plan":
            kwargs["plan"] = value
        elif option == "--as-entry-year":
            kwargs["as_entry_year"] = int(value)
        elif option == "--rule-set":
            kwargs["rule_set"] = value
        elif option == "--data":
            kwargs.setdefault("data", []).append(value)
        elif option == "--lang":
            lang = value
        else:
            raise AssertionError(f"option {option} not mapped to libaudit.check")
        i += 2
    return rules, records, student, kwargs, lang


def run_cli(*args):
    """Runs the CLI in the source folder: (exit code, stdout, stderr)."""
    p = subprocess.run([CLI, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    return p.returncode, p.stdout, p.stderr


@pytest.fixture
def in_root(monkeypatch):
    """Runs the test in the source folder, so relative paths are those of the CLI tests."""
    monkeypatch.chdir(ROOT)
    return ROOT
