#!/usr/bin/env python3
"""End-to-end figures for docs/performance.md: the CLI cold run, the generated cohort batch
(wall time and peak memory, JSONL and CSV out), peak memory against cohort size, and the
generated teachers' in-service batch (rules/tw-inservice/counselling.yaml, CSV and JSONL out).

    /usr/bin/python3 tests/bench/e2e.py --bin build/release/cli/libaudit     # 40,000 students, 200,000 teachers
    /usr/bin/python3 tests/bench/e2e.py --bin build/release/cli/libaudit --students 200 --teachers 500 --repeat 1   # CTest smoke

Prints a Markdown table. No timing assertions: the exit code only says the commands ran as expected.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, out=subprocess.DEVNULL):
    """Runs cmd; returns (exit code, wall seconds, CPU seconds, peak RSS in MB) of that process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("--students", type=int, default=40000)
    ap.add_argument("--teachers", type=int, default=200000, help="0: skip the teachers' batch")
    ap.add_argument("--skip-students", action="store_true", help="only the teachers' batch")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0)
    o = ap.parse_args()
    rules = os.path.join(o.root, "rules")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        if not o.skip_students:
            students(o, rules, work, rows)
        if o.teachers:
            teachers(o, rules, work, rows)

    print("| what | workload | time | peak RSS |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


def best_batch(o, cmd, out, repeat):
    """Runs a batch `repeat` times; returns the fastest (wall, cpu, rss, MB out, summary line)."""
    best = None
    for _ in range(repeat):
        code, wall, cpu, rss, err = run(cmd)
        assert code == 0, f"batch exit {code}: {err}"
        if best is None or wall < best[0]:
            best = (wall, cpu, rss, os.path.getsize(out) / 1e6, err.strip().splitlines()[-1])
    return best


def teachers(o, rules, work, rows):
    """200,000 teachers x 50 sessions (generate --kind teachers), audited with the current national
    rule (學生輔導法 §14: every K-12 teacher 3 h, counselling staff 18 h per school year)."""
    rec, prof = os.path.join(work, "sessions.csv"), os.path.join(work, "teachers.csv")
    code, wall, *_ = run([o.bin, "generate", "--kind", "teachers", "--seed", "1", "--teachers", str(o.teachers), "-r", rec, "-p", prof])
    assert code == 0, "generate --kind teachers failed"
    size = os.path.getsize(rec) / 1e6
    rows.append(("generate --kind teachers", f"{o.teachers} teachers x 50 sessions ({size:.0f} MB CSV)", f"{wall:.2f} s", ""))
    pack = os.path.join(rules, "tw-inservice", "counselling.yaml")
    jobs = ["--jobs", str(o.jobs)] if o.jobs else []
    for fmt in ("csv", "jsonl"):
        out = os.path.join(work, "teachers-out." + fmt)
        wall, cpu, rss, out_mb, summary = best_batch(
            o, [o.bin, "batch", pack, "-r", rec, "-p", prof, "--as-of", "2026-07-31", "-o", out, "--format", fmt] + jobs, out, o.repeat)
        rows.append((f"teachers batch, {fmt} out", f"counselling.yaml, {o.teachers} teachers end to end ({out_mb:.0f} MB out); {summary}",
                     f"{wall:.2f} s wall, {cpu:.2f} s CPU", f"{rss:.0f} MB"))


def students(o, rules, work, rows):
    """The generated cohort against the bundled frameworks; peak memory against cohort size."""
    rec, prof = os.path.join(work, "records.csv"), os.path.join(work, "profiles.csv")
    code, wall, *_ = run([o.bin, "generate", rules, "--seed", "1", "--students", str(o.students), "-r", rec, "-p", prof])
    assert code == 0, "generate failed"
    size = os.path.getsize(rec) / 1e6
    rows.append(("generate", f"{o.students} students x 60 records ({size:.0f} MB CSV)", f"{wall:.2f} s", ""))

    ex = os.path.join(o.root, "examples", "grad", "eam-met-pending")
    cold = []
    for _ in range(max(5, 10 * o.repeat)):
        code, wall, *_ = run([o.bin, "check", os.path.join(rules, "ntue-eam"), "--records", os.path.join(ex, "transcript.csv"),
                              "--student", os.path.join(ex, "student.csv")])
        assert code == 4, f"check exit {code}"
        cold.append(wall * 1000)
    rows.append(("CLI cold run", "load rules/ntue-eam (3 files), audit one student, print", f"median {statistics.median(cold):.1f} ms, max {max(cold):.1f} ms", ""))

    jobs = ["--jobs", str(o.jobs)] if o.jobs else []
    for fmt in ("jsonl", "csv"):
        out = os.path.join(work, "out." + fmt)
        wall, cpu, rss, out_mb, summary = best_batch(o, [o.bin, "batch", rules, "-r", rec, "-p", prof, "-o", out, "--format", fmt] + jobs,
                                                     out, o.repeat)
        rows.append((f"batch, {fmt} out", f"{o.students} students end to end ({out_mb:.0f} MB out); {summary}",
                     f"{wall:.2f} s wall, {cpu:.2f} s CPU", f"{rss:.0f} MB"))

    # Peak memory must not grow with the cohort: the same batch over a quarter of it.
    quarter = max(1, o.students // 4)
    qrec, qprof = os.path.join(work, "q-records.csv"), os.path.join(work, "q-profiles.csv")
    run([o.bin, "generate", rules, "--seed", "1", "--students", str(quarter), "-r", qrec, "-p", qprof])
    code, wall, cpu, rss, err = run([o.bin, "batch", rules, "-r", qrec, "-p", qprof, "-o", os.path.join(work, "q.jsonl")] + jobs)
    assert code == 0, f"batch exit {code}: {err}"
    rows.append(("batch, jsonl out", f"{quarter} students (memory against cohort size)", f"{wall:.2f} s wall", f"{rss:.0f} MB"))


if __name__ == "__main__":
    sys.exit(main())
