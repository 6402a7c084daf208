#!/usr/bin/env python3
"""Reports fit a narrow terminal (issue 21 item 6): on a terminal of 80 (or COLUMNS=60) columns every
line of a check report is at most that wide, CJK characters counting two, and nothing is lost (the
report has the same characters as the full-width one, whitespace aside); written to a file or a pipe,
the report keeps whole lines whatever COLUMNS says.

Usage: test_narrow.py LIBAUDIT_BINARY SOURCE_ROOT"""
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import unicodedata
from collections import Counter

binary, root = sys.argv[1], sys.argv[2]
CASES = {
    "attendees": ["check", "rules/tw-inservice-organiser/attendee-list.yaml", "--data", "examples/attendees/研習教師資料.csv"],
    "attendees-en": ["check", "rules/tw-inservice-organiser/attendee-list.yaml", "--data", "examples/attendees/研習教師資料.csv", "--lang", "en"],
    "programme": ["check", "rules/ntue-eam", "--as-of", "114-1", "--records", "examples/grad/eam-met-pending/transcript.csv",
                  "--student", "examples/grad/eam-met-pending/student.csv"],
    "hours": ["check", "rules/tw-inservice/counselling.yaml", "--records", "examples/hours/counselling/sessions.csv",
              "--student", "examples/hours/counselling/teachers.csv", "--id", "A123456789", "--as-of", "2026-07-31"],
}


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in line)


def on_terminal(args, columns, env):
    """Runs the CLI with standard output on a pseudo-terminal `columns` wide; its output."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    attrs = termios.tcgetattr(follower)
    attrs[1] &= ~termios.ONLCR  # no \r before \n
    termios.tcsetattr(follower, termios.TCSANOW, attrs)
    proc = subprocess.Popen([binary] + args, cwd=root, stdout=follower, stderr=subprocess.DEVNULL, env=env)
    # The follower stays open here until the process has ended and everything it wrote is read:
    # closing it early lets Linux answer EIO while output is still in the terminal's buffers, and a
    # report read in part looks like a wrapped report that lost characters (seen in CI under load).
    out = b""
    exited = False
    while True:
        ready, _, _ = select.select([leader], [], [], 0.05)
        if ready:
            out += os.read(leader, 65536)
        elif exited:
            break  # ended, and nothing arrived for 50 ms after it: all read
        else:
            exited = proc.poll() is not None
    os.close(follower)
    os.close(leader)
    return out.decode("utf-8")


failures = []
base_env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
for name, args in CASES.items():
    full = subprocess.run([binary] + args, cwd=root, capture_output=True, env=base_env).stdout.decode("utf-8")
    piped = subprocess.run([binary] + args, cwd=root, capture_output=True, env=dict(base_env, COLUMNS="60")).stdout.decode("utf-8")
    if piped != full:
        failures.append(f"{name}: COLUMNS changed the output written to a pipe")
    if max(map(width, full.splitlines())) <= 80:
        failures.append(f"{name}: the full report is already within 80 columns: the case tests nothing")
    for columns, env in ((80, base_env), (60, dict(base_env, COLUMNS="60"))):
        text = on_terminal(args, 120 if "COLUMNS" in env else columns, env)
        wide = [line for line in text.splitlines() if width(line) > columns]
        if wide:
            failures.append(f"{name}: {len(wide)} lines wider than {columns} columns, e.g. {wide[0]!r}")
        # A wrapped table cell continues below its row, so compare the characters, not their order.
        got, want = Counter(re.sub(r"\s+", "", text)), Counter(re.sub(r"\s+", "", full))
        if got != want:
            failures.append(f"{name}: at {columns} columns the report's characters differ from the full-width one's: "
                            f"missing {''.join(sorted((want - got).elements()))!r}, "
                            f"extra {''.join(sorted((got - want).elements()))!r} ({len(text)} of {len(full)} characters read)")

for f in failures:
    print("FAIL:", f)
print(f"{len(CASES) * 3} checks of {len(CASES)} reports, {len(failures)} failures")
sys.exit(1 if failures else 0)
