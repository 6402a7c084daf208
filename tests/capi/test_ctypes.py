#!/usr/bin/env python3
"""The C API from Python through ctypes (the shared library loaded as any host would): every bundled
example that audits records (examples/*/expected.tsv) gives, through libaudit_check, byte for byte
the JSON `libaudit check ... --format json` prints; an invalid input gives the status and the
messages the CLI prints on standard error; errors in either language; threads on one handle.
Usage: test_ctypes.py LIBAUDITCORE_SO CLI ROOT"""
import ctypes
import json
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

lib_path, cli, root = sys.argv[1], sys.argv[2], Path(sys.argv[3])
lib = ctypes.CDLL(lib_path)
c_char_pp = ctypes.POINTER(ctypes.c_char_p)
lib.libaudit_version.restype = ctypes.c_char_p
lib.libaudit_rules_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.libaudit_rules_load_text.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                         ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.libaudit_rules_list.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.libaudit_rules_free.argtypes = [ctypes.c_void_p]
lib.libaudit_check.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                               ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.libaudit_lint_text.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                   ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.libaudit_free.argtypes = [ctypes.c_void_p]
failures = []


def take(p):
    """The bytes of a string the library returned, released with libaudit_free."""
    if not p.value:
        return None
    data = ctypes.string_at(p.value)
    lib.libaudit_free(p)
    return data


def load(path, language=None):
    handle, err = ctypes.c_void_p(), ctypes.c_void_p()
    status = lib.libaudit_rules_load(path.encode() if path is not None else None,
                                     language.encode() if language else None, ctypes.byref(handle), ctypes.byref(err))
    return status, handle, take(err)


def check(handle, records, profiles, options):
    out, err = ctypes.c_void_p(), ctypes.c_void_p()
    status = lib.libaudit_check(handle, records, profiles, json.dumps(options).encode() if options is not None else None,
                                ctypes.byref(out), ctypes.byref(err))
    return status, take(out), take(err)


def expect(cond, what):
    if not cond:
        failures.append(what)


def to_call(args):
    """`libaudit check` arguments as (rules, records file, profiles file, options), or None."""
    rules, records, profiles, options = args[0], None, None, {}
    names = {"--as-of": "as_of", "--id": "id", "--lang": "language", "--encoding": "encoding"}
    i = 1
    while i < len(args):
        a, v = args[i], args[i + 1]
        if a == "--data":
            return None
        if a == "--records":
            records = v
        elif a == "--student":
            profiles = v
        elif a == "--select":
            options.setdefault("select", []).append(v)
        elif a == "--exceptions":
            options["exceptions"] = (root / v).read_text(encoding="utf-8")
            options["exceptions_name"] = v
        elif a == "--as-entry-year":
            options["as_entry_year"] = int(v)
        elif a == "--rule-set":
            options["rule_set"] = v
        elif a == "--plan":
            options["plan"] = (root / v).read_text(encoding="utf-8")
            options["plan_name"] = v
        else:
            options[names[a]] = v
        i += 2
    options["records_name"] = records
    if profiles:
        options["profiles_name"] = profiles
    return rules, records, profiles, options


handles = {}
compared = 0
for table in sorted((root / "examples").glob("*/expected.tsv")):
    folder = table.parent.name
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        case, _exit, _status, _flags, argtext = line.split("\t")
        args = shlex.split(argtext.replace("$E", f"examples/{folder}"))
        call = to_call(args)
        if call is None:
            continue
        rules, records, profiles, options = call
        if not all((root / f).is_file() for f in (records, profiles) if f):
            continue  # an unreadable file: the CLI's exit 3, a host's own error before the C API
        cli_run = subprocess.run([cli, "check", *args, "--format", "json"], cwd=root, capture_output=True,
                                 env={"PATH": "/usr/bin:/bin", "LIBAUDIT_LANG": ""})
        name = f"{folder}.{case}"
        if rules not in handles:
            handles[rules] = load(rules)
        status, handle, err = handles[rules]
        if status != 0:  # invalid rules: the CLI's exit 2 and its messages
            expect(status == 2 and cli_run.returncode == 2 and err + b"\n" == cli_run.stderr,
                   f"{name}: loading {rules}: status {status}, message {err!r}, CLI {cli_run.stderr!r}")
            compared += 1
            continue
        status, out, err = check(handle, (root / records).read_bytes(),
                                 (root / profiles).read_bytes() if profiles else None, options)
        if status == 0:  # any audit status, an invalid result too (CLI exit 2 with the JSON on stdout)
            expect(out == cli_run.stdout, f"{name}: result differs from `libaudit check --format json`")
        else:  # invalid input: the CLI's exit 2 and the same located messages as its stderr
            expect(status == 2 and out is None and cli_run.returncode == 2, f"{name}: status {status}: {err!r}")
            expect(err is not None and err + b"\n" == cli_run.stderr,
                   f"{name}: message differs from the CLI's stderr:\n{err!r}\n{cli_run.stderr!r}")
        compared += 1
expect(compared >= 40, f"only {compared} examples compared")

# The ids of a loaded folder, as JSON.
_, eam, _ = load("rules/ntue-eam")
listed, err = ctypes.c_void_p(), ctypes.c_void_p()
expect(lib.libaudit_rules_list(eam, ctypes.byref(listed), ctypes.byref(err)) == 0, "rules_list failed")
ids = [r["id"] for r in json.loads(take(listed))]
expect(len(ids) >= 3 and len(set(ids)) == len(ids) and all(isinstance(r, str) and r for r in ids), f"rules_list: {ids}")

