"""Python and the CLI give identical results on every bundled example (examples/*/expected.tsv:
programme audits and checks rule sets): the same JSON and text bytes, the same exit code, and for
invalid input the same diagnostics."""
import pytest

import libaudit
from conftest import check_kwargs, example_cases, run_cli

CASES = example_cases()


@pytest.mark.parametrize("case,exit_code,args", CASES, ids=[c[0] for c in CASES])
def test_example_matches_cli(in_root, case, exit_code, args):
    rules, records, student, kwargs, lang = check_kwargs(args)
    if lang:  # the case is about the report's language: the rest of the test adds --lang itself
        i = args.index("--lang")
        args = args[:i] + args[i + 2:]
    code, out, err = run_cli("check", *args, "--format", "json")
    assert code == exit_code
    # Exit 2 is either input that cannot be read at all (an exception, diagnostics on stderr) or a
    # result whose values cannot all be read (status invalid, a report on stdout).
    if exit_code == 3 or (exit_code == 2 and '"requirements"' not in out):
        error_class = libaudit.IoError if exit_code == 3 else ValueError
        with pytest.raises(error_class) as raised:
            libaudit.check(rules, records, student, **kwargs)
        # Python's messages are in the default language (zh-TW), like the CLI's without --lang;
        # Diagnostic.format(lang=...) gives either language.
        if exit_code == 3:
            assert err == f"libaudit: {raised.value}\n"
        else:
            assert err == "".join(d.format() + "\n" for d in raised.value.diagnostics)
            _, _, err_en = run_cli("check", *args, "--format", "json", "--lang", "en")
            assert err_en == "".join(d.format(lang="en") + "\n" for d in raised.value.diagnostics)
            assert raised.value.code in [d.code for d in raised.value.diagnostics]
        return
    result = libaudit.check(rules, records, student, **kwargs)
    assert result.exit_code == exit_code
    assert result.to_json() == out
    for language in ("zh-TW", "en"):
        code, text, _ = run_cli("check", *args, "--lang", language)
        assert result.to_text(language) == text
    code, unmasked, _ = run_cli("check", *args, "--format", "json", "--unmask-ids")
    assert result.to_json(unmask_ids=True) == unmasked


def test_batch_matches_cli_jsonl(in_root):
    args = ["rules", "--records", "tests/data/cohort/transcripts.csv", "--profiles", "tests/data/cohort/students.csv",
            "--as-of", "114-1"]
    code, out, _ = run_cli("batch", *args)
    items = libaudit.batch("rules", args[2], args[4], as_of="114-1", jobs=2)
    lines = out.splitlines()
    assert len(lines) == len(items)
    for item, line in zip(items, lines):
        if item.result is None:
            assert '"status":"invalid"' in line and item.subject_id in line and item.error in line
        else:
            assert item.result.to_json(compact=True) == line


def test_batch_with_a_bad_row_matches_cli(in_root, tmp_path):
    # The cohort with one bad credits cell: only that student is invalid, with the located problem.
    lines = (in_root / "tests/data/cohort/transcripts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[5].split(",")
    cells[5] = "三"
    lines[5] = ",".join(cells)
    records = tmp_path / "transcripts.csv"
    records.write_text("".join(lines), encoding="utf-8")
    profiles = "tests/data/cohort/students.csv"
    code, out, err = run_cli("batch", "rules", "--records", str(records), "--profiles", profiles, "--as-of", "114-1",
                             "--lang", "en")
    assert code == 2
    items = libaudit.batch("rules", records, profiles, as_of="114-1")
    bad = [i for i in items if i.problems]
    assert len(bad) == 1 and bad[0].result is None and bad[0].problems[0].line == 6
    for d in bad[0].problems:
        assert d.format(lang="en") in err
    valid = [i.result.to_json(compact=True) for i in items if i.result]
    assert valid == [line for line in out.splitlines() if '"status":"invalid"' not in line]
    import libaudit.pandas as lpd
    _, csv_out, _ = run_cli("batch", "rules", "--records", str(records), "--profiles", profiles, "--as-of", "114-1",
                            "--format", "csv", "--lang", "en")
    import csv
    import io
    cli_flags = [row["flags"] for row in csv.DictReader(io.StringIO(csv_out))]  # flags is no longer the last column
    assert list(lpd.summary_frame(items).flag_codes) == cli_flags
    seen = []
    assert libaudit.batch("rules", records, profiles, as_of="114-1", on_item=seen.append) == []
    assert [i.subject_id for i in seen] == [i.subject_id for i in items]


@pytest.mark.parametrize("text", ["114/10/27", "2025-08-05", "1142", "113-3"])
@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_calendar_matches_cli(text, lang):
    code, out, _ = run_cli("calendar", text, "--lang", lang)
    lookup = libaudit.lookup_calendar(text)
    assert code == 0 and lookup.to_text(lang) == out
    code, out, _ = run_cli("calendar", text, "--format", "json")
    assert code == 0 and lookup.to_json() == out


def test_calendar_of_a_summer_session():
    summer = libaudit.lookup_calendar("1133")
    assert summer.school_year == 113 and summer.term_dates is None and summer.date is None
    august = libaudit.lookup_calendar("114/08/05")
    assert august.school_year == 114 and august.summer == libaudit.Term(113, 3)
    assert libaudit.lookup_calendar("soon") is None
