"""A Python host that sets a comma-decimal locale (locale.setlocale(LC_ALL, "") under
LC_ALL=de_DE.UTF-8) gets the same audit, byte for byte, as one in the C locale. Before the
engine read numbers without the C library's locale, a grade of 88.5 became unreadable there."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPT = r"""
import locale, sys
if sys.argv[1] != "C":
    locale.setlocale(locale.LC_ALL, "")
    assert locale.localeconv()["decimal_point"] == ",", locale.localeconv()
import libaudit
from pathlib import Path
root = Path(sys.argv[2])
text = (root / "examples/grad/eam-met/transcript.csv").read_text(encoding="utf-8").replace(",88,", ",88.5,", 1)
out = Path(sys.argv[3])
out.write_text(text, encoding="utf-8")
r = libaudit.check(str(root / "rules/ntue-eam"), out, root / "examples/grad/eam-met/student.csv")
sys.stdout.write(r.to_json())
"""


def run(loc, tmp_path):
    env = dict(os.environ, LC_ALL=loc)
    return subprocess.run([sys.executable, "-c", SCRIPT, loc, str(ROOT), str(tmp_path / f"t-{loc}.csv")],
                          env=env, capture_output=True, text=True, check=True).stdout


def test_same_json_under_comma_locale(tmp_path):
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "de_de.utf8" not in have and "de_de.utf-8" not in have:
        pytest.skip("de_DE.UTF-8 is not installed (bash .ci/install-deps generates it)")
    c = run("C", tmp_path)
    de = run("de_DE.UTF-8", tmp_path)
    assert '"invalid_grade"' not in c
    assert c.replace("t-C.csv", "t.csv") == de.replace("t-de_DE.UTF-8.csv", "t.csv")
