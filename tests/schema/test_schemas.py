#!/usr/bin/env python3
"""Keeps docs/schema/rules-1.schema.json and ruletest-1.schema.json in sync with the loader.

    test_schemas.py LIBAUDIT_BINARY        (run from anywhere; paths are relative to the repo root)

Checks:
  a. every bundled rule file (rules/**/*.yaml except *.test.yaml, and examples/**/*.yaml files with
     a top-level `libaudit:` key, except examples/grad/invalid-rules/) is valid against the schema
     and loads in the real loader (`libaudit check` for kind: programme, `libaudit lint` for
     kind: checks, which checks datasets rather than a transcript);
  b. every *.test.yaml is valid against ruletest-1.schema.json (plus a built-in sample);
  c. an unknown key injected into each kind of mapping (of both kinds of rule file) is rejected by
     the schema AND by the loader (exit 2 with error[E010]);
  d. valid variants (domain lists, entry-year ranges, nested any/at_least, {not: ...}; for checks
     files field shorthands, validator settings, group sums) are accepted by both; invalid values
     (ranges, enums, ids, shapes) are rejected by both;
  e. the mappings' keys, required keys, integer ranges, numbers and booleans parsed out of
     the loaders (libaudit/src/rules/rule_reader.*, libaudit/src/families/*/load*.cpp) match the schema.
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
# Every loader of the library: the shared reader (rules/rule_reader.*) and each family's
# (families/*/load*.cpp).
LOADER = sorted((ROOT / "libaudit" / "src").glob("rules/rule_reader.*")) + sorted((ROOT / "libaudit" / "src").glob("families/*/load*.cpp"))
# engine/load.cpp reads `lint:` (silenced warnings) before any family's loader sees the file: a key
# of every kind of rule file, on top of the keys each family's top-level Map lists.
LOADER.append(ROOT / "libaudit" / "src" / "engine" / "load.cpp")
ENGINE_TOP_KEYS = {"rule_file": ["lint"], "hours_rule_file": ["lint"], "checks_rule_file": ["lint"]}
BASE_RULES = ROOT / "rules" / "ntue-eam" / "eam-mse-113.yaml"
# kind: checks bases: settings with tables, operands, span, within, group_by; identity with
# validators (plain and with settings), templates and defaults with `when`.
BASE_SETTINGS = ROOT / "rules" / "k12-portfolio" / "portfolio-settings.yaml"
BASE_IDENTITY = ROOT / "rules" / "ntue-identity" / "student-identity.yaml"
BASE_ORGANISER = ROOT / "rules" / "tw-inservice-organiser" / "course-compliance.yaml"
TRANSCRIPT = "examples/grad/eam-met/transcript.csv"
# Text in two languages: read by YamlReader::bilingual() (no Map), described by this schema node.
BILINGUAL_READER = ROOT / "libaudit" / "src" / "rules" / "yaml_reader.hpp"
BILINGUAL_SCHEMA = "#/$defs/bilingual_text/anyOf/1"
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
def is_checks_file(rule_file):
    try:
        doc = load_yaml(rule_file)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return False
    return isinstance(doc, dict) and doc.get("kind") == "checks"


def run_cli(binary, rule_file):
    """A programme file is audited against a transcript (`check`); a checks file checks datasets, not
    a student, so it is loaded with `lint` (which prints its diagnostics on stdout)."""
    lint = is_checks_file(rule_file)
    cmd = [binary, "lint", "--lang", "en", str(rule_file)] if lint else [binary, "check", "--lang", "en", str(rule_file), "--records", TRANSCRIPT]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="replace",
                       timeout=120)
    return p.returncode, p.stderr + p.stdout if lint else p.stderr


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


def rule_with(d, rule_id):
    return next(r for r in d["rules"] if r["id"] == rule_id)


def checks_injections():
    """(name, base, mutate) triples: one unknown key in each kind of mapping of a checks file."""
    def field_spec(d, table, name):
        return d["tables"][table]["fields"][name]

    return [
        ("top level (kind: checks)", "settings", lambda d: d.__setitem__(UNKNOWN, 1)),
        ("a table", "settings", lambda d: d["tables"]["settings"].__setitem__(UNKNOWN, 1)),
        ("a field", "settings", lambda d: field_spec(d, "settings", "upload_cap").__setitem__(UNKNOWN, 1)),
        ("a default {field: ...}", "settings",
         lambda d: field_spec(d, "receipts", "confirm_start")["default"].__setitem__(UNKNOWN, 1)),
        ("a default {template: ...}", "identity",
         lambda d: field_spec(d, "students", "portal_default_password")["default"].__setitem__(UNKNOWN, 1)),
        ("a rule", "settings", lambda d: rule_with(d, "upload-cap-min").__setitem__(UNKNOWN, 1)),
        ("a rule's max {field: ...}", "settings", lambda d: rule_with(d, "subject-cap-max")["max"].__setitem__(UNKNOWN, 1)),
        ("a group rule's max {table: ...}", "settings",
         lambda d: rule_with(d, "uploads-per-semester")["max"].__setitem__(UNKNOWN, 1)),
        ("a {not: ...} condition", "identity", lambda d: rule_with(d, "national-id")["where"]["foreign"].__setitem__(UNKNOWN, 1)),
        ("span", "settings", lambda d: rule_with(d, "receipt-window-days")["span"].__setitem__(UNKNOWN, 1)),
        ("within", "settings", lambda d: rule_with(d, "window-inside-national")["within"].__setitem__(UNKNOWN, 1)),
        ("email settings", "identity",
         lambda d: rule_with(d, "email-campus")["validator"]["email"].__setitem__(UNKNOWN, 1)),
        ("password settings", "identity",
         lambda d: rule_with(d, "password-policy")["validator"]["password"].__setitem__(UNKNOWN, 1)),
        ("active", "organiser", lambda d: rule_with(d, "unit-overdue-block")["active"].__setitem__(UNKNOWN, 1)),
        ("active's from {field: ...}", "organiser",
         lambda d: rule_with(d, "unit-overdue-block")["active"]["from"].__setitem__(UNKNOWN, 1)),
        ("lifecycle", "organiser", lambda d: rule_with(d, "course-lifecycle")["lifecycle"].__setitem__(UNKNOWN, 1)),
        ("a transition", "organiser",
         lambda d: rule_with(d, "course-lifecycle")["lifecycle"]["transitions"][0].__setitem__(UNKNOWN, 1)),
        ("a lock", "organiser", lambda d: rule_with(d, "course-lifecycle")["lifecycle"]["locks"][0].__setitem__(UNKNOWN, 1)),
        ("file_name settings", "identity",
         lambda d: rule_with(d, "password-policy").__setitem__("validator", {"file_name": {"forbidden": "&<>", UNKNOWN: 1}})),
    ]


def check_unknown_keys(rules_v, binary, base, tmp, checks_bases):
    cases = [(where, base, mutate) for where, mutate in injections(base)]
    cases += [(where, checks_bases[b], mutate) for where, b, mutate in checks_injections()]
    for i, (where, start, mutate) in enumerate(cases):
        doc = copy.deepcopy(start)
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
        ("check without validator or matches", lambda d: d["checks"][1].pop("validator")),
        ("check effect: stop", lambda d: d["checks"][0].__setitem__("effect", "stop")),
        ("check matches empty", lambda d: d["checks"][0].__setitem__("matches", "")),
        ("application window without last", lambda d: d["eligibility"]["application_windows"][0].pop("last")),
        ("flexible order: semester", lambda d: d["flexible"].__setitem__("order", ["semester"])),
        ("later course without entry_year", lambda d: d.__setitem__("later_courses", [{"code": "XYZ1"}])),
        ("max_steps 0", lambda d: d.__setitem__("allocation", {"max_steps": 0})),
    ]


def checks_valid_variants():
    """(name, base, mutate): valid forms of a checks file the bundled files do not use."""
    def shorthand(d):
        d["tables"]["settings"]["fields"]["notify_hour"] = "integer"
        d["tables"]["uploads"]["fields"]["size"] = "bytes"
        d["tables"]["uploads"]["fields"]["uploaded"] = {"type": "date", "aliases": "上傳日期"}

    def group_sum(d):
        d["tables"]["uploads"]["fields"]["size"] = {"title": "大小", "type": "bytes"}
        d["rules"].append({"id": "upload.size-total", "title": "每位學生上傳總量", "table": "uploads",
                           "group_by": "student_id", "sum": "size", "min": 0,
                           "max": {"table": "settings", "field": "upload_cap"}})

    def operands(d):
        d["tables"]["receipts"]["fields"]["confirm_end"]["default"] = {"field": "imported_at", "plus_hours": -876000,
                                                                      "plus_days": 36600, "round": "next_hour",
                                                                      "when": {"item": ["a", "b"]}}
        d["rules"].append({"id": "receipt_end", "title": "結束", "title_en": "End", "message": "太早",
                           "severity": "warning", "table": "receipts", "where": {"item": {"not": ["x", 1, True]}},
                           "field": "confirm_end", "required": True, "blank": "as_of",
                           "min": {"field": "confirm_start", "plus_days": -36600}, "max": "2099-12-31 24:00"})
        d["rules"].append({"id": "window.year", "title": "學年", "table": "windows", "field": "school_year",
                           "equals": 110, "one_of": 110})

    def spans(d):
        d["rules"].append({"id": "window-span", "title": "作業時間", "table": "windows",
                           "span": {"start": "start", "end": "end", "max_days": 36600, "min_days": 0}})
        d["rules"].append({"id": "window-inside-2", "title": "在國教署時間內", "table": "windows",
                           "within": {"table": "national_windows", "start": "start", "end": "end",
                                      "their_start": "start", "their_end": "end"}})

    def validators(d):
        d["tables"]["students"]["fields"]["photo"] = {"type": "text", "title": "照片檔名"}
        d["rules"].append({"id": "photo", "title": "檔名", "table": "students", "field": "photo",
                           "validator": {"file_name": {"forbidden": "&'\"<>"}}})
        d["rules"].append({"id": "pw-2", "title": "密碼", "table": "students", "field": "new_password",
                           "validator": {"password": {"classes": "upper", "min_length": 1000}}})
        d["rules"].append({"id": "mail-2", "title": "信箱", "table": "students", "field": "email",
                           "validator": {"email": {}}})
        d["rules"].append({"id": "id-2", "title": "身分證", "table": "students", "field": "national_id",
                           "validator": "national_id"})

    def minimal(d):
        for k in list(d):
            if k not in ("libaudit", "kind", "id", "version", "title"):
                del d[k]
        d["tables"] = {"t": {"fields": {"x": "text"}}}
        d["rules"] = []

    def lifecycles(d):
        lc = rule_with(d, "course-lifecycle")["lifecycle"]
        lc.pop("order_by")
        lc.pop("locks")
        lc["key"] = ["course_id"]
        lc["transitions"][0]["from"] = ["未登錄"]
        rule_with(d, "unit-overdue-block")["active"] = {"from": "end_date"}
        rule_with(d, "unit-overdue-block")["min"] = 0

    return [
        ("a lifecycle without order_by or locks, active without until", "organiser", lifecycles),
        ("field shorthands and aliases as text", "settings", shorthand),
        ("a group rule with sum", "settings", group_sum),
        ("operands with plus_hours, when, blank: as_of, equals, one_of", "settings", operands),
        ("span with max_days, within with their_start/their_end", "settings", spans),
        ("validators with settings", "identity", validators),
        ("the smallest checks file", "identity", minimal),
    ]


def checks_invalid_variants():
    """(name, base, mutate): checks files both the schema and the loader reject."""
    def rule(base, **kw):
        def f(d):
            r = {"id": "bad", "title": "bad", "table": "settings" if base == "settings" else "students"}
            r.update(kw)
            d["rules"].append(r)
        return base, f

    return [
        ("an unknown key in a rule", "settings", lambda d: rule_with(d, "notify-hour").__setitem__("maximum", 23)),
        ("an unknown validator", "identity", lambda d: rule_with(d, "mobile").__setitem__("validator", "passport")),
        ("an unknown validator with settings", "identity",
         lambda d: rule_with(d, "mobile").__setitem__("validator", {"phone": {"pattern": "09"}})),
        ("settings for a validator that takes none", "identity",
         lambda d: rule_with(d, "mobile").__setitem__("validator", {"tw_mobile": {}})),
        ("rows: three", "settings", lambda d: d["tables"]["settings"].__setitem__("rows", "three")),
        ("a rule without table", "settings", lambda d: rule_with(d, "notify-hour").pop("table")),
        ("a rule without title", "settings", lambda d: rule_with(d, "notify-hour").pop("title")),
        ("a rule id with a space", "settings", lambda d: rule_with(d, "notify-hour").__setitem__("id", "notify hour")),
        ("no tables", "settings", lambda d: d.pop("tables")),
        ("no rules", "settings", lambda d: d.pop("rules")),
        ("kind: checks with total", "settings", lambda d: d.__setitem__("total", {"min_credits": 1})),
        ("a table without fields", "settings", lambda d: d["tables"]["windows"].pop("fields")),
        ("a table name with a space", "settings", lambda d: d["tables"].__setitem__("my table", {"fields": {"x": "text"}})),
        ("field type: string", "settings", lambda d: d["tables"]["settings"]["fields"].__setitem__("notify_hour", "string")),
        ("a field mapping without type", "settings",
         lambda d: d["tables"]["settings"]["fields"]["notify_hour"].pop("type")),
        ("a field required: \"yes\"", "settings",
         lambda d: d["tables"]["settings"]["fields"]["notify_hour"].__setitem__("required", "yes")),
        ("a row value as a list", "settings", lambda d: d["tables"]["national_windows"]["data"][0].__setitem__("item", ["a"])),
        ("severity: fatal", "settings", lambda d: rule_with(d, "notify-hour").__setitem__("severity", "fatal")),
        ("a rule with two shapes", *rule("settings", field="upload_cap", group_by="upload_cap", min=1)),
        ("a rule with no shape", *rule("settings", min=1)),
        ("a field rule with nothing to check", *rule("settings", field="upload_cap")),
        ("count on a field rule", *rule("settings", field="upload_cap", min=1, count=True)),
        ("min on a span rule", "settings", lambda d: rule_with(d, "receipt-window-days").__setitem__("min", 1)),
        ("span without min_days or max_days", "settings",
         lambda d: rule_with(d, "receipt-window-days")["span"].pop("min_days")),
        ("span without end", "settings", lambda d: rule_with(d, "receipt-window-days")["span"].pop("end")),
        ("span min_days -1", "settings", lambda d: rule_with(d, "receipt-window-days")["span"].__setitem__("min_days", -1)),
        ("within without start", "settings", lambda d: rule_with(d, "window-inside-national")["within"].pop("start")),
        ("within without table", "settings", lambda d: rule_with(d, "window-inside-national")["within"].pop("table")),
        ("within any_value with two fields", "settings",
         lambda d: rule_with(d, "window-inside-national")["within"].__setitem__("any_value", {"semester": 0, "item": "x"})),
        ("a group rule with count and sum", "settings",
         lambda d: rule_with(d, "uploads-per-semester").__setitem__("sum", "semester")),
        ("a group rule with count: false", "settings",
         lambda d: rule_with(d, "uploads-per-semester").__setitem__("count", False)),
        ("a group rule without min or max", "settings", lambda d: rule_with(d, "uploads-per-semester").pop("max")),
        ("a group limit {field} without table", "settings",
         lambda d: rule_with(d, "uploads-per-semester").__setitem__("max", {"field": "semester"})),
        ("one_of on a group rule", "settings", lambda d: rule_with(d, "uploads-per-semester").__setitem__("one_of", [1])),
        ("blank: never", "settings", lambda d: rule_with(d, "window-order").__setitem__("blank", "never")),
        ("round: next_day", "settings",
         lambda d: d["tables"]["receipts"]["fields"]["confirm_start"]["default"].__setitem__("round", "next_day")),
        ("plus_days 36601", "settings",
         lambda d: d["tables"]["receipts"]["fields"]["confirm_start"]["default"].__setitem__("plus_days", 36601)),
        ("plus_hours 1.5", "settings",
         lambda d: d["tables"]["receipts"]["fields"]["confirm_start"]["default"].__setitem__("plus_hours", 1.5)),
        ("an operand with field and template", "identity",
         lambda d: d["tables"]["students"]["fields"]["portal_default_password"]["default"].__setitem__("field", "name")),
        ("an operand without field or template", "settings",
         lambda d: rule_with(d, "window-order").__setitem__("min", {"plus_days": 1})),
        ("when outside a default", "settings",
         lambda d: rule_with(d, "window-order")["min"].__setitem__("when", {"item": "x"})),
        ("a blank literal", "settings", lambda d: rule_with(d, "notify-hour").__setitem__("max", "")),
        ("password min_length 0", "identity",
         lambda d: rule_with(d, "password-policy")["validator"]["password"].__setitem__("min_length", 0)),
        ("password class: emoji", "identity",
         lambda d: rule_with(d, "password-policy")["validator"]["password"].__setitem__("classes", ["emoji"])),
        ("file_name without forbidden", "identity",
         lambda d: rule_with(d, "password-policy").__setitem__("validator", {"file_name": {}})),
        ("two validators in one mapping", "identity",
         lambda d: rule_with(d, "email-campus").__setitem__("validator", {"email": {}, "password": {}})),
        ("at without active", "organiser", lambda d: rule_with(d, "unit-overdue-block").pop("active")),
        ("active without at", "organiser", lambda d: rule_with(d, "unit-overdue-block").pop("at")),
        ("active without from", "organiser", lambda d: rule_with(d, "unit-overdue-block")["active"].pop("from")),
        ("at on a field rule", "organiser", lambda d: rule_with(d, "online-quota").__setitem__("at", "registered_on")),
        ("min on a lifecycle rule", "organiser", lambda d: rule_with(d, "course-lifecycle").__setitem__("min", 1)),
        ("a lifecycle without initial", "organiser", lambda d: rule_with(d, "course-lifecycle")["lifecycle"].pop("initial")),
        ("a lifecycle with no transitions", "organiser",
         lambda d: rule_with(d, "course-lifecycle")["lifecycle"].__setitem__("transitions", [])),
        ("a transition without to", "organiser",
         lambda d: rule_with(d, "course-lifecycle")["lifecycle"]["transitions"][0].pop("to")),
        ("a lock without forbid", "organiser",
         lambda d: rule_with(d, "course-lifecycle")["lifecycle"]["locks"][0].pop("forbid")),
        ("a lifecycle and a field in one rule", "organiser",
         lambda d: rule_with(d, "course-lifecycle").__setitem__("field", "event")),
        ("a {not: ...} with another key", "identity",
         lambda d: rule_with(d, "national-id")["where"].__setitem__("foreign", {"not": True, "is": False})),
        ("report: all", "identity", lambda d: d["tables"]["students"].__setitem__("report", "all")),
        ("columns naming no field", "identity", lambda d: d["tables"]["students"].__setitem__("columns", ["1.5"])),
        ("columns: []", "identity", lambda d: d["tables"]["students"].__setitem__("columns", [])),
        ("multiple_of: 0", *rule("settings", field="upload_cap", multiple_of=0)),
        ("unique on a group rule", "settings", lambda d: rule_with(d, "uploads-per-semester").__setitem__("unique", True)),
        ("multiple_of on a span rule", "settings",
         lambda d: rule_with(d, "receipt-window-days").__setitem__("multiple_of", 1)),
        ("a condition on table.field.more", "identity",
         lambda d: rule_with(d, "national-id")["where"].__setitem__("a.b.c", "x")),
    ]


def check_checks_variants(rules_v, binary, bases, tmp):
    for i, (what, b, mutate) in enumerate(checks_valid_variants()):
        doc = copy.deepcopy(bases[b])
        mutate(doc)
        errs = describe_errors(rules_v, doc)
        result(not errs, f"schema accepts {what}", errs)
        ok, detail = loader_accepts(binary, write_rules(tmp, f"checks-valid-{i}", doc))
        result(ok, f"loader accepts {what}", detail)
    for i, (what, b, mutate) in enumerate(checks_invalid_variants()):
        doc = copy.deepcopy(bases[b])
        mutate(doc)
        result(not rules_v.is_valid(doc), f"schema rejects {what}", "accepted")
        ok, detail = loader_rejects(binary, write_rules(tmp, f"checks-invalid-{i}", doc))
        result(ok, f"loader rejects {what}", detail)


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
    "rule_file": ["#/$defs/programme_file"],
    "hours_rule_file": ["#/$defs/hours_file"],
    "hours_applies_to": ["#/$defs/hours_applies_to"],
    "'hours'": ["#/$defs/hours_policy"],
    "'list_states'": ["#/$defs/hours_policy/properties/list_states"],
    "'period'": ["#/$defs/period/anyOf/1"],
    "hours_requirement": ["#/$defs/hours_requirement"],
    "'applies_to'": ["#/$defs/applies_to"],
    "'grading'": ["#/$defs/grading"],
    "course": ["#/$defs/course"],
    "domain": ["#/$defs/domain"],
    "'total'": ["#/$defs/total"],
    "cap": ["#/$defs/cap"],
    "'flexible'": ["#/$defs/flexible"],
    "a_requirement": ["#/$defs/requirement"],
    "'where'": ["#/$defs/filter"],
    "'eligibility'": ["#/$defs/eligibility"],
    "check": ["#/$defs/check"],
    "application_window": ["#/$defs/eligibility/properties/application_windows/items"],
    "later_course": ["#/$defs/programme_file/properties/later_courses/items"],
    "'allocation'": ["#/$defs/allocation"],
    "'records'": ["#/$defs/programme_file/properties/records"],
    "'lint'": ["#/$defs/lint"],
    "'allow'": ["#/$defs/lint_allow"],
    # {not: ...} in a filter: its context is the filter key's name.
    "\"'\" + name + \"'\"": ["#/$defs/filter_text/anyOf/2", "#/$defs/filter_boolean/anyOf/1",
                             "#/$defs/filter/properties/domain/anyOf/2", "#/$defs/filter/properties/type/anyOf/2"],
    # kind: checks (the header in rules/rule_reader.hpp, the rest in families/checks/load.cpp).
    "checks_rule_file": ["#/$defs/checks_file"],
    "'tables'": ["#/$defs/tables"],  # keys are table names
    '"table", {{"table", name}}': ["#/$defs/table"],
    '"table_fields", {{"table", name}}': ["#/$defs/fields"],  # keys are field names
    '"field", {{"field", name}}': ["#/$defs/field"],
    '"table_row", {{"table", t.name}}': ["#/$defs/row"],  # keys are the table's fields
    # An operand in object form: `when` only for a field's default.
    "\"'\" + key + \"'\"": ["#/$defs/operand_ref", "#/$defs/default_ref"],
    '"days_field", {{"key", key}}': ["#/$defs/days_field"],
    "rule": ["#/$defs/rule"],
    '"where_field", {{"field", c.field}}': ["#/$defs/condition_not"],
    "'email'": ["#/$defs/email_settings"],
    "'file_name'": ["#/$defs/file_name_settings"],
    "'password'": ["#/$defs/password_settings"],
    "\"'\" + v.name + \"'\"": ["#/$defs/id_settings"],  # resident_id / person_id settings
    "'span'": ["#/$defs/span"],
    "'within'": ["#/$defs/within"],
    "'active'": ["#/$defs/active"],
    "'attempts'": ["#/$defs/attempts"],
    "'lifecycle'": ["#/$defs/lifecycle"],
    "transition": ["#/$defs/transition"],
    "lock": ["#/$defs/lock"],
    "'titles'": ["#/$defs/lifecycle_titles"],  # keys are event and state names
    "\"'\" + named + \"'\"": ["#/$defs/lifecycle_titles/additionalProperties"],
}
# Keys a mapping requires that the reader checks itself, without Map::required() (its own E013).
RULES_REQUIRED_ELSEWHERE = {
    "'allow'": {"reason"},  # checked by lint_allow itself: a silence without a reason is E025
    "'within'": {"start", "end"},  # ref("start", ...) / ref("end", ...): "'within' needs 'start'"
}
TEST_READER = ROOT / "libaudit" / "src" / "ruletest" / "ruletest.cpp"
TEST_CONTEXTS = {
    "test_file": ["#"],
    "test_case": ["#/$defs/case"],
    "'student'": ["#/$defs/student"],
    "record": ["#/$defs/record"],
    "'expect'": ["#/$defs/expect"],
    '"requirement", {{"requirement", kv.first.Scalar()}}': ["#/$defs/expect/properties/requirements/additionalProperties"],
    "\"'\" + key + \"'\"": ["#/$defs/amount"],
    "deadline": ["#/$defs/expect/properties/requirements/additionalProperties/properties/deadlines/items"],
}
TEST_REQUIRED_ELSEWHERE = {}


def strings_in(text):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


def context(expr):
    """A Map's context argument: the text of a plain string literal, else the C++ expression."""
    expr = expr.strip()
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', expr)
    return m.group(1) if m else expr


