"""The mirrored C++ API: rule sets and diagnostics, records, audits, threads, calendar, validators."""
import concurrent.futures
import json
import pickle
import subprocess
import sys
import threading

import pytest

import libaudit
from conftest import ROOT, run_cli

RULES_113 = ROOT / "rules/ntue-eam/eam-mse-113.yaml"
PENDING = ROOT / "examples/grad/eam-met-pending"
LINT_FILES = sorted((ROOT / "tests/data/lint").glob("E*.yaml"))


def pending_subject():
    records = libaudit.read_records(PENDING / "transcript.csv")
    profiles = libaudit.read_profiles(PENDING / "student.csv")
    (subject,) = libaudit.group_subjects(records, profiles)
    return subject


def test_load_from_path_and_string_agree():
    from_path = libaudit.load_ruleset(RULES_113)
    from_text = libaudit.load_ruleset_from_string(RULES_113.read_text(encoding="utf-8"), "eam-mse-113.yaml")
    assert (from_path.id, from_path.version, from_path.sha256) == (from_text.id, from_text.version, from_text.sha256)
    assert from_text.file == "eam-mse-113.yaml"
    assert "ntue-eam-mse-113" in repr(from_path)
    subject = pending_subject()
    assert libaudit.audit(from_path, subject).to_json() == libaudit.audit(from_text, subject).to_json()


@pytest.mark.parametrize("path", LINT_FILES, ids=[p.stem for p in LINT_FILES])
def test_bad_rule_file_raises_located_error(path):
    with pytest.raises(libaudit.RuleError) as raised:
        libaudit.load_ruleset(path)
    e = raised.value
    assert isinstance(e, ValueError) and isinstance(e, libaudit.Error)
    assert e.code == path.stem.split("-")[0]
    assert e.file == str(path) and e.line > 0
    # The same diagnostics as `libaudit lint` (which also lists warnings).
    _, out, _ = run_cli("lint", str(path))
    for d in e.diagnostics:
        assert d.format() in out
    assert f"{path} 第 {e.line} 行第 {e.column} 欄：錯誤[{e.code}]" in str(e)
    # The same in English when asked.
    _, out_en, _ = run_cli("lint", "--lang", "en", str(path))
    for d in e.diagnostics:
        assert d.format(lang="en") in out_en
    assert any(d.format(lang="en").startswith(f"{path}:{e.line}:{e.column}: error[{e.code}]") for d in e.diagnostics)


def test_rule_error_from_string_names_the_string():
    with pytest.raises(libaudit.RuleError) as raised:
        libaudit.load_ruleset_from_string("id: x\nkind: graduation\nfoo: [\n", "inline.yaml")
    assert raised.value.file == "inline.yaml" and raised.value.line >= 1


def test_lint_returns_diagnostics_without_raising():
    result = libaudit.lint_ruleset(ROOT / "tests/data/lint/W041-unquoted-number.yaml")
    assert not result.has_errors() and result.ruleset is not None
    assert "W041" in [d.code for d in result.diagnostics]
    assert {d.severity for d in result.diagnostics} == {"warning"}
    report = libaudit.lint_paths(ROOT / "tests/data/lint")
    assert report.files == len(list((ROOT / "tests/data/lint").rglob("*.yaml")))
    assert report.errors() > 0


def test_errors_pickle_with_their_diagnostics():
    with pytest.raises(libaudit.RuleError) as raised:
        libaudit.load_ruleset(LINT_FILES[0])
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is libaudit.RuleError
    assert (copy.file, copy.line, copy.column, copy.code, str(copy)) == (
        raised.value.file, raised.value.line, raised.value.column, raised.value.code, str(raised.value))
    # A diagnostic keeps its catalogue code and parameters, so it reads the same in either language.
    for lang in ("zh-TW", "en"):
        assert [d.format(lang=lang) for d in copy.diagnostics] == [d.format(lang=lang) for d in raised.value.diagnostics]


def test_bad_input_raises_input_error_with_row_and_column():
    with pytest.raises(libaudit.InputError) as raised:
        libaudit.read_records(ROOT / "examples/grad/invalid-csv/transcript.csv")
    assert isinstance(raised.value, ValueError)
    assert raised.value.line > 1 and raised.value.column > 0 and raised.value.field
    with pytest.raises(libaudit.IoError) as missing:
        libaudit.read_records(ROOT / "no-such-file.csv")
    assert isinstance(missing.value, OSError)


