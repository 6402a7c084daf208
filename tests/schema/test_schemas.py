#!/usr/bin/env python3
"""Keeps docs/schema/rules-1.schema.json and ruletest-1.schema.json in sync with the loader.

    test_schemas.py LIBAUDIT_BINARY        (run from anywhere; paths are relative to the repo root)

Checks:
  a. every bundled rule file (rules/**/*.yaml except *.test.yaml, and examples/**/*.yaml files with
     a top-level `libaudit:` key, except examples/grad/invalid-rules/) is valid against the schema
     and loads in the real loader;
  b. every *.test.yaml is valid against ruletest-1.schema.json (plus a built-in sample);
  c. an unknown key injected into each kind of mapping is rejected by the schema AND by the loader
     (`libaudit check` exits 2 with error[E010]);
  d. valid variants (domain lists, entry-year ranges, nested any/at_least, {not: ...}) are accepted
     by both; invalid values (ranges, enums, ids, shapes) are rejected by both;
  e. the mappings' keys, required keys, integer ranges, numbers and booleans parsed out of
     libaudit/src/load.cpp match the schema.
Prints one line per check and a final "N passed, M failed"; exits 1 on any failure.
Needs Debian's python3-yaml and python3-jsonschema (no PyPI packages).
"""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import yaml  # Debian: python3-yaml
    import jsonschema  # Debian: python3-jsonschema
except ImportError as e:  # pragma: no cover
    print(f"cannot import {e.name}: install python3-yaml and python3-jsonschema (bash .ci/install-deps)")
    sys.exit(2)

ROOT = Path(__file__).resolve().parents[2]
RULES_SCHEMA = ROOT / "docs" / "schema" / "rules-1.schema.json"
TEST_SCHEMA = ROOT / "docs" / "schema" / "ruletest-1.schema.json"
LOADER = ROOT / "libaudit" / "src" / "load.cpp"
BASE_RULES = ROOT / "rules" / "ntue-eam" / "eam-mse-113.yaml"
TRANSCRIPT = "examples/grad/eam-met/transcript.csv"
UNKNOWN = "unknown_key_xyz"

passed = 0
failed = 0