# Errors: unknown rule file (zh-TW by default, English on request), bad JSON, NULL, bad options.
status, handle, err = load("rules/no-such-pack.yaml")
expect(status == 3 and not handle.value and err and "no-such-pack" in err.decode(), f"unknown file: {status} {err!r}")
status, handle, err = load("rules/no-such-pack.yaml", "en")
expect(status == 3 and b"no such file" in err, f"unknown file (en): {err!r}")
status, out, err = check(eam, b'{"records": [', None, {"records_name": "bad.json", "language": "en"})
expect(status == 2 and out is None and err.startswith(b"bad.json:"), f"bad JSON: {status} {err!r}")
status, out, err = check(eam, None, None, None)
expect(status == 1 and "records" in err.decode(), f"NULL records: {status} {err!r}")
status, out, err = check(None, b"x", None, {"language": "en"})
expect(status == 1 and err == b"the argument rules is NULL", f"NULL rules: {err!r}")
out, err = ctypes.c_void_p(), ctypes.c_void_p()
status = lib.libaudit_check(eam, b"x", None, b"{not json", ctypes.byref(out), ctypes.byref(err))
expect(status == 1 and out.value is None and take(err), f"options not JSON: {status}")
status, out, err = check(eam, b"x", None, {"colour": "red"})
expect(status == 1 and "colour" in err.decode(), f"unknown option: {err!r}")
status, out, err = check(eam, b"x", None, {"max_steps": "many", "language": "en"})
expect(status == 1 and b"max_steps" in err, f"option type: {err!r}")

# Several threads on one handle: every answer the single-threaded one.
records = (root / "examples/grad/eam-met/transcript.csv").read_bytes()
profile = (root / "examples/grad/eam-met/student.csv").read_bytes()

# Result schema 2 ("result_schema": 2): the CLI's `--result-schema 2` bytes; other versions refused.
v2 = subprocess.run([cli, "check", "rules/ntue-eam", "--records", "examples/grad/eam-met/transcript.csv", "--student",
                     "examples/grad/eam-met/student.csv", "--as-of", "113-2", "--format", "json", "--result-schema", "2"],
                    cwd=root, capture_output=True, env={"PATH": "/usr/bin:/bin", "LIBAUDIT_LANG": ""})
status, out, err = check(eam, records, profile, {"as_of": "113-2", "result_schema": 2,
                                                 "records_name": "examples/grad/eam-met/transcript.csv",
                                                 "profiles_name": "examples/grad/eam-met/student.csv"})
expect(status == 0 and out == v2.stdout and b"urn:libaudit:schema:result-2" in out, f"result_schema 2: {status} {err!r}")
status, out, err = check(eam, records, profile, {"result_schema": 3, "language": "en"})
expect(status == 1 and b"result_schema" in err, f"result_schema 3: {status} {err!r}")
opts = {"as_of": "113-2"}
first = check(eam, records, profile, opts)
expect(first[0] == 0 and first[1], f"threaded reference: {first}")
with ThreadPoolExecutor(8) as pool:
    answers = list(pool.map(lambda _: check(eam, records, profile, opts), range(64)))
expect(all(a == first for a in answers), "threads gave different answers")

# The printable sheet and the text report ("format"), as `libaudit check --format html|text` print them.
for fmt in ("html", "text"):
    cli_run = subprocess.run([cli, "check", "rules/ntue-eam", "--records", "examples/grad/eam-met/transcript.csv",
                              "--student", "examples/grad/eam-met/student.csv", "--as-of", "113-2", "--format", fmt,
                              "--print-date", "2026-01-05"], cwd=root, capture_output=True,
                             env={"PATH": "/usr/bin:/bin", "LIBAUDIT_LANG": ""})
    status, out, err = check(eam, records, profile, {"as_of": "113-2", "format": fmt, "print_date": "2026-01-05",
                                                     "records_name": "examples/grad/eam-met/transcript.csv",
                                                     "profiles_name": "examples/grad/eam-met/student.csv"})
    expect(status == 0 and out == cli_run.stdout, f"format {fmt}: differs from `libaudit check --format {fmt}`")
status, out, err = check(eam, records, profile, {"format": "pdf", "language": "en"})
expect(status == 1 and b"format" in err, f"format pdf: {status} {err!r}")

# Lint of rule-file text: every broken rule file of tests/data/lint, in both languages, the document
# `libaudit lint FILE --format json` prints (the C API's has no final newline).
linted = 0
for path in sorted(Path(root, "tests/data/lint").glob("*.yaml")):
    name = str(path.relative_to(root))
    for language in ("zh-TW", "en"):
        cli_run = subprocess.run([cli, "lint", name, "--format", "json", "--lang", language], cwd=root,
                                 capture_output=True)
        out, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = lib.libaudit_lint_text(path.read_bytes(), name.encode(), language.encode(), ctypes.byref(out),
                                        ctypes.byref(err))
        text, error = take(out), take(err)
        expect(status == 0 and error is None, f"lint {name} {language}: status {status}, {error!r}")
        expect(text + b"\n" == cli_run.stdout if text else False, f"lint {name} {language}: differs from the CLI's")
        expect(bool(json.loads(text)["diagnostics"]) != name.endswith("-silenced.yaml") if text else False,
               f"lint {name}: diagnostics where none, or none where some")
        linted += 1
expect(linted >= 40, f"only {linted} lint documents compared")

for _, h, _ in handles.values():
    lib.libaudit_rules_free(h)
lib.libaudit_rules_free(eam)
expect(lib.libaudit_version().decode().count(".") == 2, "version")
for f in failures:
    print("FAIL", f)
print(f"{compared} examples and {linted} lint documents byte-identical to the CLI through ctypes; "
      f"{len(failures)} failures")
sys.exit(1 if failures else 0)