class MapDecl:
    """A Map the reader builds: its variable, context and position; keys (None when the keys are
    the document's own: table names, field names) and optional keys (pushed onto the key list
    under a condition, e.g. `when` for a default)."""

    def __init__(self, var, keys, ctx, pos, optional=()):
        self.var, self.keys, self.ctx, self.pos, self.optional = var, keys, ctx, pos, list(optional)

    def has(self, key):
        return key in (self.keys or ()) or key in self.optional


def key_list(arg, src, pos):
    """(keys, optional keys) of a Map's key argument at pos: a {"literal", ...} list; a vector
    variable declared before (its initializer, plus keys it gets with push_back("k") before the Map,
    which are optional); the filter's {"name", Field::x} table; else None (the document's own keys,
    e.g. keys_of(n) or a table's field names)."""
    if arg.startswith("{"):
        return strings_in(arg), []
    if not re.fullmatch(r"\w+", arg):
        return None, []
    decls = list(re.finditer(r"std::vector<std::string>\s+" + arg + r"\s*(\{[^{}]*\})?\s*;", src[:pos]))
    if not decls:
        return None, []
    d = decls[-1]
    between = src[d.end():pos]
    pushed = re.findall(r"\b" + arg + r"\.(?:push|emplace)_back\(\s*\"(\w+)\"\s*\)", between)
    if d.group(1):
        return strings_in(d.group(1)), pushed
    if re.search(r"\b" + arg + r"\.push_back\(\s*p\.first\s*\)", between):  # the filter's table
        return re.findall(r'\{\s*"(\w+)"\s*,\s*Field::\w+\s*\}', src), []
    return (pushed, []) if pushed else (None, [])


