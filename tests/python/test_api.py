"""The consistent Python API (issue 13 item 3): one name for ticked courses, rules first, one jobs
default, the library's CSV writer, and the package's metadata."""
import importlib.metadata
import inspect
import warnings

import pytest

import libaudit
import libaudit.pandas as lpd
from conftest import ROOT

EAM = ROOT / "examples/grad/eam-met"


def test_one_name_for_ticked_courses():
    for f in (libaudit.check, libaudit.audit, libaudit.audit_many, libaudit.batch, lpd.audit_frame):
        assert "selected" in inspect.signature(f).parameters, f.__name__
    r = libaudit.check(ROOT / "rules/ntue-eam", EAM / "transcript.csv", EAM / "student.csv", selected=[])
    with pytest.warns(DeprecationWarning):
        old = libaudit.check(ROOT / "rules/ntue-eam", EAM / "transcript.csv", EAM / "student.csv", select=[])
    assert old.status == r.status


def test_rules_first_and_one_jobs_default():
    dask = pytest.importorskip("libaudit.dask")
    for f in (lpd.audit_frame, dask.audit_dask):
        assert list(inspect.signature(f).parameters)[:2] == ["rules", "records"], f.__name__
    for f in (libaudit.audit_many, libaudit.batch, lpd.audit_frame, dask.audit_dask):
        assert inspect.signature(f).parameters["jobs"].default == 0, f.__name__


def test_csv_writer_quotes_carriage_return():
    text = libaudit._core.csv_text(["a", "b"], [["x\ry"], ["p,q"]])
    assert text == 'a,b\n"x\ry","p,q"\n'


def test_metadata_version():
    assert importlib.metadata.version("libaudit") == libaudit.__version__  # the project version
    assert importlib.metadata.metadata("libaudit")["Name"] == "libaudit"


def test_no_warning_on_the_documented_names():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        libaudit.check(ROOT / "rules/ntue-eam", EAM / "transcript.csv", EAM / "student.csv", as_of="113-2")


def test_results_pickle_round_trip():
    import pickle
    rules = libaudit.load_rulesets(ROOT / "rules/ntue-eam")
    r = libaudit.check(rules, EAM / "transcript.csv", EAM / "student.csv", as_of="113-2")
    back = pickle.loads(pickle.dumps(r))
    assert (back.status, back.exit_code, back.subject_id, back.name, back.ruleset_id, back.as_of, back.flag_codes) == \
        (r.status, r.exit_code, r.subject_id, r.name, r.ruleset_id, r.as_of, r.flag_codes)
    assert back.to_json() == r.to_json() and back.to_text("en") == r.to_text("en")
    assert back.to_json(unmask_ids=True, compact=True) == r.to_json(unmask_ids=True, compact=True)
    assert back.total.remaining.credits == r.total.remaining.credits
    assert pickle.loads(pickle.dumps(back)).to_text() == r.to_text()
    items = libaudit.batch(rules, ROOT / "tests/data/cohort/transcripts.csv", ROOT / "tests/data/cohort/students.csv")
    again = pickle.loads(pickle.dumps(items))
    assert [i.status for i in again] == [i.status for i in items]
    assert [str(p) for i in again for p in i.problems] == [str(p) for i in items for p in i.problems]


@pytest.mark.parametrize("helper, bad", [("parse_term", "1125"), ("parse_date", "soon"), ("parse_datetime", "x"),
                                         ("parse_size", "big")])
def test_parse_helpers_raise_on_bad_input(helper, bad):
    with pytest.raises(ValueError):
        getattr(libaudit, helper)(bad)
    assert getattr(libaudit._core, helper)(bad) is None  # the extension converts only


def test_parse_helpers_parse():
    assert str(libaudit.parse_term("114-1")) == "114-1"
    assert str(libaudit.parse_date("115/07/31")) == "2026-07-31"
    assert libaudit.parse_datetime("2026-03-25 10:27").hour == 10
