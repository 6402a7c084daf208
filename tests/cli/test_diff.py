#!/usr/bin/env python3
"""`libaudit diff`: what the golden cases cannot show.

    test_diff.py BIN REPO_ROOT

* Deterministic output: the cohort's students in another order (transcript rows grouped by student,
  the groups and the profiles shuffled) give byte-identical CSV, JSON and summaries.
* Git revisions: in a temporary repository with two commits of the ntue-eam pack (the second one
  the next version of tests/data/diff), `diff HEAD~1:rules/ntue-eam HEAD:rules/ntue-eam` gives the
  same CSV as the two folders, and so does a single file `REV:rules/ntue-eam/eam-mse-112.yaml`
  against its folder copy; an unknown revision and a path the revision does not have exit 3 with
  git's reason; a folder without rule files at that revision exits 3.
* One pass: the statuses it reports equal those of two `batch --format csv` runs.
"""
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile


def run(bin_, *args, cwd=None):
    env = dict(os.environ, LIBAUDIT_LANG="en")
    return subprocess.run([bin_, *args], capture_output=True, env=env, cwd=cwd)


def main():
    bin_, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []

    def expect(ok, what):
        if not ok:
            failures.append(what)

    data = os.path.join(root, "tests", "data", "diff")
    old, new = os.path.join(root, "rules", "ntue-eam"), os.path.join(data, "ntue-eam-next")
    records = os.path.join(data, "cohort", "transcripts.csv")
    profiles = os.path.join(data, "cohort", "students.csv")

    with tempfile.TemporaryDirectory() as work:
        # The same students, in another order.
        with open(records, encoding="utf-8") as f:
            header, *rows = f.read().splitlines(True)
        groups = {}
        for row in rows:
            groups.setdefault(row.split(",", 1)[0], []).append(row)
        keys = list(groups)
        random.Random(21).shuffle(keys)
        shuffled_records = os.path.join(work, "transcripts.csv")
        with open(shuffled_records, "w", encoding="utf-8") as f:
            f.write(header + "".join(r for k in keys for r in groups[k]))
        with open(profiles, encoding="utf-8") as f:
            p_header, *p_rows = f.read().splitlines(True)
        random.Random(7).shuffle(p_rows)
        shuffled_profiles = os.path.join(work, "students.csv")
        with open(shuffled_profiles, "w", encoding="utf-8") as f:
            f.write(p_header + "".join(p_rows))
        for fmt in ("csv", "json", "text"):
            a = run(bin_, "diff", old, new, "-r", records, "-p", profiles, "--format", fmt)
            b = run(bin_, "diff", old, new, "-r", shuffled_records, "-p", shuffled_profiles, "--format", fmt, "--jobs", "1")
            expect(a.returncode == 1 and b.returncode == 1, f"{fmt}: exit {a.returncode}/{b.returncode}: {a.stderr} {b.stderr}")
            expect(a.stdout == b.stdout, f"{fmt}: another order of the students changes the output")

        # Git revisions.
        repo = os.path.join(work, "repo")
        os.makedirs(os.path.join(repo, "rules"))
        shutil.copytree(old, os.path.join(repo, "rules", "ntue-eam"))

        def git(*args):
            return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                                  capture_output=True, text=True, check=True)

        git("init", "-q")
        git("add", ".")
        git("commit", "-qm", "pack")
        for name in os.listdir(new):
            shutil.copy(os.path.join(new, name), os.path.join(repo, "rules", "ntue-eam", name))
        git("commit", "-qam", "next version")
        folders = run(bin_, "diff", old, new, "-r", records, "-p", profiles, "--format", "csv")
        revs = run(bin_, "diff", "HEAD~1:rules/ntue-eam", "HEAD:rules/ntue-eam", "-r", records, "-p", profiles,
                   "--format", "csv", cwd=repo)
        expect(revs.returncode == 1, f"revisions: exit {revs.returncode}: {revs.stderr.decode()}")
        expect(revs.stdout == folders.stdout, "revisions: not the CSV of the two folders")
        one = run(bin_, "diff", "HEAD~1:rules/ntue-eam/eam-mse-112.yaml", os.path.join(new, "eam-mse-112.yaml"), "-r",
                  records, "-p", profiles, "--format", "json", cwd=repo)
        expect(one.returncode == 1 and b'"file": "HEAD~1:rules/ntue-eam/eam-mse-112.yaml"' in one.stdout,
               f"one file at a revision: exit {one.returncode}: {one.stderr.decode()}")
        for spec, words in (("NOSUCHREV:rules/ntue-eam", "NOSUCHREV"), ("HEAD:rules/no-such-pack", "no-such-pack")):
            bad = run(bin_, "diff", spec, "HEAD:rules/ntue-eam", "-r", records, "-p", profiles, cwd=repo)
            err = bad.stderr.decode()
            expect(bad.returncode == 3 and "cannot read the rules at " + spec + " with git" in err and words in err,
                   f"{spec}: exit {bad.returncode}, {err!r}")
        os.makedirs(os.path.join(repo, "empty"))
        with open(os.path.join(repo, "empty", "notes.txt"), "w") as f:
            f.write("no rules\n")
        git("add", ".")
        git("commit", "-qm", "empty")
        empty = run(bin_, "diff", "HEAD:empty", "HEAD:rules/ntue-eam", "-r", records, "-p", profiles, cwd=repo)
        expect(empty.returncode == 3 and "no rule files (*.yaml) at HEAD:empty" in empty.stderr.decode(),
               f"empty folder: exit {empty.returncode}, {empty.stderr.decode()!r}")

    # The statuses of one pass are those of two batches.
    def statuses(rules):
        r = run(bin_, "batch", rules, "-r", records, "-p", profiles, "--format", "csv")
        return {row["student_id"]: row["status"] for row in csv.DictReader(io.StringIO(r.stdout.decode()))}

    before, after = statuses(old), statuses(new)
    d = run(bin_, "diff", old, new, "-r", records, "-p", profiles, "--format", "csv")
    changed = {row["student_id"]: (row["old"], row["new"]) for row in csv.DictReader(io.StringIO(d.stdout.decode()))
               if row["change"] == "status"}
    expected = {s: (before[s], after[s]) for s in before if before[s] != after[s]}
    expect(changed == expected and changed, f"status changes {changed}, two batches say {expected}")

    if failures:
        print("\n".join(failures))
        return 1
    print(f"ok: diff ({len(changed)} students change status)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
