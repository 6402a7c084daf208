"""Teacher in-service hours (kind: hours) from Python: the new record and profile fields, as-of days,
a staff audited through the batch and the DataFrame API, with the same figures as the CLI."""
import datetime

import pytest

import libaudit

E = "examples/hours/counselling"


def test_session_and_teacher_fields(in_root):
    records = libaudit.read_records(f"{E}/sessions.csv")
    first = records[0]
    assert first.date == libaudit.Date(2025, 9, 3) and first.end_date == libaudit.Date(2025, 9, 3)
    assert first.hours == 2.0
    assert "date" in first.to_dict() and "hours" in first.to_dict()
    teachers = {p.subject_id: p for p in libaudit.read_profiles(f"{E}/teachers.csv")}
    assert teachers["F226543213"].role == "counselling"
    assert teachers["A123456789"].employed_from is None


@pytest.mark.parametrize("as_of", ["2026-07-31", "115/07/31", libaudit.Date(2026, 7, 31), datetime.date(2026, 7, 31)])
def test_as_of_is_a_day_in_any_form(in_root, as_of):
    result = libaudit.check("rules/tw-inservice/counselling.yaml", f"{E}/sessions.csv", f"{E}/teachers.csv",
                            id="B120000008", as_of=as_of)
    # 31 Jul 2026 closes school year 114; the session on 1 Aug 2025 counts, the one on 31 Jul 2025 not.
    assert result.as_of == "2026-07-31"
    assert result.status == "not_met"


def test_bad_as_of_says_what_is_expected():
    with pytest.raises(ValueError, match="a date like 2026-07-31"):
        libaudit.make_options("2026-13-01")


def test_staff_batch_summary_matches_cli_csv(in_root):
    from conftest import run_cli
    rules = "rules/tw-inservice/counselling.yaml"
    files = ["--records", f"{E}/sessions.csv", "--profiles", f"{E}/teachers.csv", "--as-of", "2026-07-31"]
    _, jsonl, _ = run_cli("batch", rules, *files)
    _, csv, _ = run_cli("batch", rules, *files, "--format", "csv", "--lang", "en")
    items = libaudit.batch(rules, f"{E}/sessions.csv", f"{E}/teachers.csv", as_of="2026-07-31")
    assert [i.result.to_json(compact=True) for i in items] == jsonl.splitlines()

    lpd = pytest.importorskip("libaudit.pandas")
    summary = lpd.summary_frame(items)
    rows = [line.split(",") for line in csv.splitlines()[1:]]
    assert list(summary.subject_id) == [r[0] for r in rows], "national IDs masked as the CLI masks them"
    assert summary.subject_id.str.contains(r"\*").all()
    assert list(summary.role) == [r[2] for r in rows]
    assert list(summary.status) == [r[4] for r in rows]
    for row, cli in zip(summary.itertuples(), rows):
        if cli[5]:  # short_hours: how many hours the teacher is short
            assert row.remaining_hours == pytest.approx(float(cli[5]))
    assert summary.as_of.unique().tolist() == ["2026-07-31"]
    detail = lpd.detail_frame(items)
    assert set(detail.subject_id) == set(summary.subject_id)
    assert detail.required_hours.notna().any()
    unmasked = lpd.summary_frame(items, unmask_ids=True)
    assert list(unmasked.subject_id) == [i.subject_id for i in items]


def test_organiser_violation_carries_the_rules_message(in_root):
    result = libaudit.check("rules/tw-inservice-organiser/course-compliance.yaml",
                            data="courses=examples/organiser/deadlines.csv", as_of="2026-03-25")
    late = [v for v in result.violations if v.rule == "register-14-days"]
    assert late and late[0].message.startswith("審核約需 3 個工作天")
    assert all(v.message == "" for v in result.violations if v.rule == "online-quota")


def test_teacher_without_sessions_is_audited_like_the_cli(in_root):
    from conftest import run_cli
    args = ["rules/tw-inservice/counselling.yaml", "--records", f"{E}/sessions.csv", "--student",
            "tests/data/hours/roster.csv", "--as-of", "2026-07-31"]
    result = libaudit.check(args[0], args[2], args[4], id="N100000009", as_of="2026-07-31")
    code, out, _ = run_cli("check", *args, "--id", "N100000009", "--format", "json")
    assert (result.exit_code, result.to_json()) == (code, out) == (1, out)
    with pytest.raises(ValueError) as raised:
        libaudit.check(args[0], args[2], args[4], id="Z100000001", as_of="2026-07-31")
    code, _, err = run_cli("check", *args, "--id", "Z100000001")
    assert code == 2 and str(raised.value) in err and "Z1000*****" in err
