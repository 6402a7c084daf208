"""`explain --course` through the Python API (issue 18 item 3, docs/what-if.md): which requirements
would accept a course, and for a student where it counts, would count if taken, or why nowhere; the
same document as the CLI's. Also the batch what-if keywords of audit_many and batch."""
import json

import pytest

import libaudit
from conftest import ROOT, run_cli

EX = ROOT / "examples/what-if/eam-plan"
ORDER = ROOT / "examples/grad/eam-flexible-order"


def test_the_requirements_that_accept_a_course():
    e = libaudit.explain_course(ROOT / "rules/ntue-eam/eam-mse-113.yaml", "EAM6204")
    assert e.accepting == ["domain.leadership.electives", "domain.innovation.electives"]
    assert e.student is None
    assert "EAM6204" in e.to_text() and "[domain.innovation.electives]" in e.to_text("en")
    outside = libaudit.explain_course(ROOT / "rules/ntue-eam/eam-mse-113.yaml", "XYZ1001").data
    assert outside["course"]["in_framework"] is False
    assert [(a["id"], a["when_ticked"]) for a in outside["accepting"]] == [("flexible", True)]
    # A folder of several frameworks: one named by rule_set=, else a usage error.
    renamed = libaudit.explain_course(ROOT / "rules/ntue-eam", "EAM6303", rule_set="ntue-eam-mse-113").data
    assert renamed["course"]["framework_code"] == "EAM6305"
    with pytest.raises(libaudit.InputError):
        libaudit.explain_course(ROOT / "rules/ntue-eam", "EAM6303")
    with pytest.raises(libaudit.InputError) as kind:
        libaudit.explain_course(ROOT / "rules/tw-inservice/preschool.yaml", "EDU101")
    assert kind.value.diagnostics[0].code == "U001"


def test_where_a_course_would_count_is_the_cli_document():
    e = libaudit.explain_course(ROOT / "rules/ntue-eam", "EAM6101", EX / "transcript.csv", EX / "student.csv")
    assert e.student["state"] == "would_count" and e.student["requirement"] == "methods.quantitative"
    code, out, _ = run_cli("explain", "rules/ntue-eam", "--course", "EAM6101", "--records", str(EX / "transcript.csv"),
                           "--student", str(EX / "student.csv"), "--format", "json", "--lang", "en")
    assert code == 0
    assert json.loads(out) == e.data


def test_counted_planned_and_cap_full():
    counted = libaudit.explain_course(ROOT / "rules/ntue-eam", "EAM6301", EX / "transcript.csv", EX / "student.csv")
    assert (counted.student["state"], counted.student["requirement"]) == ("counted", "domain.innovation.electives")
    planned = libaudit.explain_course(ROOT / "rules/ntue-eam", "EAM6302", EX / "transcript.csv", EX / "student.csv",
                                      plan=EX / "plan.csv")
    assert planned.student["state"] == "counted" and planned.student["planned"] is True
    full = libaudit.explain_course(ROOT / "rules/ntue-eam", "EAM7104", ORDER / "transcript.csv", ORDER / "student.csv",
                                   as_of="114-2")
    assert (full.student["state"], full.student["reason"]) == ("nowhere", "cap_full")
    # From a subject already read, as audit() takes it.
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    subject = libaudit.group_subjects(libaudit.read_records(EX / "transcript.csv"),
                                      libaudit.read_profiles(EX / "student.csv"))[0]
    same = libaudit.explain_course(rules, "EAM6301", subject=subject)
    assert same.data == counted.data


def test_audit_many_and_batch_take_the_what_if_framework():
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    subjects = libaudit.group_subjects(libaudit.read_records(EX / "transcript.csv"),
                                       libaudit.read_profiles(EX / "student.csv"))
    items = libaudit.audit_many(rules, subjects, as_of="113-2", as_entry_year=113, jobs=1)
    assert items[0].result.to_dict()["ruleset"]["id"] == "ntue-eam-mse-113"
    items = libaudit.audit_many(rules, subjects, as_of="113-2", rule_set="ntue-eam-mse-113", jobs=1)
    assert items[0].result.to_dict()["what_if"]["rule_set"] == "ntue-eam-mse-113"
    batch = libaudit.batch(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                           as_entry_year=113, plan=EX / "plan.csv", jobs=1)
    doc = batch[0].result.to_dict()
    assert doc["ruleset"]["id"] == "ntue-eam-mse-113" and doc["what_if"]["planned"] == 2
