#!/usr/bin/env python3
"""`libaudit serve` (docs/service.md) over loopback, with the standard library only.

* Every bundled example the C API's ctypes test audits (examples/*/expected.tsv, check cases
  with --records) gives through POST /v1/audit byte for byte what `libaudit check --format json`
  prints: the result, or for invalid input a 400 holding the CLI's invalid document; every
  single-file --data case the same through POST /v1/check-dataset. Also through audit-many.
* Limits: body over the limit 413, header over the limit 431, a slow client closed after the
  header and body timeouts, a token required, unmask refused without permission and given with it.
* SIGHUP with a broken rule set keeps the old one (reported in /v1/health); SIGTERM lets a
  request in flight finish; the access log holds no national ID.

Usage: test_serve.py LIBAUDIT REPO_ROOT"""
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

BIN, ROOT = sys.argv[1], Path(sys.argv[2])
ENV = {"PATH": "/usr/bin:/bin", "LIBAUDIT_LANG": ""}
ID = re.compile(rb"(?<![A-Za-z0-9])[A-Z][1289A-D][0-9]{8}(?![A-Za-z0-9])")
failures = []
tmp = Path(tempfile.mkdtemp(prefix="libaudit-serve-test-"))


def expect(cond, what):
    if not cond:
        failures.append(what)