def parse_reader(src):
    """[MapDecl] for every Map the reader builds, the number of Map constructions in the source, and
    the source without // comments."""
    src_nc = re.sub(r"//[^\n]*", "", src)
    maps = []
    decl = re.compile(r"\b(?:YamlReader::)?Map\s+(\w+)\s*\(\s*(?:\*this|\w+_?)\s*,\s*[^,]+?,\s*"
                      r"(\{[^{}]*\}|\w+(?:\([^()]*\))?)\s*,\s*(.*?)\)\s*;", re.S)
    for m in decl.finditer(src_nc):
        keys, optional = key_list(m.group(2), src_nc, m.start())
        ctx = context(m.group(3))
        maps.append(MapDecl(m.group(1), keys, ctx, m.start(), list(optional) + ENGINE_TOP_KEYS.get(ctx, [])))
    emplace = re.compile(r"\b(\w+)(?:\.|->)emplace\(\s*\*this\s*,\s*[^,]+?,\s*std::vector<std::string>\s*(\{[^{}]*\})\s*,\s*(.*?)\)\s*;", re.S)
    for m in emplace.finditer(src_nc):
        maps.append(MapDecl(m.group(1), strings_in(m.group(2)), context(m.group(3)), m.start()))
    maps.sort(key=lambda x: x.pos)
    declared = len(re.findall(r"\bMap\s+\w+\s*\(", src_nc)) + len(re.findall(r"(?:\.|->)emplace\(\s*\*this", src_nc))
    return maps, declared, src_nc


