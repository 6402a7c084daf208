"""Python and the CLI give identical results on every bundled example (examples/grad/expected.tsv):
the same JSON and text bytes, the same exit code, and for invalid input the same diagnostics."""
import pytest

import libaudit
from conftest import check_kwargs, example_cases, run_cli

CASES = example_cases()


@pytest.mark.parametrize("case,exit_code,args", CASES, ids=[c[0] for c in CASES])
def test_example_matches_cli(in_root, case, exit_code, args):
    rules, records, student, kwargs = check_kwargs(args)
    code, out, err = run_cli("check", *args, "--format", "json")
    assert code == exit_code
    if exit_code in (2, 3):
        error_class = libaudit.IoError if exit_code == 3 else ValueError
        with pytest.raises(error_class) as raised:
            libaudit.check(rules, records, student, **kwargs)
        if exit_code == 3:
            assert err == f"libaudit: {raised.value}\n"
        else:
            assert err == "".join(d.format() + "\n" for d in raised.value.diagnostics)
            assert raised.value.code in [d.code for d in raised.value.diagnostics]
        return
    result = libaudit.check(rules, records, student, **kwargs)
    assert result.exit_code == exit_code
    assert result.to_json() == out
    for lang in ("zh-TW", "en"):
        code, text, _ = run_cli("check", *args, "--lang", lang)
        assert result.to_text(lang) == text
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
