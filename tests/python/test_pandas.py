"""The DataFrame API on the bundled cohort (tests/data/cohort): the same results as `libaudit batch`."""
import csv
import io

import pandas as pd
import pytest

import libaudit
import libaudit.pandas as lpd
from conftest import ROOT, run_cli

COHORT = ROOT / "tests/data/cohort"
BATCH_ARGS = ["batch", "rules", "--records", "tests/data/cohort/transcripts.csv", "--profiles",
              "tests/data/cohort/students.csv", "--as-of", "114-1"]


def read(name, **kwargs):
    return pd.read_csv(COHORT / name, dtype=str, keep_default_na=False, **kwargs)


@pytest.fixture(scope="module")
def frames():
    return lpd.audit_frame(ROOT / "rules", read("transcripts.csv"), read("students.csv"), as_of="114-1", jobs=2)


def test_summary_matches_cli_batch_csv(frames):
    _, out, _ = run_cli(*BATCH_ARGS, "--format", "csv", "--lang", "en")
    cli = list(csv.DictReader(io.StringIO(out)))
    summary = frames.summary
    assert list(summary.subject_id) == [row["student_id"] for row in cli]
    assert list(summary.status) == [row["status"] for row in cli]
    assert list(summary.flag_codes) == [row["flags"] for row in cli]
    for figure in ("required", "earned", "pending", "remaining"):
        ours = [f"{v:g}" if pd.notna(v) else "" for v in summary[f"{figure}_credits"]]
        assert ours == [row[f"{figure}_credits"] for row in cli]
    assert list(summary.exit_code) == [libaudit.exit_code(s) for s in summary.status]
    assert summary.national_id.dropna().str.endswith("*****").all()


def test_items_match_cli_batch_jsonl(frames):
    _, out, _ = run_cli(*BATCH_ARGS)
    ours = [i.result.to_json(compact=True) for i in frames.items if i.result]
    assert ours == [line for line in out.splitlines() if '"status":"invalid"' not in line]


def test_detail_has_one_row_per_requirement(frames):
    detail = frames.detail
    for item in frames.items:
        rows = detail[detail.subject_id == item.subject_id]
        if item.result is None:
            assert rows.empty
            continue
        ids = [r.id for top in item.result.requirements for r in top.walk()]
        assert list(rows.requirement) == ids
        total = rows.iloc[0]
        assert (total.requirement, total.depth, total.parent) == ("total", 0, "")
        assert total.required_credits == item.result.total.required.credits
        assert total.earned_credits == item.result.total.earned.credits


def test_frames_of_default_dtypes_and_english_columns_give_the_same_results(frames):
    # pd.read_csv's default types (ints, floats with NaN) read back the same.
    loose = lpd.audit_frame(ROOT / "rules", pd.read_csv(COHORT / "transcripts.csv"),
                            pd.read_csv(COHORT / "students.csv"), as_of="114-1")
    pd.testing.assert_frame_equal(loose.summary, frames.summary)
    english = read("transcripts.csv").rename(columns={"學號": "student_id", "科目代碼": "code", "學年期": "term",
                                                     "學分": "credits", "成績": "grade"})
    same = lpd.audit_frame(ROOT / "rules", english, read("students.csv"), as_of="114-1")
    pd.testing.assert_frame_equal(same.detail, frames.detail)


def test_summary_and_detail_of_items():
    rules = libaudit.load_rulesets(ROOT / "rules")
    items = libaudit.batch(rules, COHORT / "transcripts.csv", COHORT / "students.csv", as_of="114-1")
    frames = lpd.audit_frame(rules, read("transcripts.csv"), read("students.csv"), as_of="114-1")
    pd.testing.assert_frame_equal(lpd.summary_frame(items), frames.summary)
    pd.testing.assert_frame_equal(lpd.detail_frame(items), frames.detail)
    assert list(lpd.summary_frame([]).columns) == list(frames.summary.columns)
    assert list(lpd.detail_frame([]).columns) == list(frames.detail.columns)
    assert lpd.summary_frame(items, unmask_ids=True).national_id[0] == "A252601816"