def call_args(src, open_paren):
    """The top-level, comma-separated arguments of the call whose '(' is at open_paren."""
    depth, args, cur = 0, [], ""
    for ch in src[open_paren + 1:]:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append(cur.strip())
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        cur += ch
    return args


def owner(maps, src, pos, key, var=None, depth=0):
    """The Map(s) a key read at pos belongs to: the Map variable read with .get/.required("key") just
    before pos; inside a function that receives that Map as a `const Map&` parameter (e.g. header()
    for both kinds of rule file, thresholds() from requirement(), load_check_model()), the Map passed
    at each call; else its nearest declaration before pos that has the key, else the nearest after
    it; else every Map that has the key."""
    if var is None:
        gets = list(re.finditer(r"\b(\w+)(?:\.|->)(?:get|required)\(\s*\"" + re.escape(key) + r"\"\s*\)",
                                src[max(0, pos - 1500):pos]))
        var = gets[-1].group(1) if gets else None
    having = [x for x in maps if x.has(key)]
    same = [x for x in having if x.var == var]
    if var and depth < 4:
        params = list(re.finditer(r"\b(\w+)\s*\(([^()]*?)\bconst\s+(?:YamlReader::)?Map\s*&\s*" + var + r"\b",
                                  src[:pos]))
        declared_before = [x.pos for x in maps if x.var == var and x.pos < pos]
        if params and (not declared_before or params[-1].start() > declared_before[-1]):
            fn, index = params[-1].group(1), params[-1].group(2).count(",")
            found = []
            for call in re.finditer(r"\b" + fn + r"\s*\(", src):
                if call.start() == params[-1].start():
                    continue  # the definition
                args = call_args(src, call.end() - 1)
                if len(args) > index and re.fullmatch(r"\*?\s*\w+", args[index]):
                    for o in owner(maps, src, call.start(), key, args[index].lstrip("*").strip(), depth + 1):
                        if o not in found:
                            found.append(o)
            if found:
                return found
    before = [x for x in same if x.pos < pos]
    after = [x for x in same if x.pos > pos]
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


