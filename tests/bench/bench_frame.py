#!/usr/bin/env python3
"""The DataFrame API against the CLI batch on the same cohort (docs/performance.md).

The bundled cohort (tests/data/cohort, 8 students) is repeated with fresh student ids to --copies
times its size, written as CSV, and audited (a) by `libaudit batch --format csv`, (b) by
libaudit.pandas.audit_frame from frames in memory (the summary frame, as the CLI writes a summary),
(c) the same with the detail frame built too, (d) (b) including pd.read_csv. Prints the median of
--repeat runs of each (interleaved, so that load from other processes hits all alike) and the
ratios. No assertion on time: CTest runs it small, as a smoke.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import libaudit
import libaudit.pandas as lpd

ROOT = Path(os.environ.get("LIBAUDIT_SOURCE_DIR", Path(__file__).resolve().parents[2]))


def make_cohort(folder: Path, copies: int):
    records = pd.read_csv(ROOT / "tests/data/cohort/transcripts.csv", dtype=str, keep_default_na=False)
    profiles = pd.read_csv(ROOT / "tests/data/cohort/students.csv", dtype=str, keep_default_na=False)
    many_r, many_p = [], []
    for k in range(copies):
        many_r.append(records.assign(學號=records["學號"] + f"-{k}"))
        many_p.append(profiles.assign(學號=profiles["學號"] + f"-{k}"))
    paths = folder / "transcripts.csv", folder / "students.csv"
    pd.concat(many_r).to_csv(paths[0], index=False)
    pd.concat(many_p).to_csv(paths[1], index=False)
    return paths


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default=os.environ.get("LIBAUDIT_CLI", str(ROOT / "build/release/cli/libaudit")))
    parser.add_argument("--copies", type=int, default=1250)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        transcripts, students = make_cohort(Path(tmp), args.copies)
        out = Path(tmp) / "summary.csv"
        rules = libaudit.load_rulesets(ROOT / "rules")
        cli = [args.cli, "batch", str(ROOT / "rules"), "--records", str(transcripts), "--profiles", str(students),
               "--as-of", "114-1", "--format", "csv", "--lang", "en", "--out", str(out)]
        records = pd.read_csv(transcripts, dtype=str, keep_default_na=False)
        profiles = pd.read_csv(students, dtype=str, keep_default_na=False)

        def with_read():
            lpd.audit_frame(rules, pd.read_csv(transcripts, dtype=str, keep_default_na=False),
                            pd.read_csv(students, dtype=str, keep_default_na=False), as_of="114-1")

        runs = {
            "CLI batch --format csv": lambda: subprocess.run(cli, capture_output=True),  # exit 2: one student has no rule set
            "audit_frame (summary)": lambda: lpd.audit_frame(rules, records, profiles, as_of="114-1"),
            "audit_frame + .detail": lambda: lpd.audit_frame(rules, records, profiles, as_of="114-1").detail,
            "pd.read_csv + audit_frame": with_read,
        }
        times = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, run in runs.items():
                times[name].append(median_time(run, 1))
        frames = lpd.audit_frame(rules, records, profiles, as_of="114-1")
        cli_summary = pd.read_csv(out, dtype=str, keep_default_na=False)
        assert list(frames.summary.status) == list(cli_summary.status)
    print(f"{len(profiles)} students, {len(records)} records, {os.cpu_count()} cores, median of {args.repeat}")
    cli_time = statistics.median(times["CLI batch --format csv"])
    for name, ts in times.items():
        t = statistics.median(ts)
        print(f"  {name:28} {t * 1000:8.1f} ms  {t / cli_time:.2f}x CLI")
    return 0


if __name__ == "__main__":
    sys.exit(main())
