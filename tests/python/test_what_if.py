"""What-if audits (issue 18 item 3, docs/what-if.md) through the Python API: the plan of the CLI's
example (examples/what-if), a plan read from text into audit(), another framework, and a bad plan."""
import json

import pytest

import libaudit
from conftest import ROOT, run_cli

EX = ROOT / "examples/what-if/eam-plan"


def planned_codes(result):
    return sorted({c.code for r in result.requirements for c in r.counted if c.planned})


def test_check_with_a_plan_is_the_cli_result():
    r = libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                       plan=EX / "plan.csv")
    assert r.status == "met_pending"
    assert "planned_courses" in [f.code for f in r.flags]
    assert planned_codes(r) == ["EAM6302", "EAM6303"]
    doc = r.to_dict()
    assert doc["what_if"] == {"planned": 2}
    code, out, _ = run_cli("check", "rules/ntue-eam", "--records", str(EX / "transcript.csv"), "--student",
                           str(EX / "student.csv"), "--as-of", "113-2", "--plan", str(EX / "plan.csv"),
                           "--format", "json")
    assert code == 4
    assert json.loads(out) == doc


def test_a_plan_from_text_into_audit():
    plan = libaudit.parse_plan("code,term,credits\nEAM6302,1141,2\nEAM6303,1141,2\n", "plan.csv")
    assert [(p.code, p.planned, p.grade) for p in plan] == [("EAM6302", True, ""), ("EAM6303", True, "")]
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    subject = libaudit.group_subjects(libaudit.read_records(EX / "transcript.csv"),
                                      libaudit.read_profiles(EX / "student.csv"))[0]
    assert libaudit.audit(rules, subject, as_of="113-2").status == "not_met"
    what_if = libaudit.audit(rules, subject, as_of="113-2", plan=plan)
    assert what_if.status == "met_pending"
    assert planned_codes(what_if) == ["EAM6302", "EAM6303"]


def test_another_framework_without_editing_the_profile():
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    subject = libaudit.group_subjects(libaudit.read_records(EX / "transcript.csv"),
                                      libaudit.read_profiles(EX / "student.csv"))[0]
    r = libaudit.audit(rules, subject, as_of="113-2", as_entry_year=113)
    doc = r.to_dict()
    assert doc["ruleset"]["id"] == "ntue-eam-mse-113"
    assert doc["what_if"] == {"planned": 0, "entry_year": 113}
    assert "what_if_framework" in [f.code for f in r.flags]
    assert "ruleset_mismatch" not in [f.code for f in r.flags]
    assert subject.profile.entry_year == 112
    by_id = libaudit.audit(rules, subject, as_of="113-2", rule_set="ntue-eam-mse-113").to_dict()
    assert by_id["ruleset"]["id"] == "ntue-eam-mse-113" and by_id["what_if"]["rule_set"] == "ntue-eam-mse-113"
    with pytest.raises(libaudit.InputError):
        libaudit.audit(rules, subject, rule_set="ntue-eam-mse-999")


def test_a_bad_plan_is_an_input_error_with_located_problems():
    with pytest.raises(libaudit.InputError) as e:
        libaudit.read_plan(ROOT / "tests/data/what-if/bad-columns.csv")
    assert [(d.code, d.where.line, d.where.column) for d in e.value.diagnostics] == [("P001", 1, 1), ("P001", 1, 5)]


def test_a_plan_with_an_hours_rule_set_is_a_usage_error():
    hours = ROOT / "examples/hours/counselling"
    with pytest.raises(libaudit.InputError) as e:
        libaudit.check(ROOT / "rules/tw-inservice/counselling.yaml", hours / "sessions.csv", hours / "teachers.csv",
                       id="B120000008", as_of="2026-07-31", plan=EX / "plan.csv")
    assert [d.code for d in e.value.diagnostics] == ["U001"]
    assert [d.message_code for d in e.value.diagnostics] == ["usage.plan_kind"]