def test_result_objects():
    result = libaudit.audit(libaudit.load_ruleset(RULES_113), pending_subject(), as_of="114-1")
    assert result.status == "met_pending" and result.exit_code == 4
    assert repr(result) == "<AuditResult 211371002 陳冠宇: met_pending (ntue-eam-mse-113, as of 114-1)>"
    assert result.to_dict() == json.loads(result.to_json())
    assert result.subject["national_id"] == "F1590*****"
    assert result.to_dict(unmask_ids=True)["subject"]["national_id"] == "F159083015"
    total = result.total
    assert (total.id, total.required.credits, total.earned.credits, total.pending.credits) == ("total", 30, 24, 7)
    assert total.remaining.courses is None  # not measured
    core = result.requirement("domain.core")
    assert core.children[2].counted[0].in_progress
    assert "met_pending" in repr(core) or "met" in repr(core)
    assert [r.id for r in total.walk()][0] == "total"
    with pytest.raises(KeyError):
        result.requirement("no.such")
    assert str(result) == result.to_text()


def test_records_and_profiles_from_python():
    record = libaudit.Record(subject_id="s1", code="EAM6001", term=libaudit.Term(113, 1), credits=3, grade="90")
    assert record.credits == 3 and str(record.term) == "113-1"
    assert "code" in libaudit.Record._fields and "entry_year" in libaudit.Profile._fields
    assert repr(record) == "Record(subject_id='s1', code='EAM6001', term=Term('113-1'), credits=3.0, grade='90')"
    assert record.to_dict()["term"] == "113-1" and record.to_dict()["extra"] == {}
    with pytest.raises(AttributeError):
        libaudit.Record(no_such_field=1)
    profile = libaudit.Profile(subject_id="s1", programme="教育經營與管理學系碩士在職專班", entry_year=113, present=True)
    subject = libaudit.Subject(profile=profile, records=[record])
    result = libaudit.audit(libaudit.load_rulesets(ROOT / "rules/ntue-eam"), subject)
    assert result.ruleset_id == "ntue-eam-mse-113" and result.status == "not_met"
    assert subject.to_dict()["profile"]["entry_year"] == 113 and len(subject.to_dict()["records"]) == 1


def test_no_applicable_ruleset_is_an_input_error():
    subject = libaudit.Subject(profile=libaudit.Profile(subject_id="s1", programme="x", present=True), records=[])
    with pytest.raises(libaudit.InputError) as raised:
        libaudit.audit(ROOT / "rules/ntue-eam", subject)
    assert raised.value.code == "U001"
    items = libaudit.audit_many(ROOT / "rules/ntue-eam", [subject])
    assert items[0].result is None and items[0].status == "invalid" and items[0].error


def test_one_ruleset_shared_by_threads():
    rules = libaudit.load_rulesets(ROOT / "rules")
    subjects = libaudit.group_subjects(libaudit.read_records(ROOT / "tests/data/cohort/transcripts.csv"),
                                       libaudit.read_profiles(ROOT / "tests/data/cohort/students.csv"))
    expected = [i.result.to_json() if i.result else i.error for i in libaudit.audit_many(rules, subjects, jobs=1)]

    def one(k):
        s = subjects[k % len(subjects)]
        try:
            return libaudit.audit(rules, s).to_json()
        except libaudit.InputError as e:
            return e.diagnostics[0].message.split(": ", 1)[1]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = list(pool.map(one, range(8 * len(subjects))))
    assert got == expected * 8
    assert [i.result.to_json() if i.result else i.error for i in libaudit.audit_many(rules, subjects, jobs=4)] == expected


def test_explain_and_rule_tests_match_cli():
    for lang in ("zh-TW", "en"):
        _, out, _ = run_cli("explain", str(RULES_113), "--lang", lang)
        assert libaudit.explain(RULES_113, lang) == out
    report = libaudit.run_rule_tests(ROOT / "rules")
    assert report.failed() == 0 and report.passed() > 0
    smoke = libaudit.run_rule_tests([ROOT / "tests/data/ruletest"])
    assert smoke.failed() == 1 and smoke.results[-1].differences or smoke.failed() == 1