def result(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok      {name}")
    else:
        failed += 1
        print(f"FAILED  {name}" + (f"\n        {detail}" if detail else ""))


def rel(p):
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def messages(err):
    yield err.message
    for c in err.context or ():
        yield from messages(c)


def describe_errors(validator, doc, limit=5):
    out = []
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        msg = e.message
        # YAML 1.1 (PyYAML) reads unquoted 2024.1, 1131, yes/no as numbers / booleans.
        if e.validator == "type" and "string" in str(e.validator_value) and isinstance(e.instance, (int, float, bool)):
            msg += " -- unquoted in the file? YAML 1.1 readers take it for a number/boolean: quote it"
        out.append(f"{where}: {msg}")
        if len(out) == limit:
            out.append("...")
            break
    return "; ".join(out)


# ---- the real loader, through the CLI ---------------------------------------------------------
def run_cli(binary, rule_file):
    p = subprocess.run([binary, "check", str(rule_file), "--records", TRANSCRIPT], cwd=ROOT,
                       capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120)
    return p.returncode, p.stderr


def loader_accepts(binary, rule_file):
    code, err = run_cli(binary, rule_file)
    ok = code not in (2, 3) and "error[" not in err
    return ok, f"exit {code}: {err.strip()[:400]}"


def loader_rejects(binary, rule_file, code_wanted=None, text_wanted=None):
    code, err = run_cli(binary, rule_file)
    ok = code == 2 and "error[" in err
    if code_wanted:
        ok = ok and f"error[{code_wanted}]" in err
    if text_wanted:
        ok = ok and text_wanted in err
    return ok, f"exit {code}: {err.strip()[:400]}"


def write_rules(tmp, name, doc):
    # JSON is YAML 1.2: the loader reads it exactly (quoted strings stay text, numbers stay numbers).
    path = Path(tmp) / f"{name}.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


# ---- a. bundled rule files -------------------------------------------------------------------
def bundled_rule_files():
    files = [p for p in sorted((ROOT / "rules").rglob("*.y*ml")) if not p.name.endswith((".test.yaml", ".test.yml"))]
    for p in sorted((ROOT / "examples").rglob("*.y*ml")):
        if "invalid-rules" in p.relative_to(ROOT / "examples").parts or p.name.endswith((".test.yaml", ".test.yml")):
            continue
        if re.search(r"^libaudit\s*:", p.read_text(encoding="utf-8"), re.M):
            files.append(p)
    return files


def schema_accepts(validator, f, label):
    """Reports whether the YAML file `f` reads and validates against `validator`."""
    try:
        doc = load_yaml(f)
    except yaml.YAMLError as e:
        result(False, f"{label} accepts {rel(f)}", f"PyYAML cannot read it: {e}")
        return
    errs = describe_errors(validator, doc)
    result(not errs, f"{label} accepts {rel(f)}", errs)


def check_bundled(rules_v, binary):
    files = bundled_rule_files()
    result(len(files) > 0, "bundled rule files found", "no rule files under rules/ or examples/")
    for f in files:
        schema_accepts(rules_v, f, "schema")
        ok, detail = loader_accepts(binary, f)
        result(ok, f"loader accepts {rel(f)}", detail)


# ---- b. rule-test files ----------------------------------------------------------------------
SAMPLE_TEST = """
libaudit_test: 1
rules: ../eam-mse-113.yaml
cases:
  - name: 修畢全部課程
    as_of: "114-1"
    select: [EAM6405]
    student:
      student_id: "211371001"
      programme: EAM-MSE
      entry_year: 113
      semesters: 3
      english_name: "WANG, TA-MING"
      email: a211371001@grad.ntue.edu.tw
      mobile: "0912345678"
    records:
      - {code: EAM6001, term: "1131", credits: 3, grade: "85"}
      - {code: EAM6105, term: "113-2", credits: 3, grade: F, dept: 教育經營與管理學系, selected: false}
    expect:
      status: met
      flags: [teacher_education_pending]
      requirements:
        domain.core: {status: met, earned: {credits: 9, courses: 3}}
        total: {remaining: {credits: 0}}
      excluded:
        EAM6105: failed
  - name: 成績單檔案
    records: ../../../examples/grad/eam-met/transcript.csv
    expect: {status: not_met}
"""


def check_ruletests(test_v):
    sample = yaml.safe_load(SAMPLE_TEST)
    errs = describe_errors(test_v, sample)
    result(not errs, "ruletest schema accepts the issue-7 sample", errs)
    for where, mutate in [
        ("top level", lambda d: d.__setitem__(UNKNOWN, 1)),
        ("a case", lambda d: d["cases"][0].__setitem__(UNKNOWN, 1)),
        ("student", lambda d: d["cases"][0]["student"].__setitem__(UNKNOWN, 1)),
        ("a record", lambda d: d["cases"][0]["records"][0].__setitem__(UNKNOWN, 1)),
        ("expect", lambda d: d["cases"][0]["expect"].__setitem__(UNKNOWN, 1)),
        ("expect.requirements", lambda d: d["cases"][0]["expect"]["requirements"]["total"].__setitem__(UNKNOWN, 1)),
    ]:
        doc = copy.deepcopy(sample)
        mutate(doc)
        result(not test_v.is_valid(doc), f"ruletest schema rejects an unknown key in {where}")
    for what, mutate in [
        ("a bad status", lambda d: d["cases"][0]["expect"].__setitem__("status", "passed")),
        ("an unquoted term", lambda d: d["cases"][0]["records"][0].__setitem__("term", 1131)),
        ("a bad term", lambda d: d["cases"][0].__setitem__("as_of", "114-5")),
        ("a bad exclusion reason", lambda d: d["cases"][0]["expect"]["excluded"].__setitem__("EAM6105", "bad")),
        ("a case without name", lambda d: d["cases"][0].pop("name")),
        ("a case without records", lambda d: d["cases"][0].pop("records")),
        ("a case without expect", lambda d: d["cases"][0].pop("expect")),
        ("libaudit_test: 2", lambda d: d.__setitem__("libaudit_test", 2)),
    ]:
        doc = copy.deepcopy(sample)
        mutate(doc)
        result(not test_v.is_valid(doc), f"ruletest schema rejects {what}")

    files = [p for p in sorted(ROOT.rglob("*.test.y*ml")) if "build" not in p.relative_to(ROOT).parts[:1]
             and not p.relative_to(ROOT).parts[0].startswith(".")]
    if not files:
        print("        (no *.test.yaml files in the repository yet)")
    for f in files:
        schema_accepts(test_v, f, "ruletest schema")


# ---- c. unknown keys: rejected by both ------------------------------------------------------
def injections(base):
    """(name, mutate) pairs: one unknown key in each kind of mapping the loader reads."""
    return [
        ("top level", lambda d: d.__setitem__(UNKNOWN, 1)),
        ("applies_to", lambda d: d["applies_to"].__setitem__(UNKNOWN, 1)),
        ("grading", lambda d: d["grading"].__setitem__(UNKNOWN, 1)),
        ("a course", lambda d: d["courses"][0].__setitem__(UNKNOWN, 1)),
        ("a domain", lambda d: d["domains"][0].__setitem__(UNKNOWN, 1)),
        ("total", lambda d: d["total"].__setitem__(UNKNOWN, 1)),
        ("a cap", lambda d: d["total"]["caps"][0].__setitem__(UNKNOWN, 1)),
        ("a where filter", lambda d: d["total"]["caps"][0]["where"].__setitem__(UNKNOWN, "x")),
        ("a {not: ...} value", lambda d: d["total"]["caps"][0]["where"]["dept"].__setitem__(UNKNOWN, "x")),
        ("flexible", lambda d: d["flexible"].__setitem__(UNKNOWN, 1)),
        ("a requirement node", lambda d: d["requirements"][0].__setitem__(UNKNOWN, 1)),
        ("a nested requirement node", lambda d: d["requirements"][0]["any"][1].__setitem__(UNKNOWN, 1)),
        ("eligibility", lambda d: d["eligibility"].__setitem__(UNKNOWN, 1)),
        ("a check", lambda d: d["checks"][0].__setitem__(UNKNOWN, 1)),
        ("allocation", lambda d: d.__setitem__("allocation", {"max_steps": 200000, UNKNOWN: 1})),
    ]


def check_unknown_keys(rules_v, binary, base, tmp):
    for i, (where, mutate) in enumerate(injections(base)):
        doc = copy.deepcopy(base)
        mutate(doc)
        errors = list(rules_v.iter_errors(doc))
        named = any(UNKNOWN in m for e in errors for m in messages(e))
        result(bool(errors) and named, f"schema rejects an unknown key in {where}",
               "accepted" if not errors else "rejected, but no error names the key: " + describe_errors(rules_v, doc))
        path = write_rules(tmp, f"unknown-{i}", doc)
        ok, detail = loader_rejects(binary, path, "E010", f"unknown key '{UNKNOWN}'")
        result(ok, f"loader rejects an unknown key in {where} (E010)", detail)


# ---- d. valid and invalid variants ----------------------------------------------------------
def course(d, code):
    return next(c for c in d["courses"] if c["code"] == code)


def valid_variants():
    def domain_list(d):
        course(d, "EAM6401")["domain"] = ["leadership", "innovation"]
        course(d, "EAM6402")["domain"] = ["core"]

    def nested(d):
        d["requirements"].append({
            "id": "choice", "title": "巢狀選修",
            "any": [
                {"id": "choice.two", "title": "三選二", "at_least": 2, "of": [
                    {"id": "choice.two.a", "title": "A", "courses": ["EAM6401"]},
                    {"id": "choice.two.b", "title": "B", "courses": "EAM6402"},
                    {"id": "choice.two.c", "title": "C", "all": [
                        {"id": "choice.two.c.1", "title": "C1", "courses": ["EAM6403", "EAM6404"], "min_courses": 1},
                        {"id": "choice.two.c.2", "title": "C2", "domain": "leadership", "min_credits": 2,
                         "max_credits": 9, "max_courses": 4, "share": True},
                    ]},
                ]},
                {"id": "choice_other-1", "title": "其他", "where": {"tag": "專題研討"}, "min_credits": 2.5,
                 "caps": [{"title": "外校", "where": {"school": {"not": ""}}, "max_courses": 1}], "share": True},
            ],
        })

    def negations(d):
        d["requirements"].append({
            "id": "outside", "title": "排除條件", "share": True, "min_courses": 0,
            "where": {"dept": {"not": ["外系", "外所"]}, "school": {"not": ""}, "code": ["EAM6401", "EAM6402"],
                      "category": "選修", "tag": ["a", "b"], "domain": {"not": "core"},
                      "type": {"not": ["required"]}, "in_framework": {"not": False}, "selected": False},
        })
        d["flexible"]["where"] = {"category": {"not": "學士班課程"}, "type": "elective", "domain": ["core"]}

    def minimal(d):
        for k in list(d):
            if k not in ("libaudit", "kind", "id", "version", "title"):
                del d[k]
        d["id"] = "_Demo.mse-114"
        d["courses"] = [{"code": "DEM6001", "title": "示範專題研究", "credits": 3, "type": "required"}]
        d["total"] = {"min_credits": 3}

    def lenient(d):
        d["grading"].update({"pass_mark": 60.5, "pass_grades": "通過", "failed_grades": [], "repeats": "latest"})
        course(d, "EAM6401").update({"equivalents": "EAM5401", "year": 10, "semester": 0, "credits": 0})
        d["domains"][0].update({"max_credits": 12, "min_courses": 0})
        d["eligibility"].update({"min_semesters": 0, "max_years": 20, "teacher_education_warning": False})
        d["checks"].append({"field": "national_id", "validator": "national_id", "required": False, "severity": "warning"})
        d["checks"].append({"field": "name", "validator": "present"})
        d["allocation"] = {"max_steps": 2000000000}
        d["total"]["caps"].append({"max_courses": 5})

    return [
        ("domain as a list", domain_list),
        ("entry_years as a range string", lambda d: d["applies_to"].__setitem__("entry_years", "112-114")),
        ("entry_years as a list with a range", lambda d: d["applies_to"].__setitem__("entry_years", [110, "112-114", 199])),
        ("programme as a string", lambda d: d["applies_to"].__setitem__("programme", "EAM-MSE")),
        ("a nested any/at_least/all requirement", nested),
        ("where filters with {not: ...}", negations),
        ("the smallest file", minimal),
        ("boundary values and single-text lists", lenient),
    ]


def invalid_variants():
    def req(**kw):
        node = {"id": "bad", "title": "bad"}
        node.update(kw)
        return lambda d: d["requirements"].append(node)

    return [
        ("libaudit: 2", lambda d: d.__setitem__("libaudit", 2)),
        ("kind: hours", lambda d: d.__setitem__("kind", "hours")),
        ("a file id with a space", lambda d: d.__setitem__("id", "ntue eam")),
        ("a file id starting with '-'", lambda d: d.__setitem__("id", "-ntue")),
        ("version as a list", lambda d: d.__setitem__("version", ["2024", "1"])),
        ("no total", lambda d: d.pop("total")),
        ("entry_years 200", lambda d: d["applies_to"].__setitem__("entry_years", 200)),
        ("entry_years quoted \"113\"", lambda d: d["applies_to"].__setitem__("entry_years", "113")),
        ("entry_years range \"112-300\"", lambda d: d["applies_to"].__setitem__("entry_years", "112-300")),
        ("entry_years range \"a-b\"", lambda d: d["applies_to"].__setitem__("entry_years", ["a-b"])),
        ("repeats: worst", lambda d: d["grading"].__setitem__("repeats", "worst")),
        ("pass_mark -1", lambda d: d["grading"].__setitem__("pass_mark", -1)),
        ("negative credits", lambda d: course(d, "EAM6001").__setitem__("credits", -1)),
        ("credits as text", lambda d: course(d, "EAM6001").__setitem__("credits", "三學分")),
        ("a course without title", lambda d: course(d, "EAM6001").pop("title")),
        ("course type: core", lambda d: course(d, "EAM6401").__setitem__("type", "core")),
        ("semester 4", lambda d: course(d, "EAM6401").__setitem__("semester", 4)),
        ("year 0", lambda d: course(d, "EAM6401").__setitem__("year", 0)),
        ("year 2.5", lambda d: course(d, "EAM6401").__setitem__("year", 2.5)),
        ("a required course in two domains", lambda d: course(d, "EAM6001").__setitem__("domain", ["core", "leadership"])),
        ("a domain id with '.'", lambda d: (d["domains"][0].__setitem__("id", "co.re"),
                                            [c.__setitem__("domain", "co.re") for c in d["courses"] if c.get("domain") == "core"])),
        ("domain min_courses 1001", lambda d: d["domains"][0].__setitem__("min_courses", 1001)),
        ("domains as a mapping", lambda d: d.__setitem__("domains", {"id": "core", "title": "x"})),
        ("total without min_credits", lambda d: d["total"].pop("min_credits")),
        ("a cap without max_credits or max_courses", lambda d: d["total"]["caps"][0].pop("max_credits")),
        ("flexible without max_credits", lambda d: d["flexible"].pop("max_credits")),
        ("requires_approval as text", lambda d: d["flexible"].__setitem__("requires_approval", "yes")),
        ("a requirement id with a space", req(id="a b", courses=["EAM6401"])),
        ("a requirement with two shapes", req(any=[], courses=["EAM6401"])),
        ("a requirement with no shape", req(min_credits=3)),
        ("of without at_least", req(courses=["EAM6401"], of=[])),
        ("at_least without of", req(at_least=1)),
        ("at_least 0", req(at_least=0, of=[{"id": "bad.a", "title": "a", "courses": ["EAM6401"]}])),
        ("a requirement domain list", req(domain=["core"])),
        ("share as text", req(courses=["EAM6401"], share="true")),
        ("max_courses -1", req(courses=["EAM6401"], max_courses=-1)),
        ("a where type: core", req(where={"type": "core"})),
        ("a where type {not: core}", req(where={"type": {"not": "core"}})),
        ("a where in_framework list", req(where={"in_framework": [True]})),
        ("a where selected \"yes\"", req(where={"selected": "yes"})),
        ("a where {not: {not: ...}}", req(where={"dept": {"not": {"not": "x"}}})),
        ("a where as a list", req(where=[{"dept": "x"}])),
        ("min_semesters 41", lambda d: d["eligibility"].__setitem__("min_semesters", 41)),
        ("max_years 0", lambda d: d["eligibility"].__setitem__("max_years", 0)),
        ("check field: phone", lambda d: d["checks"][0].__setitem__("field", "phone")),
        ("check validator: passport", lambda d: d["checks"][0].__setitem__("validator", "passport")),
        ("check severity: fatal", lambda d: d["checks"][0].__setitem__("severity", "fatal")),
        ("check without validator", lambda d: d["checks"][0].pop("validator")),
        ("max_steps 0", lambda d: d.__setitem__("allocation", {"max_steps": 0})),
    ]


def check_variants(rules_v, binary, base, tmp):
    for i, (what, mutate) in enumerate(valid_variants()):
        doc = copy.deepcopy(base)
        mutate(doc)
        errs = describe_errors(rules_v, doc)
        result(not errs, f"schema accepts {what}", errs)
        ok, detail = loader_accepts(binary, write_rules(tmp, f"valid-{i}", doc))
        result(ok, f"loader accepts {what}", detail)
    for i, (what, mutate) in enumerate(invalid_variants()):
        doc = copy.deepcopy(base)
        mutate(doc)
        result(not rules_v.is_valid(doc), f"schema rejects {what}", "accepted")
        ok, detail = loader_rejects(binary, write_rules(tmp, f"invalid-{i}", doc))
        result(ok, f"loader rejects {what}", detail)


# ---- e. the loader's keys and value checks are the schema's -----------------------------------
# Each Map context in the C++ reader and the schema location(s) of the mapping it reads.
RULES_CONTEXTS = {
    "the rule file": ["#"],
    "'applies_to'": ["#/$defs/applies_to"],
    "'grading'": ["#/$defs/grading"],
    "a course": ["#/$defs/course"],
    "a domain": ["#/$defs/domain"],
    "'total'": ["#/$defs/total"],
    "a cap": ["#/$defs/cap"],
    "'flexible'": ["#/$defs/flexible"],
    "a requirement": ["#/$defs/requirement"],
    "'where'": ["#/$defs/filter"],
    "'eligibility'": ["#/$defs/eligibility"],
    "a check": ["#/$defs/check"],
    "'allocation'": ["#/$defs/allocation"],
    # {not: ...} in a filter: its context is the filter key's name.
    "\"'\" + name + \"'\"": ["#/$defs/filter_text/anyOf/2", "#/$defs/filter_boolean/anyOf/1",
                             "#/$defs/filter/properties/domain/anyOf/2", "#/$defs/filter/properties/type/anyOf/2"],
}
TEST_READER = ROOT / "libaudit" / "src" / "ruletest.cpp"
TEST_CONTEXTS = {
    "the test file": ["#"],
    "a test case": ["#/$defs/case"],
    "'student'": ["#/$defs/student"],
    "a record": ["#/$defs/record"],
    "'expect'": ["#/$defs/expect"],
    "\"requirement '\" + kv.first.Scalar() + \"'\"": ["#/$defs/expect/properties/requirements/additionalProperties"],
    "\"'\" + key + \"'\"": ["#/$defs/amount"],
}


def strings_in(text):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


def context(expr):
    """A Map's context argument: the text of a plain string literal, else the C++ expression."""
    expr = expr.strip()
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', expr)
    return m.group(1) if m else expr


def parse_reader(src):
    """[(var, keys, context, position)] for every Map the reader builds, the number of Map
    constructions in the source, and the source without // comments."""
    src_nc = re.sub(r"//[^\n]*", "", src)
    maps = []
    decl = re.compile(r"\bMap\s+(\w+)\s*\(\s*\*this\s*,\s*[^,]+?,\s*(\{[^{}]*\}|\w+)\s*,\s*(.*?)\)\s*;", re.S)
    for m in decl.finditer(src_nc):
        var, keys, ctx = m.group(1), m.group(2), context(m.group(3))
        if keys.startswith("{"):
            key_list = strings_in(keys)
        else:  # a key list built elsewhere: the filter's {"name", Field::x} table
            key_list = re.findall(r'\{\s*"(\w+)"\s*,\s*Field::\w+\s*\}', src_nc)
        maps.append((var, key_list, ctx, m.start()))
    emplace = re.compile(r"\b(\w+)(?:\.|->)emplace\(\s*\*this\s*,\s*[^,]+?,\s*std::vector<std::string>\s*(\{[^{}]*\})\s*,\s*(.*?)\)\s*;", re.S)
    for m in emplace.finditer(src_nc):
        maps.append((m.group(1), strings_in(m.group(2)), context(m.group(3)), m.start()))
    maps.sort(key=lambda x: x[3])
    declared = len(re.findall(r"\bMap\s+\w+\s*\(", src_nc)) + len(re.findall(r"(?:\.|->)emplace\(\s*\*this", src_nc))
    return maps, declared, src_nc


def owner(maps, src, pos, key, var=None):
    """The Map a key read at pos belongs to: the Map variable read with .get/.required("key") just
    before pos; its nearest declaration before pos that has the key, else the nearest after it (a
    `const Map&` parameter, e.g. thresholds(a, ...) called from requirement()); else every Map
    that has the key."""
    if var is None:
        gets = list(re.finditer(r"\b(\w+)(?:\.|->)(?:get|required)\(\s*\"" + re.escape(key) + r"\"\s*\)",
                                src[max(0, pos - 1500):pos]))
        var = gets[-1].group(1) if gets else None
    having = [x for x in maps if key in x[1]]
    same = [x for x in having if x[0] == var]
    before = [x for x in same if x[3] < pos]
    after = [x for x in same if x[3] > pos]
    if before:
        return [before[-1]]
    if after:
        return [after[0]]
    return having


def resolve(schema, pointer):
    node = schema
    for part in pointer.lstrip("#").strip("/").split("/"):
        if part:
            node = node[int(part)] if isinstance(node, list) else node[part.replace("~1", "/").replace("~0", "~")]
    return node


def walk(node, pointer="#"):
    yield pointer, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, f"{pointer}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{pointer}/{i}")


