"""Result schema 2 (`--result-schema 2`, docs/result-schema.md) carries what version 1 carries: for
every bundled example (examples/*/expected.tsv) and a batch of the bundled cohort, the version-2
document validates against docs/schema/result-2.schema.json and, with its records and exclusion
reasons put back in place, equals the version-1 document; each record is written once."""
import json
import pickle

import pytest

import libaudit
from conftest import ROOT, check_kwargs, example_cases, run_cli

CASES = example_cases()
SCHEMAS = {v: json.loads((ROOT / "docs" / "schema" / f"result-{v}.schema.json").read_text(encoding="utf-8"))
           for v in (1, 2)}


def validate(doc, version):
    import jsonschema  # Debian: python3-jsonschema

    jsonschema.validate(doc, SCHEMAS[version])


def expand(doc):
    """A version-2 document as version 1: each index replaced by what it refers to."""
    if "records" not in doc:  # the invalid form: only the schema id differs
        return dict(doc, schema=libaudit.result_schema_id)
    records = doc["records"]
    reasons = doc["exclusion_reasons"]

    def requirement(r):
        return dict(r, counted=[records[i] for i in r["counted"]], children=[requirement(c) for c in r["children"]])

    out = {k: v for k, v in doc.items() if k not in ("records", "exclusion_reasons")}
    out["schema"] = libaudit.result_schema_id
    out["requirements"] = [requirement(r) for r in doc["requirements"]]
    out["excluded"] = [dict({"record": records[e["record"]]}, **reasons[e["reason"]]) for e in doc["excluded"]]
    return out


def check_compact(doc):
    """Each record and each exclusion reason once, and every one of them referred to."""
    records = [json.dumps(r, sort_keys=True) for r in doc["records"]]
    assert len(set(records)) == len(records)
    assert [r["row"] for r in doc["records"]] == sorted(r["row"] for r in doc["records"])
    used = set()

    def walk(r):
        used.update(r["counted"])
        for c in r["children"]:
            walk(c)

    for r in doc["requirements"]:
        walk(r)
    used.update(e["record"] for e in doc["excluded"])
    assert used == set(range(len(records)))
    reasons = [json.dumps(r, sort_keys=True) for r in doc["exclusion_reasons"]]
    assert len(set(reasons)) == len(reasons)
    assert {e["reason"] for e in doc["excluded"]} == set(range(len(reasons)))


@pytest.mark.parametrize("case,exit_code,args", CASES, ids=[c[0] for c in CASES])
def test_example_expands_to_version_1(in_root, case, exit_code, args):
    code1, out1, err1 = run_cli("check", *args, "--format", "json")
    code2, out2, err2 = run_cli("check", *args, "--format", "json", "--result-schema", "2")
    assert (code2, err2) == (code1, err1)
    if not out1:
        assert not out2
        return
    v1, v2 = json.loads(out1), json.loads(out2)
    assert v2["schema"] == "urn:libaudit:schema:result-2"
    validate(v2, 2)
    if "records" in v2:
        check_compact(v2)
    assert expand(v2) == v1


def test_batch_expands_to_version_1(in_root):
    args = ("batch", "rules", "-r", "tests/data/cohort/transcripts.csv", "-p", "tests/data/cohort/students.csv")
    code1, out1, _ = run_cli(*args)
    code2, out2, _ = run_cli(*args, "--result-schema", "2")
    assert code1 == code2
    lines1, lines2 = out1.splitlines(), out2.splitlines()
    assert len(lines1) == len(lines2) >= 8
    for a, b in zip(lines1, lines2):
        doc = json.loads(b)
        validate(doc, 2)
        assert expand(doc) == json.loads(a)
    assert len(out2) < 0.9 * len(out1)  # what the version is for


def test_python_and_pickle_give_the_cli_bytes(in_root):
    case = next(c for c in CASES if c[0].startswith("grad/") and c[1] == 4)
    rules, records, student, kwargs, _ = check_kwargs(case[2])
    _, cli_out, _ = run_cli("check", *case[2], "--format", "json", "--result-schema", "2")
    result = libaudit.check(rules, records, student, **kwargs)
    assert result.to_json(result_schema=2) == cli_out
    assert libaudit.render_json(result, result_schema=2) == cli_out
    assert pickle.loads(pickle.dumps(result)).to_json(result_schema=2) == cli_out
    assert json.loads(result.to_json(compact=True, result_schema=2)) == json.loads(cli_out)
    with pytest.raises(ValueError):
        result.to_json(result_schema=3)


def test_cli_refuses_other_versions(in_root):
    code, _, err = run_cli("check", "rules/ntue-eam", "--records", "examples/grad/eam-met/transcript.csv",
                           "--result-schema", "3")
    assert code != 0 and "3" in err
