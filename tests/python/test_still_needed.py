"""Still needed (issue 18 items 1-2) through the Python API, on the C++ tests' fixtures: the bundled
not-met example and the hours example; the same facts as the CLI's JSON (tests/data/golden/cli/check-still-needed-*)."""
import json

import pytest

import libaudit
from conftest import ROOT, run_cli

GRAD = ROOT / "examples/grad/eam-not-met-domain"
ARGS = ["rules/ntue-eam", "--records", "examples/grad/eam-not-met-domain/transcript.csv", "--student",
        "examples/grad/eam-not-met-domain/student.csv", "--as-of", "113-2"]


def by_id(result):
    return {r.id: r for top in result.requirements for r in top.walk()}


def test_domain_not_met_says_what_and_which_courses():
    r = libaudit.check(ROOT / "rules/ntue-eam", GRAD / "transcript.csv", GRAD / "student.csv", as_of="113-2")
    reqs = by_id(r)
    need = reqs["domain.innovation"].still_needed
    assert need is not None
    assert (need.missing.credits, need.missing.courses) == (3, 1)
    codes = [c.code for c in need.courses]
    assert "EAM6302" in codes and "EAM6303" in codes
    # a course the student passed and counts in this requirement is never offered
    counted = {rec.code for rec in reqs["domain.innovation"].counted}
    assert not counted & set(codes)
    assert need.text.startswith("尚缺 3 學分 1 門")
    # the total is not met only through its sub-requirement: it says so
    total = reqs["total"].still_needed
    assert total.requirements == ["domain.innovation"] and total.choose == 1
    assert total.missing.credits is None
    # met requirements owe nothing
    assert reqs["domain.core"].still_needed is None and reqs["domain.core"].not_needed is False


def test_branch_of_met_either_or_is_not_needed():
    r = libaudit.check(ROOT / "rules/ntue-eam", GRAD / "transcript.csv", GRAD / "student.csv", as_of="113-2")
    not_needed = [q for q in by_id(r).values() if q.not_needed]
    assert len(not_needed) == 1
    assert not_needed[0].status == "not_met" and not_needed[0].still_needed is None
    assert "不需要" in r.to_text()


def test_python_and_cli_json_agree():
    r = libaudit.check(ROOT / "rules/ntue-eam", GRAD / "transcript.csv", GRAD / "student.csv", as_of="113-2")
    code, out, _ = run_cli("check", *ARGS, "--format", "json")
    assert code == 1
    cli = {q["id"]: q.get("still_needed") for top in json.loads(out)["requirements"] for q in _walk(top)}
    assert {k: (v.still_needed.to_dict() if v.still_needed else None) for k, v in by_id(r).items()} == cli


def _walk(q):
    yield q
    for c in q["children"]:
        yield from _walk(c)


def test_hours_say_hours_and_period():
    r = libaudit.check(ROOT / "rules/tw-inservice/legacy-18h.yaml", ROOT / "examples/hours/legacy/sessions.csv",
                       ROOT / "examples/hours/legacy/teachers.csv", id="T003", as_of="2026-07-31")
    leaves = [q for q in by_id(r).values() if q.still_needed and not q.children]
    assert leaves and all(q.still_needed.missing.hours or q.still_needed.missing.credits for q in leaves)
    assert all("period" in q.to_dict() and "2026-07-31" in q.still_needed.text for q in leaves)


def test_unknown_select_is_a_usage_error_with_did_you_mean():
    ex = ROOT / "examples/grad/eam-exclusions"
    with pytest.raises(libaudit.InputError) as e:
        libaudit.check(ROOT / "rules/ntue-eam", ex / "transcript.csv", ex / "student.csv", as_of="113-2",
                       selected=["EAM6406"])
    assert "EAM6406" in str(e.value) and "EAM640" in str(e.value)


MOVE_RULES = """libaudit: 1
kind: programme
id: move
version: "1"
title: move
courses:
  - {code: A1, title: a one, credits: 3, domain: a}
  - {code: A3, title: a and b, credits: 3, domain: [a, b]}
  - {code: B1, title: b one, credits: 3, domain: b}
  - {code: B2, title: b two, credits: 3, domain: b}
  - {code: B3, title: b three, credits: 3, domain: b}
domains:
  - {id: a, title: A, min_credits: 3}
  - {id: b, title: B, min_credits: 9}
total: {min_credits: 6}
"""


def _audit(codes, grades=None):
    rules = libaudit.load_ruleset_from_string(MOVE_RULES, "move.yaml")
    grades = grades or {}
    records = [libaudit.Record(subject_id="s1", code=c, term=libaudit.Term(113, 1), credits=3, grade=grades.get(c, "90"),
                               source_row=i + 2) for i, c in enumerate(codes)]
    return by_id(libaudit.audit(rules, libaudit.group_subjects(records)[0], as_of="113-1"))


def test_a_course_placed_elsewhere_is_offered_only_when_its_requirement_stays_met():
    # A3 alone meets A: moving it to B would break A, so B is offered the courses not taken, not A3.
    reqs = _audit(["A3", "B1"])
    offered = {c.code: c for c in reqs["domain.b"].still_needed.courses}
    assert reqs["domain.a"].status == "met"
    assert "A3" not in offered and {"B2", "B3"} <= set(offered)
    assert "B1" not in offered  # passed and counted in B already
    # With A1 too, A stays met without A3: where A3 is counted in A, B is offered it, saying from where.
    reqs = _audit(["A1", "A3", "B1"])
    a_counted = {r.code for r in reqs["domain.a"].counted}
    offered = {c.code: c for c in reqs["domain.b"].still_needed.courses}
    if "A3" in a_counted:
        assert offered["A3"].placed_in is not None and offered["A3"].placed_in.startswith("domain.a")
    else:
        assert "A3" not in offered


def test_a_failed_course_is_offered_again_and_a_passed_one_is_not():
    reqs = _audit(["B1", "B2"], grades={"B2": "40"})
    offered = {c.code for c in reqs["domain.b"].still_needed.courses}
    assert "B2" in offered and "B1" not in offered
    assert reqs["domain.b"].still_needed.missing.credits == 6