def test_bad_row_marks_its_student_invalid_and_is_located_in_the_frame():
    records = read("transcripts.csv")
    records.loc[3, "學分"] = "三"
    bad_id = records.loc[3, "學號"]
    frames = lpd.audit_frame(ROOT / "rules", records, read("students.csv"))
    summary = frames.summary.set_index("subject_id")
    assert summary.loc[bad_id, "status"] == "invalid"
    assert summary.loc[bad_id, "flag_codes"] == "invalid_input"
    column = list(records.columns).index("學分") + 1
    assert summary.loc[bad_id, "error"].startswith(f"<records DataFrame>:{3 + 2}:{column}:")
    others = summary.drop(index=bad_id)
    assert len(others) and (others.flag_codes != "invalid_input").all() and (others.status != "invalid").any()
    problems = [i for i in frames.items if i.problems][0].problems
    assert (problems[0].file, problems[0].line, problems[0].field) == ("<records DataFrame>", 3 + 2, "學分")


def test_audit_frame_releases_the_gil():
    from test_core import runs_without_the_gil
    rules = libaudit.load_rulesets(ROOT / "rules")
    records = pd.concat([read("transcripts.csv").assign(學號=lambda f, k=k: f["學號"] + f"-{k}") for k in range(100)])
    profiles = pd.concat([read("students.csv").assign(學號=lambda f, k=k: f["學號"] + f"-{k}") for k in range(100)])
    assert runs_without_the_gil(lambda: lpd.audit_frame(rules, records, profiles, jobs=1))


def test_check_frames_match_check_data(in_root):
    rules = "rules/k12-portfolio/portfolio-settings.yaml"
    folder = ROOT / "examples/portfolio/csv"
    tables = {t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False) for t in ("settings", "windows")}
    frames = lpd.check_frames(rules, tables, name="settings")
    files = libaudit.check(rules, data=[str(folder / "settings.csv"), str(folder / "windows.csv")])
    assert frames.result.status == files.status == "met"
    # The same figures; a deadline rule's rows name where they came from (a frame, a file).
    def placeless(requirements):
        return [{**r.to_dict(), "deadlines": [{k: v for k, v in d.items() if k != "file"} for d in r.to_dict().get("deadlines", [])]}
                for r in requirements]
    assert placeless(frames.result.requirements) == placeless(files.requirements)
    assert any(r.to_dict().get("deadlines") for r in files.requirements)
    assert all(d["file"] == "<windows DataFrame>" for r in frames.result.requirements for d in r.to_dict().get("deadlines", []))
    assert len(frames.computed) == len(files.computed)
    tables["settings"].iloc[0, 0] = "5"  # below the minimum upload cap
    broken = lpd.check_frames(libaudit.load_ruleset(rules), tables)
    assert broken.result.status == "invalid"  # a cap of 5 is outside its domain (effect: invalid)
    row = broken.violations.set_index("rule").loc["upload-cap-min"]
    assert (row.file, row.line, row.value) == ("<settings DataFrame>", 2, "5")


def test_frame_to_csv_cells():
    frame = pd.DataFrame({"a": ["x,y", 'say "hi"', None], "b": [1.0, float("nan"), 3.0], "c": [True, False, None],
                          "d": pd.array([1, None, 3], dtype="Int64"), "e": [0.5, 2.25, float("nan")],
                          "f": ["多行\n文字", pd.NA, "學分"]})
    assert lpd.frame_to_csv(frame) == ('a,b,c,d,e,f\n"x,y",1,true,1,0.5,"多行\n文字"\n"say ""hi""",,false,,2.25,\n'
                                       ',3,,3,,學分\n')
    assert lpd.frame_to_csv(frame.set_index("a").head(1)).startswith("a,b,c,d,e,f\n")