def leaf_types(schema, node, seen=frozenset()):
    """The typed leaf schemas a property schema may resolve to (through $ref, anyOf, oneOf, items)."""
    if "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            return
        merged = dict(resolve(schema, ref))
        merged.update({k: v for k, v in node.items() if k not in ("$ref", "description")})
        yield from leaf_types(schema, merged, seen | {ref})
        return
    branches = node.get("anyOf") or node.get("oneOf")
    if branches:
        for b in branches:
            yield from leaf_types(schema, b, seen)
        return
    if node.get("type") == "array" and "items" in node:
        yield from leaf_types(schema, node["items"], seen)
        return
    yield node


def check_reader_sync(label, schema, source, contexts):
    src = source.read_text(encoding="utf-8")
    maps, declared, src_nc = parse_reader(src)
    name = rel(source)
    result(len(maps) == declared and len(maps) >= 5, f"{name}: parsed every Map(...) ({len(maps)} of {declared})",
           "some Map constructions could not be parsed: extend parse_reader()")

    # Every key the reader knows is a property name somewhere in the schema.
    names = set()
    for _, node in walk(schema):
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            names.update(node["properties"])
    all_keys = sorted({k for _, keys, _, _ in maps for k in keys})
    missing = [k for k in all_keys if k not in names]
    result(bool(all_keys) and not missing, f"{name}: every key ({len(all_keys)}) is a property in {label}",
           f"missing from the schema: {missing}")

    # Per mapping: exactly the reader's keys, closed.
    covered = set()
    for var, keys, ctx, _ in maps:
        pointers = contexts.get(ctx)
        if pointers is None:
            result(False, f"{name}: mapping {ctx} has a place in {label}",
                   f"new Map context {ctx}: add it to the schema and to the CONTEXTS table of this script")
            continue
        for ptr in pointers:
            covered.add(ptr)
            try:
                node = resolve(schema, ptr)
            except (KeyError, IndexError, ValueError):
                result(False, f"{label} {ptr} exists for {ctx}", "missing")
                continue
            props = set(node.get("properties", {}))
            closed = node.get("additionalProperties") is False
            result(props == set(keys) and closed, f"{label} {ptr} has exactly the keys of {ctx}",
                   f"reader {sorted(keys)}, schema {sorted(props)}, additionalProperties false: {closed}")
    for ptr, node in walk(schema):
        if isinstance(node, dict) and node.get("additionalProperties") is False and ptr not in covered:
            result(False, f"{label} {ptr} is a mapping the reader reads", "not matched to any Map context")

    # Required keys: X.required("k") belongs to the nearest Map X declared before it.
    req_by_ctx = {}
    for m in re.finditer(r"\b(\w+)(?:\.|->)required\(\s*\"(\w+)\"\s*\)", src_nc):
        for o in owner(maps, src_nc, m.start(), m.group(2), m.group(1)):
            req_by_ctx.setdefault(o[2], set()).add(m.group(2))
    for ctx, pointers in contexts.items():
        reader_req = req_by_ctx.get(ctx, set())
        for ptr in pointers:
            try:
                node = resolve(schema, ptr)
            except (KeyError, IndexError, ValueError):
                continue
            schema_req = set(node.get("required", []))
            conditional = {k for ks in node.get("dependentRequired", {}).values() for k in ks}
            ok = schema_req <= reader_req <= schema_req | conditional
            result(ok, f"{label} {ptr} requires what {ctx} requires",
                   f"reader requires {sorted(reader_req)}, schema {sorted(schema_req)} (+ conditional {sorted(conditional)})")

    # Value checks: integer ranges, non-negative numbers, booleans, in the mapping that reads them.
    rxs = [("integer", r"\binteger\(\s*[^,()]+,\s*\"(\w+)\"\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*\)"),
           ("number", r"\bnumber\(\s*[^,()]+,\s*\"(\w+)\"\s*(?:,\s*(\w+)\s*)?\)"),
           ("boolean", r"\bboolean\(\s*[^,()]+,\s*\"(\w+)\"\s*\)")]
    for kind, rx in rxs:
        for m in re.finditer(rx, src_nc):
            key = m.group(1)
            leaves = []
            for o in owner(maps, src_nc, m.start(), key):
                for ptr in contexts.get(o[2], []):
                    prop = resolve(schema, ptr).get("properties", {}).get(key)
                    if prop is not None:
                        leaves += [(f"{ptr}/properties/{key}", leaf) for leaf in leaf_types(schema, prop)]
            where = sorted({p for p, _ in leaves}) or "nowhere"
            if kind == "integer":
                lo, hi = int(m.group(2)), int(m.group(3))
                ints = [(p, l) for p, l in leaves if l.get("type") == "integer"]
                bad = [p for p, l in ints if not (("const" in l and lo <= l["const"] <= hi) or
                                                  (l.get("minimum") == lo and l.get("maximum") == hi))]
                bad += [p for p, l in leaves if l.get("type") == "number"]
                result(bool(ints) and not bad, f"'{key}' is an integer {lo}..{hi} at {where}",
                       f"wrong or missing range at {sorted(set(bad)) or 'no integer schema'}")
            elif kind == "number":
                non_negative = m.group(2) in (None, "true")
                nums = [(p, l) for p, l in leaves if l.get("type") == "number"]
                bad = [p for p, l in nums if non_negative and l.get("minimum") != 0]
                bad += [p for p, l in leaves if l.get("type") == "integer"]
                result(bool(nums) and not bad,
                       f"'{key}' is a{' non-negative' if non_negative else ''} number at {where}",
                       f"wrong at {bad or 'no number schema'}")
            else:
                bools = [p for p, l in leaves if l.get("type") == "boolean"]
                others = [p for p, l in leaves if l.get("type") not in ("boolean", "object")]
                result(bool(bools) and not others, f"'{key}' is a boolean at {where}",
                       f"booleans at {bools}, other types at {others}")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    if not os.access(binary, os.X_OK):
        print(f"not an executable: {binary}")
        return 2
    os.chdir(ROOT)
    rules_schema, test_schema = load_json(RULES_SCHEMA), load_json(TEST_SCHEMA)
    for name, s in [("rules-1", rules_schema), ("ruletest-1", test_schema)]:
        try:
            jsonschema.Draft202012Validator.check_schema(s)
            result(True, f"{name}.schema.json is a valid draft 2020-12 schema")
        except jsonschema.SchemaError as e:
            result(False, f"{name}.schema.json is a valid draft 2020-12 schema", e.message)
            print(f"{passed} passed, {failed} failed")
            return 1
    rules_v = jsonschema.Draft202012Validator(rules_schema)
    test_v = jsonschema.Draft202012Validator(test_schema)
    base = load_yaml(BASE_RULES)

    print("-- a. bundled rule files")
    check_bundled(rules_v, binary)
    print("-- b. rule-test files")
    check_ruletests(test_v)
    with tempfile.TemporaryDirectory(prefix="libaudit-schema-") as tmp:
        print("-- c. unknown keys")
        check_unknown_keys(rules_v, binary, base, tmp)
        print("-- d. variants")
        check_variants(rules_v, binary, base, tmp)
    print("-- e. the C++ readers and the schemas")
    check_reader_sync("rules-1", rules_schema, LOADER, RULES_CONTEXTS)
    if TEST_READER.exists():
        check_reader_sync("ruletest-1", test_schema, TEST_READER, TEST_CONTEXTS)
    else:
        print(f"        ({rel(TEST_READER)} does not exist yet)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