def test_terms_and_calendar():
    t = libaudit.parse_term("1092")
    assert t == libaudit.Term(109, 2) and str(t) == "109-2" and repr(t) == "Term('109-2')"
    with pytest.raises(ValueError):
        libaudit.parse_term("1125")
    assert libaudit.Term(109, 0) < libaudit.Term(109, 1)
    assert libaudit.Term(109, 1) != None and libaudit.Term(109, 1) != "109-1"  # noqa: E711
    assert sorted([libaudit.Term(110, 1), libaudit.Term(109, 2)]) == [libaudit.Term(109, 2), libaudit.Term(110, 1)]
    with pytest.raises(ValueError):
        libaudit.audit(libaudit.load_ruleset(RULES_113), pending_subject(), as_of="2024-1")
    d = libaudit.parse_date("民國114年8月1日")
    assert d == libaudit.Date(2025, 8, 1) and str(d) == "2025-08-01" and d.roc() == "114/08/01"
    assert str(libaudit.add_months(libaudit.Date(2025, 1, 31), 1)) == "2025-02-28"
    assert libaudit.full_months(libaudit.Date(2025, 3, 15), libaudit.Date(2025, 4, 14)) == 1
    assert libaudit.school_year_of(d) == 114 and libaudit.term_of(d) == libaudit.Term(114, 1)
    r = libaudit.school_year_range(114)
    assert (str(r.first), str(r.last), r.days()) == ("2025-08-01", "2026-07-31", 365) and r.contains(d)
    assert libaudit.term_range(libaudit.Term(113, 3)) is None
    dt = libaudit.parse_datetime("2025-03-25 10:27")
    assert str(libaudit.ceil_to_hour(dt)) == "2025-03-25 11:00" and dt.hour == 10
    with pytest.raises(ValueError):
        libaudit.Date(2025, 2, 29)
    assert libaudit.roc_to_ad(114) == 2025 and libaudit.ad_to_roc(2025) == 114


def test_validators_and_text():
    assert libaudit.valid_national_id("A123456789") and not libaudit.valid_national_id("A123456788")
    assert libaudit.mask_national_id("A123456789") == "A1234*****"
    assert libaudit.valid_passport_name("WANG, TA-MING") and not libaudit.valid_passport_name("Wang Ta-ming")
    assert libaudit.valid_email("a@b.tw") and libaudit.valid_tw_mobile("0912-345-678")
    assert libaudit.display_width("學分ab") == 6 and libaudit.pad("學", 4) == "學  "
    assert libaudit.exit_code("met_pending") == 4