def check_reader_sync(label, schema, sources, contexts, required_elsewhere):
    """sources: the reader's files, read as one (a Map passed from one file to the other)."""
    sources = sources if isinstance(sources, list) else [sources]
    src = "\n".join(f.read_text(encoding="utf-8") for f in sources)
    maps, declared, src_nc = parse_reader(src)
    name = " + ".join(rel(f) for f in sources)
    result(len(maps) == declared and len(maps) >= 5, f"{name}: parsed every Map(...) ({len(maps)} of {declared})",
           "some Map constructions could not be parsed: extend parse_reader()")

    # Every key the reader knows is a property name somewhere in the schema.
    names = set()
    for _, node in walk(schema):
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            names.update(node["properties"])
    all_keys = sorted({k for x in maps for k in (x.keys or []) + x.optional})
    missing = [k for k in all_keys if k not in names]
    result(bool(all_keys) and not missing, f"{name}: every key ({len(all_keys)}) is a property in {label}",
           f"missing from the schema: {missing}")

    # Per mapping: exactly the reader's keys, closed. Text in two languages is read without a Map,
    # by YamlReader::bilingual(): its language keys are checked against the schema here.
    covered = set()
    if label == "rules-1":
        covered.add(BILINGUAL_SCHEMA)
        reader = BILINGUAL_READER.read_text(encoding="utf-8")
        body = reader[reader.index("std::optional<Bilingual> bilingual("):]
        keys = set(re.findall(r'lang == "([^"]+)"', body[:body.index("\n    }\n")]))
        node = resolve(schema, BILINGUAL_SCHEMA)
        result(keys == set(node.get("properties", {})) and node.get("additionalProperties") is False,
               f"{label} {BILINGUAL_SCHEMA} has exactly the language keys of YamlReader::bilingual()",
               f"reader {sorted(keys)}, schema {sorted(node.get('properties', {}))}")
    for x in maps:
        ctx = x.ctx
        pointers = contexts.get(ctx)
        if pointers is None:
            result(False, f"{name}: mapping {ctx} has a place in {label}",
                   f"new Map context {ctx}: add it to the schema and to the CONTEXTS table of this script")
            continue
        with_optional = set(x.keys or []) | set(x.optional)
        complete = False
        for ptr in pointers:
            covered.add(ptr)
            try:
                node = resolve(schema, ptr)
            except (KeyError, IndexError, ValueError):
                result(False, f"{label} {ptr} exists for {ctx}", "missing")
                continue
            if x.keys is None:  # keys of the document's own (names): an open mapping of typed values
                typed = isinstance(node.get("additionalProperties"), dict) and "properties" not in node
                result(typed and node.get("type") == "object", f"{label} {ptr} is a mapping of names, as {ctx} is",
                       "expected type object, additionalProperties a schema, no properties")
                continue
            props = set(node.get("properties", {}))
            closed = node.get("additionalProperties") is False
            complete = complete or props == with_optional
            result(props in (set(x.keys), with_optional) and closed, f"{label} {ptr} has exactly the keys of {ctx}",
                   f"reader {sorted(x.keys)} (+ optional {sorted(x.optional)}), schema {sorted(props)}, "
                   f"additionalProperties false: {closed}")
        if x.optional:
            result(complete, f"{label}: a mapping of {ctx} has the optional keys {sorted(x.optional)}",
                   f"none of {pointers} has all of {sorted(with_optional)}")
    for ptr, node in walk(schema):
        if isinstance(node, dict) and node.get("additionalProperties") is False and ptr not in covered:
            result(False, f"{label} {ptr} is a mapping the reader reads", "not matched to any Map context")

    # Required keys: X.required("k") belongs to the nearest Map X declared before it.
    req_by_ctx = {}
    for m in re.finditer(r"\b(\w+)(?:\.|->)required\(\s*\"(\w+)\"\s*\)", src_nc):
        for o in owner(maps, src_nc, m.start(), m.group(2), m.group(1)):
            req_by_ctx.setdefault(o.ctx, set()).add(m.group(2))
    for ctx, keys in required_elsewhere.items():
        req_by_ctx.setdefault(ctx, set()).update(keys)
    for ctx, pointers in contexts.items():
        reader_req = req_by_ctx.get(ctx, set())
        for ptr in pointers:
            try:
                node = resolve(schema, ptr)
            except (KeyError, IndexError, ValueError):
                continue
            schema_req = set(node.get("required", []))
            # Required in some shapes only: dependentRequired, and the branches of oneOf/anyOf
            # (a requirement's shape; an operand's field or template).
            conditional = {k for ks in node.get("dependentRequired", {}).values() for k in ks}
            conditional |= {k for alt in node.get("anyOf", []) for k in alt.get("required", [])}
            for branch in node.get("oneOf", []) + node.get("anyOf", []):
                conditional.update(branch.get("required", []) if isinstance(branch, dict) else [])
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
                for ptr in contexts.get(o.ctx, []):
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
    checks_bases = {"settings": load_yaml(BASE_SETTINGS), "identity": load_yaml(BASE_IDENTITY),
                    "organiser": load_yaml(BASE_ORGANISER)}

    print("-- a. bundled rule files")
    check_bundled(rules_v, binary)
    print("-- b. rule-test files")
    check_ruletests(test_v)
    with tempfile.TemporaryDirectory(prefix="libaudit-schema-") as tmp:
        print("-- c. unknown keys")
        check_unknown_keys(rules_v, binary, base, tmp, checks_bases)
        print("-- d. variants")
        check_variants(rules_v, binary, base, tmp)
        check_checks_variants(rules_v, binary, checks_bases, tmp)
    print("-- e. the C++ readers and the schemas")
    check_reader_sync("rules-1", rules_schema, LOADER, RULES_CONTEXTS, RULES_REQUIRED_ELSEWHERE)
    if TEST_READER.exists():
        check_reader_sync("ruletest-1", test_schema, TEST_READER, TEST_CONTEXTS, TEST_REQUIRED_ELSEWHERE)
    else:
        print(f"        ({rel(TEST_READER)} does not exist yet)")
    print("-- f. exceptions files")
    check_exceptions_files(binary)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


