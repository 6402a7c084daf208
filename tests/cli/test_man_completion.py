#!/usr/bin/env python3
"""The manual page (cli/share/libaudit.1) has a section for every subcommand the program has and
every exit code the README documents; bash completion (cli/share/libaudit.bash) completes
subcommands, a subcommand's options and an option's values, read from the installed program's help.

Usage: test_man_completion.py LIBAUDIT REPO_ROOT"""
import os
import re
import shutil
import subprocess
import sys

BIN, ROOT = sys.argv[1], sys.argv[2]
failures = []

help_text = subprocess.run([BIN, "--help", "--lang", "en"], capture_output=True, text=True).stdout
commands = re.findall(r"^  (\S+) ", help_text.split("Subcommands:", 1)[1], re.M)
if len(commands) < 8:
    failures.append(f"help lists only {commands}")

with open(os.path.join(ROOT, "cli", "share", "libaudit.1"), encoding="utf-8") as f:
    man = f.read()
sections = {s.replace("\\-", "-") for s in re.findall(r"^\.SS (\S+)", man, re.M)}
for c in commands:
    if c not in sections:
        failures.append(f"libaudit.1 has no .SS section for '{c}'")
for code in range(7):
    if f".B {code}\n" not in man:
        failures.append(f"libaudit.1 does not document exit code {code}")
if shutil.which("groff"):
    r = subprocess.run(["groff", "-k", "-man", "-Tutf8", "-ww", "-z"], input=man, capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip():
        failures.append(f"groff warns about libaudit.1: {r.stderr[:300]}")


def complete(*words):
    """COMPREPLY for the command line `libaudit WORDS...` (the last word being completed)."""
    script = os.path.join(ROOT, "cli", "share", "libaudit.bash")
    words_text = " ".join("'" + w + "'" for w in ("libaudit",) + words)
    cmd = (f"source '{script}'; COMP_WORDS=({words_text}); COMP_CWORD={len(words)}; _libaudit; "
           "printf '%s\\n' \"${COMPREPLY[@]}\"")
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(BIN)) + os.pathsep + os.environ.get("PATH", ""))
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT, env=env)
    return [line for line in r.stdout.splitlines() if line]


def expect(words, want):
    got = complete(*words)
    if not set(want) <= set(got):
        failures.append(f"completing {' '.join(words)!r}: expected {want} among {got[:20]}")


expect(("ch",), ["check"])
expect(("",), commands)
expect(("check", "--rec"), ["--records"])
expect(("check", "rules", "--format", ""), ["text", "json", "html", "pdf"])
expect(("batch", "--lang", ""), ["zh-TW", "en"])
expect(("test", "--ju"), ["--junit"])
expect(("schema", "r"), ["rules", "result", "ruletest"])
expect(("check", "rules/ntue-e"), ["rules/ntue-eam"])

for f in failures:
    print("FAILED:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
