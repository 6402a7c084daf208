"""Exceptions (issue 18 item 4, docs/exceptions.md) through the Python API: the same file and facts as
the CLI's example (examples/exceptions), exceptions read from text, and a bad file."""
import json

import pytest

import libaudit
from conftest import ROOT, run_cli

EX = ROOT / "examples/exceptions/eam-substitute"


def test_check_with_an_exceptions_file_is_the_cli_result():
    r = libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                       exceptions=EX / "exceptions.yaml")
    assert r.status == "met"
    assert "exception_applied" in [f.code for f in r.flags]
    doc = r.to_dict()
    assert [(e["id"], e["kind"], e["outcome"]) for e in doc["exceptions"]] == [("EX-2025-021", "substitute", "applied")]
    code, out, _ = run_cli("check", "rules/ntue-eam", "--records", str(EX / "transcript.csv"), "--student",
                           str(EX / "student.csv"), "--as-of", "113-2", "--exceptions", str(EX / "exceptions.yaml"),
                           "--format", "json")
    assert code == 0
    assert json.loads(out)["exceptions"] == doc["exceptions"]


def test_exceptions_from_text_into_audit():
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    found = libaudit.parse_exceptions(
        'exceptions:\n  - {id: W1, student: "211271003", kind: waive, requirement: domain.innovation,'
        ' author: A, date: 2025-06-10, reason: R}\n', "w.yaml", rules)
    assert [(e.id, e.kind, e.requirement, libaudit.format_date(e.date)) for e in found] == [
        ("W1", "waive", "domain.innovation", "2025-06-10")]
    grad = ROOT / "examples/grad/eam-not-met-domain"
    subject = libaudit.group_subjects(libaudit.read_records(grad / "transcript.csv"),
                                      libaudit.read_profiles(grad / "student.csv"))[0]
    assert libaudit.audit(rules, subject, as_of="113-2").status == "not_met"
    assert libaudit.audit(rules, subject, as_of="113-2", exceptions=found).status == "met"


def test_a_bad_file_is_an_input_error_with_located_problems():
    with pytest.raises(libaudit.InputError) as e:
        libaudit.read_exceptions(ROOT / "tests/data/exceptions/bad.yaml")
    codes = [d.code for d in e.value.diagnostics]
    assert "X001" in codes and "X003" in codes
    assert all(d.where.line > 0 for d in e.value.diagnostics)
