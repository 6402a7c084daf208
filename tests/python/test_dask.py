"""libaudit.dask on a local 2-worker Dask cluster (separate processes, like a real cluster's workers):
the same summary, detail and JSON as the in-process DataFrame API."""
import warnings

import pandas as pd
import pytest

import libaudit
import libaudit.pandas as lpd
from conftest import ROOT

warnings.filterwarnings("ignore", message=".*make_current.*", category=DeprecationWarning)  # tornado under Dask

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
import libaudit.dask as ldask  # noqa: E402

COHORT = ROOT / "tests/data/cohort"


def read(name):
    return pd.read_csv(COHORT / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=40)
        with distributed.Client(cluster) as c:
            yield c
        cluster.close()


@pytest.fixture(scope="module")
def expected():
    return lpd.audit_frame(ROOT / "rules", read("transcripts.csv"), read("students.csv"), as_of="114-1")


def by_subject(frame, keys=("subject_id",)):
    return frame.sort_values(list(keys), kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("profiles_kind", ["pandas", "dask"])
def test_summary_on_two_workers(client, expected, profiles_kind):
    records = dd.from_pandas(read("transcripts.csv"), npartitions=3)
    profiles = read("students.csv")
    if profiles_kind == "dask":
        profiles = dd.from_pandas(profiles, npartitions=2)
    summary = ldask.audit_dask(ROOT / "rules", records, profiles, as_of="114-1").compute()
    assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(by_subject(summary), by_subject(expected.summary))


def test_detail_and_json_on_two_workers(client, expected):
    records = dd.from_pandas(read("transcripts.csv"), npartitions=4)
    detail = ldask.audit_dask(ROOT / "rules", records, read("students.csv"), output="detail", as_of="114-1").compute()
    # Each subject's requirements stay together and in tree order.
    got = pd.concat([g for _, g in sorted(detail.groupby("subject_id", sort=False))]).reset_index(drop=True)
    want = pd.concat([g for _, g in sorted(expected.detail.groupby("subject_id", sort=False))]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    lines = ldask.audit_dask(ROOT / "rules", records, read("students.csv"), output="json", as_of="114-1").compute()
    ours = {i.subject_id: i.result.to_json(compact=True) for i in expected.items if i.result}
    assert {r.subject_id: r.json for r in lines.itertuples() if r.json} == ours


def test_errors_reach_the_client_located(client):
    records = read("transcripts.csv")
    records.loc[5, "學分"] = "三"
    bad_id = str(records.loc[5, "學號"])
    summary = ldask.audit_dask(ROOT / "rules", dd.from_pandas(records, npartitions=2), read("students.csv")).compute()
    bad = summary[summary.subject_id == bad_id].iloc[0]
    assert bad.status == "invalid"
    assert bad.error.startswith(f"<records DataFrame>:{5 + 2}:")  # as in the whole frame
    others = summary[summary.subject_id != bad_id]
    assert len(others) and (others.flag_codes != "invalid_input").all()
    with pytest.raises(libaudit.RuleError) as bad_rules:
        ldask.audit_dask(ROOT / "examples/grad/invalid-rules/broken.yaml", dd.from_pandas(records, npartitions=2))
    assert bad_rules.value.line == 12


def test_teachers_hours_on_two_workers(client):
    # Teachers keyed by national ID (身分證字號): the subject column is found, ids stay masked.
    folder = ROOT / "examples/hours/counselling"
    sessions = pd.read_csv(folder / "sessions.csv", dtype=str, keep_default_na=False)
    teachers = pd.read_csv(folder / "teachers.csv", dtype=str, keep_default_na=False)
    rules = ROOT / "rules/tw-inservice/counselling.yaml"
    expected = lpd.audit_frame(rules, sessions, teachers, as_of="2026-07-31").summary
    got = ldask.audit_dask(rules, dd.from_pandas(sessions, npartitions=2), teachers, as_of="2026-07-31").compute()
    pd.testing.assert_frame_equal(by_subject(got), by_subject(expected))
    assert got.subject_id.str.contains(r"\*").all()
    assert set(got.status) == {"met", "not_met", "not_applicable"}