def test_pandas_is_optional_at_import():
    code = ("import sys; sys.modules['pandas'] = None; sys.modules['dask'] = None\n"
            "import libaudit; assert 'pandas' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
            "try:\n import libaudit.pandas\nexcept ImportError: print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "ok\n"


def runs_without_the_gil(work):
    """True if the main thread got the GIL back while `work` was still running in another thread.
    With a 30 s switch interval a thread holding the GIL keeps it until it blocks or ends."""
    done = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(30)
    try:
        thread = threading.Thread(target=lambda: (work(), done.append(True)))
        thread.start()  # returns once the new thread lets go of the GIL
        released = not done
        thread.join()
    finally:
        sys.setswitchinterval(old)
    assert done
    return released


def test_batch_audits_release_the_gil():
    rules = libaudit.load_rulesets(ROOT / "rules")
    subjects = libaudit.group_subjects(libaudit.read_records(ROOT / "tests/data/cohort/transcripts.csv"),
                                       libaudit.read_profiles(ROOT / "tests/data/cohort/students.csv")) * 100
    assert runs_without_the_gil(lambda: libaudit.audit_many(rules, subjects, jobs=1))


def test_identity_and_file_validators():
    assert libaudit.valid_person_id("A123456789") and libaudit.person_id_problem("A123456789") == ""
    assert "check digit" in libaudit.person_id_problem("A123456788")
    policy = libaudit.PasswordPolicy(min_length=8, digit=True, symbol=True)
    assert repr(policy) == "PasswordPolicy(min_length=8, digit=True, symbol=True)"
    assert libaudit.password_problems("abc", policy) == ["at least 8 characters", "a digit", "a symbol"]
    assert libaudit.password_problems("abcdefg1!", policy) == []
    assert libaudit.forbidden_in_file_name("報告#1?.pdf", "#?") == "#?"
    assert libaudit.parse_size("2.5MB") == 2.5 * 1024 * 1024
    with pytest.raises(ValueError):
        libaudit.parse_size("big")
    fields = {"national_id": "a123456789", "birth_date": "民國90年3月5日"}
    assert libaudit.expand_template("{national_id|upper}{birth_date|mmdd}", fields) == "A1234567890305"
    assert libaudit.expand_template("{national_id|last:5}@Ntue", fields.get) == "56789@Ntue"
    with pytest.raises(ValueError):
        libaudit.expand_template("{email}", fields)


def test_checks_rule_set_over_a_dataset():
    rules = libaudit.load_ruleset(ROOT / "rules/k12-portfolio/portfolio-settings.yaml")
    assert rules.kind == "checks"
    data = libaudit.read_dataset(rules, ROOT / "examples/portfolio/school-broken.json")
    assert data.name and data.table("settings").rows[0].values
    result = libaudit.audit_dataset(rules, data)
    # An upload cap of 5, an hour of 24: values outside their domain (effect: invalid), exit 2.
    assert result.status == "invalid" and result.exit_code == 2
    v = next(v for v in result.violations if v.rule == "upload-cap-min")
    assert v.table == "settings" and v.file.endswith("school-broken.json") and v.line == 1
    assert "upload-cap-min" in repr(v)
    assert result.to_dict()["violations"][0] == result.violations[0].to_dict()
    # Built in Python: a one-row settings table.
    own = libaudit.parse_dataset_input(rules, "upload_cap,subject_cap\n6,6\n", "settings.csv", libaudit.Dataset(name="x"),
                                       table="settings")
    assert own.tables[0].rows[0].values["upload_cap"] == "6"
    with pytest.raises(libaudit.InputError) as raised:
        libaudit.check(ROOT / "rules/k12-portfolio/portfolio-settings.yaml", data="uploads=" + str(
            ROOT / "examples/portfolio/csv/windows.csv"))
    assert raised.value.line >= 1
    with pytest.raises(libaudit.InputError) as usage:
        libaudit.check(ROOT / "rules/ntue-eam", data=[str(ROOT / "examples/portfolio/school-ok.json")])
    assert usage.value.code == "U001" and "no rule set of kind checks" in usage.value.diagnostics[0].format(lang="en")


def test_subject_reader_streams_a_grouped_file(tmp_path):
    profiles = libaudit.read_profiles(ROOT / "tests/data/cohort/students.csv")
    reader = libaudit.SubjectReader(ROOT / "tests/data/cohort/transcripts.csv", profiles)
    assert reader.streaming and reader.subjects == 8
    pairs = list(reader)
    assert [s.profile.subject_id for s, _ in pairs] == [s.profile.subject_id for s in libaudit.group_subjects(
        libaudit.read_records(ROOT / "tests/data/cohort/transcripts.csv"), profiles)]
    assert all(not problems for _, problems in pairs) and pairs[0][0].profile.present
    bad = tmp_path / "t.csv"
    lines = (ROOT / "tests/data/cohort/transcripts.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",3,", ",三,", 1)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for _, ps in libaudit.SubjectReader(bad) for p in ps]
    assert [(p.line, p.field) for p in problems] == [(4, "學分")]


def test_attendee_list_row_reports():
    # The attendee-list upload: rows by position, a verdict per row (examples/attendees).
    rules = ROOT / "rules/tw-inservice-organiser/attendee-list.yaml"
    for name in ("研習教師資料.csv", "研習教師資料.xml"):
        result = libaudit.check(rules, data=str(ROOT / "examples/attendees" / name))
        assert result.exit_code == 1
        (report,) = result.row_reports
        assert (report.table, report.rows, report.accepted, report.rejected) == ("attendees", 13, 5, 8)
        assert "13 rows, 5 accepted, 8 rejected" in repr(report)
        quarter = next(v for v in report.verdicts if v.values["amount"] == "0.75")
        assert not quarter.accepted
        assert {r["rule"] for r in quarter.reasons} == {"hours-unit", "hours-min"}
        assert all(v.values["national_id"] == "" or "*" in v.values["national_id"] for v in report.verdicts)
        assert report.to_dict() == result.to_dict()["row_reports"][0]
    ok = libaudit.check(rules, data=str(ROOT / "examples/attendees/研習教師資料-big5.csv"), encoding="big5")
    assert ok.exit_code == 0 and ok.row_reports[0].accepted == 4 and ok.row_reports[0].verdicts == []
    # Other checks rule sets have no row reports.
    other = libaudit.check(ROOT / "rules/k12-portfolio/portfolio-settings.yaml",
                           data=str(ROOT / "examples/portfolio/school-broken.json"))
    assert other.row_reports == []
