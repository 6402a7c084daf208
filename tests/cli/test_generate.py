#!/usr/bin/env python3
"""`libaudit generate`: the same files for the same seed, and output the CLI can audit.

    test_generate.py BIN REPO_ROOT

Teachers (`--kind teachers`): determinism by seed, a smaller run is a prefix of a larger one,
the session/profile format of examples/hours (valid and unique national IDs, roles, 0.5-hour
units, credit classes in credits), and `libaudit batch` over the output with every pack in
rules/tw-inservice (no invalid teacher; met and not applicable with each, not met too with the
counselling and preschool packs). Students: determinism.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # values 10..35 (docs/domain notes)


def valid_national_id(s):
    if len(s) != 10 or s[0] not in LETTERS or s[1] not in "12" or not s[1:].isdigit():
        return False
    v = LETTERS.index(s[0]) + 10
    digits = [v // 10, v % 10] + [int(c) for c in s[1:]]
    return sum(d * w for d, w in zip(digits, [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1])) % 10 == 0


def generate(bin_, work, name, *args):
    rec, prof = os.path.join(work, name + "-records.csv"), os.path.join(work, name + "-profiles.csv")
    subprocess.run([bin_, "generate", *args, "-r", rec, "-p", prof], check=True)
    with open(rec, encoding="utf-8") as f, open(prof, encoding="utf-8") as g:
        return rec, prof, f.read(), g.read()


def main():
    bin_, root = sys.argv[1], sys.argv[2]
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as work:
        teachers = ["--kind", "teachers", "--teachers", "300"]
        rec, prof, s1, p1 = generate(bin_, work, "a", *teachers, "--seed", "5")
        _, _, s2, p2 = generate(bin_, work, "b", *teachers, "--seed", "5")
        _, _, s3, p3 = generate(bin_, work, "c", *teachers, "--seed", "6")
        _, _, s4, p4 = generate(bin_, work, "d", "--kind", "teachers", "--teachers", "120", "--seed", "5")
        expect(s1 == s2 and p1 == p2, "teachers: the same seed gave different files")
        expect(s1 != s3 and p1 != p3, "teachers: seeds 5 and 6 gave the same files")
        expect(s1.startswith(s4) and p1.startswith(p4), "teachers: 120 teachers are not the first 120 of 300")

        sessions = list(csv.DictReader(io.StringIO(s1)))
        profiles = list(csv.DictReader(io.StringIO(p1)))
        expect(list(csv.reader(io.StringIO(s1)))[0] == ["身分證字號", "課程代碼", "研習名稱", "班別性質", "研習日期", "結束日期", "時數", "學分", "標籤"],
               "teachers: session header differs from examples/hours")
        expect(list(csv.reader(io.StringIO(p1)))[0] == ["身分證字號", "姓名", "身分別", "到職日", "離職日"],
               "teachers: profile header differs from examples/hours")
        ids = [p["身分證字號"] for p in profiles]
        expect(len(ids) == 300 and len(set(ids)) == 300, "teachers: 300 distinct teachers expected")
        expect(all(valid_national_id(i) for i in ids), "teachers: an invalid national ID")
        roles = {p["身分別"] for p in profiles}
        expect(roles == {"teacher", "counselling", "preschool"}, f"teachers: roles {roles}")
        expect(any(p["到職日"] for p in profiles) and any(p["離職日"] for p in profiles), "teachers: no employment dates")
        distinct = {}
        for s in sessions:
            distinct.setdefault(s["身分證字號"], set()).add(s["課程代碼"])
        expect(list(distinct) == ids, "teachers: sessions not grouped in profile order")
        expect(all(len(v) == 50 for v in distinct.values()), "teachers: 50 distinct sessions per teacher expected by default")
        expect(len(sessions) > 300 * 50, "teachers: no duplicate rows (the platform repeats some)")
        for s in sessions:
            if s["班別性質"] in ("學分班", "學位班"):
                expect(s["時數"] == "" and s["學分"] in ("1", "2", "3"), f"teachers: credit class row {s}")
            else:
                expect(s["學分"] == "" and float(s["時數"]) > 0, f"teachers: session row {s}")
        hours = [float(s["時數"]) for s in sessions if s["時數"]]
        expect(sum(h * 2 == int(h * 2) for h in hours) > 0.95 * len(hours), "teachers: hours not mostly in 0.5-hour units")
        expect(any(h < 1 for h in hours), "teachers: no session under the 1-hour minimum")
        expect(any("輔導知能" in s["標籤"] for s in sessions), "teachers: no 輔導知能 sessions")
        expect(any(s["班別性質"] not in ("非學分班", "非學分班(校本研習)", "學分班", "學位班") for s in sessions),
               "teachers: no undeclared category")

        for pack in ("counselling", "legacy-18h", "preschool"):
            out = os.path.join(work, pack + ".csv")
            proc = subprocess.run([bin_, "batch", os.path.join(root, "rules", "tw-inservice", pack + ".yaml"), "-r", rec, "-p", prof,
                                   "--as-of", "2026-07-31", "--format", "csv", "--lang", "en", "-o", out], capture_output=True, text=True)
            expect(proc.returncode == 0, f"batch {pack}: exit {proc.returncode}: {proc.stderr}")
            with open(out, encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            statuses = {r["status"] for r in rows}
            expect(len(rows) == 300, f"batch {pack}: {len(rows)} rows")
            # 50 sessions in 5.6 years rarely miss the legacy 90 hours: only counselling and preschool must have both.
            wanted = {"met", "not_applicable"} | (set() if pack == "legacy-18h" else {"not_met"})
            expect(wanted <= statuses and "invalid" not in statuses, f"batch {pack}: statuses {statuses}")

        # Students: the same seed, the same files.
        students = ["--kind", "students", os.path.join(root, "rules"), "--students", "50", "--records-per-student", "20"]
        _, _, r1, q1 = generate(bin_, work, "e", *students, "--seed", "3")
        _, _, r2, q2 = generate(bin_, work, "f", *students, "--seed", "3")
        expect(r1 == r2 and q1 == q2, "students: the same seed gave different files")
        expect(len(r1.splitlines()) == 1 + 50 * 20, "students: 20 rows per student expected")

    for f in failures:
        print("FAILED:", f)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