class _TextDates(yaml.SafeLoader):
    """YAML with dates kept as written (the exceptions reader reads them as text)."""


_TextDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def check_exceptions_files(binary):
    """f. Every example exceptions file is valid against exceptions-1.schema.json and applies in
    the real reader; tests/data/exceptions/bad.yaml is rejected by both."""
    v = jsonschema.Draft202012Validator(load_json(ROOT / "docs" / "schema" / "exceptions-1.schema.json"))
    files = sorted((ROOT / "examples" / "exceptions").glob("*/exceptions.*"))
    result(bool(files), "examples/exceptions holds exceptions files")
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=_TextDates)
        errors = [e.message for e in v.iter_errors(doc)]
        folder = f.parent
        run = subprocess.run([binary, "check", "rules/ntue-eam", "--records", str(folder / "transcript.csv"),
                              "--student", str(folder / "student.csv"), "--exceptions", str(f)],
                             cwd=ROOT, capture_output=True, text=True)
        result(not errors and run.returncode != 2, f"{rel(f)}: schema and reader accept it",
               "; ".join(errors[:3]) + run.stderr[:300])
    bad = ROOT / "tests" / "data" / "exceptions" / "bad.yaml"
    with open(bad, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=_TextDates)
    result(any(True for _ in v.iter_errors(doc)), f"{rel(bad)}: the schema rejects it")


if __name__ == "__main__":
    sys.exit(main())
