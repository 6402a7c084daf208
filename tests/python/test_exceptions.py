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


def example_cases(folder):
    """(case, exit, status, arguments after `check`) of an examples folder's expected.tsv."""
    out = []
    for line in (ROOT / folder / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        case, code, status, _flags, args = line.split("\t")
        out.append((case, int(code), status, args.replace("$E", folder).split()))
    return out


def check_args(args):
    """libaudit.check(...) keyword arguments for `check` arguments (the options the examples use)."""
    rules, rest = args[0], args[1:]
    names = {"--records": "records", "--student": "student", "--as-of": "as_of", "--exceptions": "exceptions",
             "--plan": "plan", "--as-entry-year": "as_entry_year", "--rule-set": "rule_set"}
    kw = {names[rest[i]]: rest[i + 1] for i in range(0, len(rest), 2)}
    for key in ("records", "student", "exceptions", "plan"):
        if key in kw:
            kw[key] = ROOT / kw[key]
    if "as_entry_year" in kw:
        kw["as_entry_year"] = int(kw["as_entry_year"])
    return ROOT / rules, kw


@pytest.mark.parametrize("case,code,status,args", example_cases("examples/exceptions"),
                         ids=[c[0] for c in example_cases("examples/exceptions")])
def test_every_exception_kind_of_the_examples_is_the_cli_result(case, code, status, args):
    """Each exception kind (waive, reduce, substitute, force, allow, credits, prefer, prefer refused,
    not matched) through Python gives the CLI's JSON, exceptions and flags included."""
    rules, kw = check_args(args)
    r = libaudit.check(rules, **kw)
    assert r.status == status
    cli_code, out, _ = run_cli("check", *args, "--format", "json")
    assert cli_code == code
    assert json.loads(out) == r.to_dict()


def test_batch_with_exceptions_is_the_cli_batch():
    ex = ROOT / "examples/exceptions/eam-prefer"
    items = libaudit.batch(ROOT / "rules/ntue-eam", ex / "transcript.csv", ex / "student.csv", as_of="113-2",
                           exceptions=ex / "exceptions.yaml", jobs=1)
    assert len(items) == 1
    doc = items[0].result.to_dict()
    assert [(e["kind"], e["outcome"]) for e in doc["exceptions"]] == [("prefer", "applied")]
    _, out, _ = run_cli("batch", "rules/ntue-eam", "--records", str(ex / "transcript.csv"), "--profiles",
                        str(ex / "student.csv"), "--as-of", "113-2", "--exceptions", str(ex / "exceptions.yaml"),
                        "--jobs", "1")
    assert json.loads(out.splitlines()[0]) == doc