def test_a_json_plan_is_the_csv_plan():
    text = ('[{"code": "EAM6302", "term": "114-1", "credits": 2},\n'
            ' {"科目代碼": "EAM6303", "學年期": "1141", "學分": "2"}]')
    plan = libaudit.parse_plan(text, "plan.json")
    assert [(p.code, p.planned, p.subject_id) for p in plan] == [("EAM6302", True, ""), ("EAM6303", True, "")]
    by_json = libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                             plan=ROOT / "tests/data/what-if/plan.json")
    by_csv = libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                            plan=EX / "plan.csv")
    assert by_json.status == by_csv.status == "met_pending"
    assert planned_codes(by_json) == planned_codes(by_csv) == ["EAM6302", "EAM6303"]
    with pytest.raises(libaudit.InputError) as e:
        libaudit.read_plan(ROOT / "tests/data/what-if/bad-plan.json")
    assert [(d.code, d.where.path) for d in e.value.diagnostics] == [
        ("P002", "records[0].grade"), ("P001", "records[1].備註"), ("P001", "records[2].credit"),
        ("R011", "records[1].term"), ("R010", "records[2]")]


def test_a_yaml_plan_is_the_csv_plan():
    by_yaml = libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                             plan=EX / "plan.yaml")
    by_csv = libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                            plan=EX / "plan.csv")
    assert by_yaml.status == by_csv.status == "met_pending"
    assert planned_codes(by_yaml) == planned_codes(by_csv) == ["EAM6302", "EAM6303"]
    plan = libaudit.parse_plan("- {code: EAM6302, term: '114-1', credits: 2}\n", "plan.yaml")
    assert [(p.code, p.planned, p.source_row) for p in plan] == [("EAM6302", True, 1)]
    with pytest.raises(libaudit.InputError) as e:
        libaudit.read_plan(ROOT / "tests/data/what-if/bad-plan.yaml")
    assert all(d.where.line > 0 and d.where.column > 0 for d in e.value.diagnostics)
    assert {d.code for d in e.value.diagnostics} == {"P001", "P002"}


def test_a_course_the_rules_do_not_have_is_an_error_unless_ticked():
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    text = "code,term,credits,selected\nEAM6320,1141,2,\nEDU7001,1141,3,Y\n"
    assert len(libaudit.parse_plan(text, "plan.csv")) == 2  # without rules: not checked
    with pytest.raises(libaudit.InputError) as e:
        libaudit.parse_plan(text, "plan.csv", rules=rules)
    assert [(d.code, d.where.line, d.where.column) for d in e.value.diagnostics] == [("P004", 2, 1)]
    ticked = libaudit.parse_plan(text.replace("EAM6320,1141,2,", "EAM6320,1141,2,Y"), "plan.csv", rules=rules)
    assert [p.code for p in ticked] == ["EAM6320", "EDU7001"]
    for suffix in ("csv", "json", "yaml"):
        with pytest.raises(libaudit.InputError) as e:
            libaudit.check(ROOT / "rules/ntue-eam", EX / "transcript.csv", EX / "student.csv", as_of="113-2",
                           plan=ROOT / f"tests/data/what-if/unknown-course.{suffix}")
        assert [d.code for d in e.value.diagnostics] == ["P004"], suffix


def test_an_hours_audit_given_a_plan_says_it_is_not_counted():
    hours = ROOT / "examples/hours/counselling"
    rules = libaudit.load_rulesets(ROOT / "rules/tw-inservice/counselling.yaml")
    subjects = libaudit.group_subjects(libaudit.read_records(hours / "sessions.csv"),
                                       libaudit.read_profiles(hours / "teachers.csv"))
    subject = next(s for s in subjects if s.profile.subject_id == "B120000008")
    plain = libaudit.audit(rules, subject, as_of="2026-07-31")
    r = libaudit.audit(rules, subject, as_of="2026-07-31", plan=libaudit.read_plan(EX / "plan.csv"))
    flags = {f.code: f for f in r.flags}
    assert flags["plan_not_applied"].severity == "warning"
    assert "2 planned course(s) not counted (EAM6302, EAM6303)" in flags["plan_not_applied"].detail
    assert r.status == plain.status
    assert "plan_not_applied" not in {f.code for f in plain.flags}
