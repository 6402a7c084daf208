"""examples/python/cohort_summary.py runs as a user would run it, and its CSV opens in Excel."""
import csv
import io
import subprocess
import sys

from conftest import ROOT, run_cli

SCRIPT = ROOT / "examples/python/cohort_summary.py"


def test_cohort_summary_script(tmp_path):
    out, detail = tmp_path / "summary.csv", tmp_path / "detail.csv"
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--detail", str(detail)],
                          capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == f"8 students: 2 met, 1 met_pending, 3 not_met, 1 needs_review, 1 invalid -> {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0])[:2] == ["學號", "姓名"] and rows[0]["姓名"] == "林雅婷"
    _, cli, _ = run_cli("batch", "rules", "--records", "tests/data/cohort/transcripts.csv", "--profiles",
                        "tests/data/cohort/students.csv", "--as-of", "114-1", "--format", "csv", "--lang", "en")
    cli_rows = list(csv.DictReader(io.StringIO(cli)))
    assert [r["學號"] for r in rows] == [r["student_id"] for r in cli_rows]
    assert [r["提醒"] for r in rows] == [r["flags"] for r in cli_rows]
    for ours, theirs in (("應修學分", "required_credits"), ("實修學分", "earned_credits"), ("尚缺學分", "remaining_credits")):
        assert [r[ours] for r in rows] == [r[theirs] for r in cli_rows]
    assert rows[1]["審核結果"] == "符合（待修課中課程及格）"
    assert detail.read_bytes().startswith(b"\xef\xbb\xbf")


def test_bad_rules_exit_2_with_location(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--rules", str(ROOT / "examples/grad/invalid-rules/broken.yaml"),
                           "--out", str(tmp_path / "s.csv")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "broken.yaml 第 12 行第 14 欄：錯誤[E012]" in done.stderr
