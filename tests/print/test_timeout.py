#!/usr/bin/env python3
"""A PDF engine that hangs does not hang libaudit (docs/printing.md#timeout).

A fake "chromium" (a shell script named so, chosen with LIBAUDIT_PDF_ENGINE) starts a child that
sleeps and then waits for it: it never prints and never answers on the DevTools pipe. With
LIBAUDIT_PDF_TIMEOUT=1, each way of printing must end within seconds with exit 3 and the timeout's
message in the language asked for, and the fake engine and its child must be gone (killed with
their process group, not left running):

* one sheet (`check --format pdf`: one engine run with --print-to-pdf);
* a cohort in one PDF (`batch --format pdf`: parts printed two at a time; needs pdfunite);
* one PDF per subject (`batch --format pdf --out-dir`: one browser over the DevTools pipe).

SIGINT to libaudit while the engine runs kills the engine too. A LIBAUDIT_PDF_TIMEOUT that is not
a number of seconds is an error naming it. Needs no browser.

    test_timeout.py BIN REPO_ROOT
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = "examples/grad/eam-flexible-over-cap"
CHECK = ["check", "rules/ntue-eam", "--records", f"{EXAMPLE}/transcript.csv", "--student", f"{EXAMPLE}/student.csv",
         "--as-of", "113-2", "--print-date", "2026-12-01"]
FAKE = """#!/bin/sh
# A PDF engine that hangs: a child that sleeps, and this script waiting for it.
sleep 600 &
echo $! >> "$FAKE_PIDS"
echo $$ >> "$FAKE_PIDS"
wait
"""
MESSAGES = {"en": "did not finish within 1 s and was stopped", "zh-TW": "未在 1 秒內完成，已將其終止"}


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def hangs(binary, root, tmp, what, args, lang, failures):
    pids = tmp / f"pids-{what}-{lang}"
    env = dict(os.environ, LIBAUDIT_PDF_ENGINE=str(tmp / "fake" / "chromium"), LIBAUDIT_PDF_TIMEOUT="1",
               LIBAUDIT_LANG=lang, FAKE_PIDS=str(pids))
    start = time.monotonic()
    try:
        proc = subprocess.run([binary] + args, cwd=root, capture_output=True, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        failures.append(f"{what} ({lang}): libaudit still running after 120 s with a 1 s timeout")
        return
    took = time.monotonic() - start
    err = proc.stderr.decode("utf-8")
    if proc.returncode != 3 or MESSAGES[lang] not in err or "chromium" not in err:
        failures.append(f"{what} ({lang}): exit {proc.returncode}, stderr {err!r}")
    if took > 30:
        failures.append(f"{what} ({lang}): took {took:.1f} s with a 1 s timeout")
    started = [int(p) for p in pids.read_text().split()] if pids.exists() else []
    if not started:
        failures.append(f"{what} ({lang}): the fake engine never ran")
    time.sleep(0.2)  # the orphaned sleeps are reaped by init
    left = [p for p in started if alive(p)]
    if left:
        failures.append(f"{what} ({lang}): processes of the engine still running: {left}")
        for p in left:
            os.kill(p, 9)


def interrupted(binary, root, tmp, failures):
    """Ctrl-C (SIGINT to libaudit) while the engine runs: the engine, in a process group of its own,
    is killed too, and libaudit ends by the signal as before."""
    pids = tmp / "pids-interrupted"
    env = dict(os.environ, LIBAUDIT_PDF_ENGINE=str(tmp / "fake" / "chromium"), LIBAUDIT_PDF_TIMEOUT="600",
               LIBAUDIT_LANG="en", FAKE_PIDS=str(pids))
    proc = subprocess.Popen([binary] + CHECK + ["--format", "pdf", "--out", str(tmp / "i.pdf")], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        if pids.exists() and len(pids.read_text().split()) == 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        failures.append("interrupted: libaudit still running 60 s after SIGINT")
        return
    started = [int(p) for p in pids.read_text().split()] if pids.exists() else []
    time.sleep(0.2)
    left = [p for p in started if alive(p)]
    if code != -signal.SIGINT or len(started) != 2 or left:
        failures.append(f"interrupted: exit {code}, engine processes {started}, still running {left}")
        for p in left:
            os.kill(p, 9)


def main():
    binary, root = sys.argv[1], Path(sys.argv[2]).resolve()
    failures = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "fake").mkdir()
        fake = tmp / "fake" / "chromium"
        fake.write_text(FAKE)
        fake.chmod(0o755)
        for lang in ("en", "zh-TW"):
            hangs(binary, root, tmp, "check", CHECK + ["--format", "pdf", "--out", str(tmp / "x.pdf")], lang, failures)
        records, profiles = tmp / "cohort.csv", tmp / "profiles.csv"
        subprocess.run([binary, "generate", "rules/ntue-eam/eam-mse-113.yaml", "--students", "3", "--seed", "7",
                        "--records", str(records), "--profiles", str(profiles)], cwd=root, check=True, capture_output=True)
        cohort = ["batch", "rules/ntue-eam", "--records", str(records), "--profiles", str(profiles),
                  "--print-date", "2026-12-01", "--format", "pdf"]
        if shutil.which("pdfunite"):  # a cohort of several parts is joined by it, and refused without it
            hangs(binary, root, tmp, "batch", cohort + ["--out", str(tmp / "c.pdf")], "en", failures)
        hangs(binary, root, tmp, "batch --out-dir", cohort + ["--out-dir", str(tmp / "sheets")], "en", failures)
        interrupted(binary, root, tmp, failures)
        bad = subprocess.run([binary] + CHECK + ["--format", "pdf", "--out", str(tmp / "y.pdf")], cwd=root, capture_output=True,
                             env=dict(os.environ, LIBAUDIT_PDF_ENGINE=str(fake), LIBAUDIT_PDF_TIMEOUT="soon", LIBAUDIT_LANG="en"),
                             timeout=120)
        if bad.returncode != 3 or "LIBAUDIT_PDF_TIMEOUT" not in bad.stderr.decode() or "soon" not in bad.stderr.decode():
            failures.append(f"bad timeout: exit {bad.returncode}, stderr {bad.stderr.decode()!r}")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
