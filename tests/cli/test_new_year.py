#!/usr/bin/env python3
"""`libaudit new-year`: a framework copied to the next entry year.

    test_new_year.py BIN REPO_ROOT

Copies rules/ntue-eam to a temporary folder and runs `new-year` on the 113 framework: the new
file has the id, applies_to entry years and version of 114 and every other line as before (comments
included); its rule test is copied with the rule path and entry years replaced; the folder lints
without errors; a student of entry year 114 (examples/grad/eam-met with the profile's entry year
changed) is audited with the new rule set; a second run refuses to overwrite (exit 2, naming the file)
and leaves the file as it was. The year as the id writes it: 097 -> 098.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(bin_, *args):
    env = dict(os.environ, LIBAUDIT_LANG="en")
    return subprocess.run([bin_, *args], capture_output=True, text=True, env=env)


def main():
    bin_, root = sys.argv[1], sys.argv[2]
    failures = []

    def expect(ok, what):
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as work:
        pack = os.path.join(work, "ntue-eam")
        shutil.copytree(os.path.join(root, "rules", "ntue-eam"), pack)
        old = os.path.join(pack, "eam-mse-113.yaml")
        new = os.path.join(pack, "eam-mse-114.yaml")
        r = run(bin_, "new-year", old, "--to", "114")
        expect(r.returncode == 0, f"new-year exit {r.returncode}: {r.stdout}{r.stderr}")
        expect(new in r.stdout and "0 errors" in r.stdout, f"new-year output: {r.stdout}")
        with open(old, encoding="utf-8") as f:
            old_lines = f.read().splitlines()
        with open(new, encoding="utf-8") as f:
            new_text = f.read()
        new_lines = new_text.splitlines()
        expect("id: ntue-eam-mse-114" in new_lines, "id not replaced")
        expect('version: "2025.1"' in new_lines, "version not 2025.1 (quotes kept)")
        expect("  entry_years: 114" in new_lines, "entry_years not 114")
        changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
        expect(len(old_lines) == len(new_lines) and len(changed) == 3, f"lines changed: {changed}")
        comments = [l for l in old_lines if l.lstrip().startswith("#")]
        expect(comments and all(c in new_lines for c in comments), "comments not kept")

        test = os.path.join(pack, "tests", "eam-mse-114.test.yaml")
        expect(os.path.exists(test), "rule test not copied")
        if os.path.exists(test):
            with open(test, encoding="utf-8") as f:
                t = f.read()
            expect("rules: ../eam-mse-114.yaml" in t, "rule test's rules path not replaced")
            expect("entry_year: 114" in t and "entry_year: 113" not in t, "rule test's entry years not replaced")

        r = run(bin_, "lint", pack)
        expect(r.returncode == 0 and "0 errors" in r.stdout, f"lint of the pack: {r.stdout}")

        example = os.path.join(root, "examples", "grad", "eam-met")
        with open(os.path.join(example, "student.csv"), encoding="utf-8") as f:
            profile = f.read().replace(",112,4,", ",114,4,")
        expect(",114,4," in profile, "profile's entry year not changed")
        student = os.path.join(work, "student-114.csv")
        with open(student, "w", encoding="utf-8") as f:
            f.write(profile)
        r = run(bin_, "check", pack, "--records", os.path.join(example, "transcript.csv"), "--student", student,
                "--as-of", "115-2", "--format", "json")
        expect(r.returncode == 0, f"check of a 114 student: exit {r.returncode}: {r.stderr}")
        if r.returncode == 0:
            result = json.loads(r.stdout)
            expect(result["ruleset"]["id"] == "ntue-eam-mse-114", f"rule set {result['ruleset']}")
            expect(result["status"] == "met", f"status {result['status']}")

        r = run(bin_, "new-year", old, "--to", "114")
        expect(r.returncode == 2, f"second run exit {r.returncode}")
        expect(r.stderr.startswith(new + ":") and "already exists" in r.stderr, f"second run: {r.stderr}")
        with open(new, encoding="utf-8") as f:
            expect(f.read() == new_text, "second run changed the file")

    # An id and file name that write the year with a leading zero keep it: 097 -> 098.
    with tempfile.TemporaryDirectory() as work:
        pack = os.path.join(work, "ntue-eam")
        shutil.copytree(os.path.join(root, "rules", "ntue-eam"), pack)
        r = run(bin_, "new-year", os.path.join(pack, "eam-mse-097.yaml"), "--to", "98")
        new = os.path.join(pack, "eam-mse-098.yaml")
        expect(r.returncode == 0 and os.path.exists(new), f"097 -> 98: exit {r.returncode}: {r.stderr}")
        if os.path.exists(new):
            with open(new, encoding="utf-8") as f:
                lines = f.read().splitlines()
            expect("id: ntue-eam-mse-098" in lines and 'version: "2009.1"' in lines and "  entry_years: 98" in lines,
                   "097 -> 98: id, version or entry_years")

    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