class Service:
    """`libaudit serve ARGS --port 0` in ROOT; the port read from its first line."""

    def __init__(self, *args):
        self.log = tmp / f"access-{time.monotonic_ns()}.log"
        self.proc = subprocess.Popen([BIN, "serve", *args, "--port", "0", "--access-log", str(self.log)], cwd=ROOT,
                                     env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        m = re.search(r":(\d+)/", line)
        if not m:
            raise SystemExit(f"the service did not start: {line!r} {self.proc.stderr.read()!r}")
        self.port = int(m.group(1))

    def request(self, method, path, body=None, headers=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def json(self, method, path, body=None, headers=None):
        status, data = self.request(method, path, body, headers)
        return status, json.loads(data)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


def envelope(records, profiles, options):
    return json.dumps({"records": records, "profiles": profiles, "options": options}).encode()


def to_call(args):
    """`libaudit check` arguments as (rules, records file, profiles file, options), or None (as
    tests/capi/test_ctypes.py)."""
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
            options["exceptions"] = (ROOT / v).read_text(encoding="utf-8")
            options["exceptions_name"] = v
        elif a == "--as-entry-year":
            options["as_entry_year"] = int(v)
        elif a == "--rule-set":
            options["rule_set"] = v
        elif a == "--plan":
            options["plan"] = (ROOT / v).read_text(encoding="utf-8")
            options["plan_name"] = v
        else:
            options[names[a]] = v
        i += 2
    options["records_name"] = records
    if profiles:
        options["profiles_name"] = profiles
    return rules, records, profiles, options


def dataset_call(args):
    """A `check RULES --data FILE` case with one input file as (rules, file, query), or None."""
    rules, data, query = args[0], [], {}
    names = {"--as-of": "as_of", "--id": "name", "--lang": "lang", "--encoding": "encoding"}
    for a, v in zip(args[1::2], args[2::2]):
        if a == "--data":
            data.append(v)
        elif a in names:
            query[names[a]] = v
        else:
            return None
    if len(data) != 1 or "=" in data[0] or not (ROOT / data[0]).is_file():
        return None
    query["file"] = data[0]
    return rules, data[0], query


def cases():
    for table in sorted((ROOT / "examples").glob("*/expected.tsv")):
        folder = table.parent.name
        for line in table.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                case, _exit, _status, _flags, argtext = line.split("\t")
                yield f"{folder}.{case}", shlex.split(argtext.replace("$E", f"examples/{folder}"))


def cli_json(args):
    return subprocess.run([BIN, "check", *args, "--format", "json"], cwd=ROOT, capture_output=True, env=ENV)


def loadable(rules):
    return subprocess.run([BIN, "lint", rules], cwd=ROOT, capture_output=True, env=ENV).returncode == 0


def audit_examples(service, rules_paths):
    """Every example through /v1/audit (and check-dataset) against the CLI; returns how many and the
    audit-many lines to send later."""
    compared, many = 0, []
    for name, args in cases():
        if args[0] not in rules_paths:
            continue
        call, data = to_call(args), dataset_call(args)
        if call is None and data is None:
            continue
        if call is not None:
            rules, records, profiles, options = call
            if not all((ROOT / f).is_file() for f in (records, profiles) if f):
                continue
            body = {"records": (ROOT / records).read_bytes().decode("utf-8", "surrogateescape"),
                    "profiles": (ROOT / profiles).read_bytes().decode("utf-8", "surrogateescape") if profiles else None,
                    "options": options}
            try:
                payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:  # Big5 bytes: sent as the records file itself (text/csv)
                payload = None
            if payload is None:  # Big5 bytes: sent as the records file itself, options in the query
                if profiles or "select" in options or "exceptions" in options:
                    continue
                query = dict(options, rules=rules)
                status, got = service.request("POST", "/v1/audit?" + urlencode(query), (ROOT / records).read_bytes(),
                                              {"Content-Type": "text/csv"})
            else:
                status, got = service.request("POST", f"/v1/audit?rules={quote(rules)}", payload,
                                              {"Content-Type": "application/json"})
                many.append((payload, rules))
        else:
            rules, file, query = data
            query["rules"] = rules
            status, got = service.request("POST", "/v1/check-dataset?" + urlencode(query), (ROOT / file).read_bytes(),
                                          {"Content-Type": "application/octet-stream"})
        cli = cli_json(args)
        if cli.returncode == 2 and b'"status": "invalid"' in cli.stdout and b'"requirements"' not in cli.stdout:
            expect(status == 400, f"{name}: invalid input answered {status}, not 400")
        else:
            expect(status == 200, f"{name}: answered {status}: {got[:300]!r}")
        expect(got == cli.stdout, f"{name}: the answer differs from `libaudit check --format json`:\n"
                                  f"{got[:400]!r}\n{cli.stdout[:400]!r}")
        compared += 1
    return compared, many


def audit_many(service, many):
    """The same subjects through /v1/audit-many: one line each, the compact form of /v1/audit's."""
    by_rules = {}
    for payload, rules in many:
        by_rules.setdefault(rules, []).append(payload)
    for rules, payloads in by_rules.items():
        body = b"\n".join(payloads) + b"\n\n{not json\n"
        status, got = service.request("POST", f"/v1/audit-many?rules={quote(rules)}", body,
                                      {"Content-Type": "application/x-ndjson"})
        lines = got.decode().splitlines()
        expect(status == 200 and len(lines) == len(payloads) + 1, f"audit-many {rules}: {status}, {len(lines)} lines")
        for payload, line in zip(payloads, lines):
            s, one = service.request("POST", f"/v1/audit?rules={quote(rules)}", payload, {"Content-Type": "application/json"})
            if s == 200:
                expect(json.loads(line) == json.loads(one), f"audit-many {rules}: a line differs from /v1/audit")
        expect(json.loads(lines[-1]).get("error", {}).get("code") == "serve.bad_json", f"audit-many bad line: {lines[-1]}")


def closed_within(port, send, seconds):
    """Whether the service closes a connection that sent `send` and then nothing, within `seconds`."""
    s = socket.create_connection(("127.0.0.1", port), timeout=seconds + 5)
    s.sendall(send)
    start = time.monotonic()
    try:
        while s.recv(4096):
            pass
        closed = True
    except (socket.timeout, ConnectionResetError):
        closed = False
    s.close()
    return closed and time.monotonic() - start <= seconds


def check_limits():
    tokens = tmp / "tokens"
    tokens.write_text("# token name [unmask]\nreader-token-0123456789 reader\nregistrar-token-0123456789 registrar unmask\n")
    s = Service("rules/ntue-eam", "--tokens", str(tokens), "--max-body", "20000", "--max-header", "2048",
                "--header-timeout", "1", "--body-timeout", "1")
    rec = (ROOT / "examples/grad/eam-met/transcript.csv").read_text(encoding="utf-8")
    stu = (ROOT / "examples/grad/eam-met/student.csv").read_text(encoding="utf-8")
    small = envelope(rec, stu, {"as_of": "113-2"})
    reader = {"Authorization": "Bearer reader-token-0123456789", "Content-Type": "application/json"}
    registrar = dict(reader, Authorization="Bearer registrar-token-0123456789")
    expect(s.request("GET", "/v1/health")[0] == 200, "health needs no token")
    status, body = s.json("POST", "/v1/audit", small, {"Content-Type": "application/json", "Accept-Language": "en"})
    expect(status == 401 and body["error"]["code"] == "serve.unauthorized" and "token" in body["error"]["message"],
           f"no token: {status} {body}")
    expect(s.request("POST", "/v1/audit", small, dict(reader, Authorization="Bearer wrong-token-0123456789"))[0] == 401,
           "a wrong token is refused")
    status, body = s.json("POST", "/v1/audit", small, reader)
    expect(status == 200 and body["subject"]["id"], f"with a token: {status}")
    masked = json.dumps(body, ensure_ascii=False).encode()
    expect(not ID.search(masked), "national IDs masked by default")
    status, body = s.json("POST", "/v1/audit?unmask_ids=true", small, reader)
    expect(status == 403 and body["error"]["code"] == "serve.unmask_forbidden", f"unmask without permission: {status}")
    status, body = s.request("POST", "/v1/audit?unmask_ids=true", small, registrar)
    expect(status == 200 and ID.search(body), f"unmask with permission: {status}")
    status, body = s.json("POST", "/v1/audit", envelope(rec * 20, stu, {}), reader)
    expect(status == 413 and body["error"]["code"] == "serve.body_too_large", f"body over the limit: {status}")
    status, _ = s.request("GET", "/v1/health", None, {"X-Padding": "x" * 3000})
    expect(status == 431, f"header over the limit: {status}")
    expect(closed_within(s.port, b"POST /v1/audit HTTP/1.1\r\nHost: x\r\n", 3), "a slow header is not closed")
    expect(closed_within(s.port, b"POST /v1/audit HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", 3),
           "a slow body is not closed")
    expect(closed_within(s.port, b"", 3), "an idle connection is not closed")
    expect(s.request("GET", "/v1/ready")[0] == 200, "ready after the slow clients")
    expect(s.stop() == 0, "stop")
    log = s.log.read_bytes()
    expect(b'"status":401' in log and b'"token":"registrar"' in log and not ID.search(log), "access log")


def check_errors(s):
    """Bad input: 4xx in the request's language, never 5xx."""
    status, body = s.json("POST", "/v1/audit", b'{"records": [', {"Content-Type": "application/json", "Accept-Language": "en"})
    expect(status == 400 and body["error"]["code"] == "serve.bad_json" and "JSON" in body["error"]["message"], f"{body}")
    status, body = s.json("GET", "/v1/nothing-here")
    expect(status == 404 and "端點" in body["error"]["message"], f"zh-TW by default: {body}")
    status, body = s.json("GET", "/v1/nothing-here?lang=en")
    expect(status == 404 and "endpoint" in body["error"]["message"], f"?lang=en: {body}")
    status, body = s.json("POST", "/v1/audit?ruleset=no-such-set", envelope("x", None, {}), {"Content-Type": "application/json"})
    expect(status == 404 and body["error"]["code"] == "serve.unknown_ruleset", f"unknown rule set: {status}")
    status, body = s.json("POST", "/v1/audit?rules=rules/nowhere", envelope("x", None, {}), {"Content-Type": "application/json"})
    expect(status == 404, f"unknown rules: {status}")
    status, body = s.json("POST", "/v1/audit", envelope("x", None, {"colour": "red"}), {"Content-Type": "application/json"})
    expect(status == 400 and body["error"]["code"] == "capi.unknown_option", f"unknown option: {body}")
    status, body = s.json("POST", "/v1/audit", b"[1, 2]", {"Content-Type": "application/json"})
    expect(status == 400, f"not an envelope: {status}")
    status, body = s.json("GET", "/v1/audit")
    expect(status == 405, f"GET on audit: {status}")
    status, body = s.json("POST", "/v1/lint?file=x.yaml", b"id: [", {})
    expect(status == 200 and body["errors"] >= 1 and body["diagnostics"][0]["file"] == "x.yaml", f"lint: {body}")
    status, listed = s.json("GET", "/v1/rulesets")
    expect(status == 200 and all({"id", "version", "sha256", "applies_to"} <= set(r) for r in listed) and len(listed) >= 3,
           f"rulesets: {listed[:1]}")
    status, text = s.request("GET", "/v1/openapi.yaml")
    expect(status == 200 and text == (ROOT / "docs/openapi.yaml").read_bytes(), "openapi.yaml served as in docs/")


def check_reload():
    """SIGHUP: a broken rule file keeps the old rule sets (and says so in /v1/health); a good one
    is taken."""
    folder = tmp / "rules"
    folder.mkdir()
    source = ROOT / "rules/ntue-eam/eam-mse-112.yaml"
    shutil.copy(source, folder / "eam.yaml")
    s = Service(str(folder))
    rec = (ROOT / "examples/grad/eam-met/transcript.csv").read_text(encoding="utf-8")
    stu = (ROOT / "examples/grad/eam-met/student.csv").read_text(encoding="utf-8")
    body = envelope(rec, stu, {"as_of": "113-2"})
    headers = {"Content-Type": "application/json"}
    before = s.request("POST", "/v1/audit", body, headers)
    (folder / "eam.yaml").write_text("id: [broken\n", encoding="utf-8")
    s.proc.send_signal(signal.SIGHUP)
    health = {}
    for _ in range(100):
        time.sleep(0.05)
        _, health = s.json("GET", "/v1/health")
        if not health["reload"]["ok"]:
            break
    expect(health.get("status") == "degraded" and "eam.yaml" in health["reload"].get("error", ""),
           f"a failed reload is not reported: {health}")
    expect(health.get("generation") == 1, f"the old rule sets are kept: {health}")
    expect(s.request("POST", "/v1/audit", body, headers) == before, "audits go on with the old rule sets")
    text = source.read_text(encoding="utf-8").replace('version: "', 'version: "9', 1)
    (folder / "eam.yaml").write_text(text, encoding="utf-8")
    s.proc.send_signal(signal.SIGHUP)
    for _ in range(100):
        time.sleep(0.05)
        _, health = s.json("GET", "/v1/health")
        if health["generation"] == 2:
            break
    _, listed = s.json("GET", "/v1/rulesets")
    expect(health["generation"] == 2 and health["reload"]["ok"] and listed[0]["version"].startswith("9"),
           f"a good reload is taken: {health} {listed[0]['version']}")
    expect(s.stop() == 0, "stop after reloads")
    expect(b'"event":"reload","result":"failed"' in s.log.read_bytes(), "the failed reload is in the log")


def check_shutdown():
    """SIGTERM while an audit-many is answered: it finishes, then the service exits 0 and no
    longer accepts connections."""
    s = Service("rules/ntue-eam")
    rec = (ROOT / "examples/grad/eam-met/transcript.csv").read_text(encoding="utf-8")
    stu = (ROOT / "examples/grad/eam-met/student.csv").read_text(encoding="utf-8")
    lines = 400
    body = b"\n".join([envelope(rec, stu, {"as_of": "113-2"})] * lines)
    result = {}

    def send():
        result["answer"] = s.request("POST", "/v1/audit-many", body, {"Content-Type": "application/x-ndjson"}, timeout=120)

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.3)
    s.proc.send_signal(signal.SIGTERM)
    sender.join()
    code = s.proc.wait(timeout=60)
    status, answer = result.get("answer", (0, b""))
    got = answer.count(b"\n")
    expect(status == 200 and got == lines, f"the request in flight finished: {status}, {got} lines")
    expect(code == 0, f"exit code after SIGTERM: {code}")
    try:
        socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
        expect(False, "still accepting after SIGTERM")
    except OSError:
        pass


def main():
    rules_paths = sorted({args[0] for _, args in cases()})
    good = [r for r in rules_paths if loadable(r)]
    broken = [r for r in rules_paths if r not in good]
    for r in broken:  # the service does not start on invalid rules: the CLI's exit 2 and messages
        r_ = subprocess.run([BIN, "serve", r, "--port", "0"], cwd=ROOT, capture_output=True, env=ENV, timeout=30)
        expect(r_.returncode == 2 and r_.stderr, f"serve {r}: exit {r_.returncode}")
    s = Service(*good)
    compared, many = audit_examples(s, set(good))
    expect(compared >= 60, f"only {compared} examples compared")
    audit_many(s, many)
    check_errors(s)
    expect(s.stop() == 0, "stop")
    log = s.log.read_bytes()
    expect(log.count(b'"route":"audit"') >= 40 and not ID.search(log), "the access log holds no national ID")
    check_limits()
    check_reload()
    check_shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print(f"{compared} examples byte-identical to the CLI through the service; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
