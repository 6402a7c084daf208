#!/usr/bin/env python3
"""Audits a cohort and writes an Excel-friendly summary: one row per student, UTF-8 with a BOM so
that Excel shows the Chinese. By default the bundled cohort (tests/data/cohort) against rules/.

    /usr/bin/python3 examples/python/cohort_summary.py --out summary.csv
    /usr/bin/python3 examples/python/cohort_summary.py --rules rules/ntue-eam \\
        --records transcripts.csv --profiles students.csv --as-of 114-1 --out summary.csv --detail detail.csv
"""
import argparse
import sys
from pathlib import Path

import pandas as pd

import libaudit
import libaudit.pandas as lpd

ROOT = Path(__file__).resolve().parents[2]

# Column headers of the spreadsheet (the summary frame's names, in Chinese for office staff).
HEADERS = {
    "subject_id": "學號", "name": "姓名", "programme": "班別", "entry_year": "入學學年度", "ruleset": "適用規則",
    "as_of": "審核學期", "status": "審核結果", "required_credits": "應修學分", "earned_credits": "實修學分",
    "pending_credits": "修課中學分", "remaining_credits": "尚缺學分", "flag_codes": "提醒", "error": "無法審核原因",
}
STATUS = {"met": "符合", "met_pending": "符合（待修課中課程及格）", "not_met": "不符合", "needs_review": "需人工審核",
          "invalid": "無法審核"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default=ROOT / "rules", help="rule file or folder")
    parser.add_argument("--records", default=ROOT / "tests/data/cohort/transcripts.csv", help="transcripts (CSV)")
    parser.add_argument("--profiles", default=ROOT / "tests/data/cohort/students.csv", help="student profiles (CSV)")
    parser.add_argument("--as-of", default="114-1", help="the term of the audit, e.g. 114-1")
    parser.add_argument("--out", required=True, help="summary CSV to write")
    parser.add_argument("--detail", help="also write one row per requirement here")
    args = parser.parse_args(argv)

    # dtype=str keeps codes and offering numbers as written (0648 stays 0648).
    records = pd.read_csv(args.records, dtype=str, keep_default_na=False)
    profiles = pd.read_csv(args.profiles, dtype=str, keep_default_na=False)
    try:
        frames = lpd.audit_frame(args.rules, records, profiles, as_of=args.as_of)
    except libaudit.Error as e:  # bad rules or rows: every problem with its file, line and column
        print(e, file=sys.stderr)
        return 2
    summary = frames.summary[list(HEADERS)].assign(status=lambda f: f.status.map(STATUS)).rename(columns=HEADERS)
    summary.to_csv(args.out, index=False, encoding="utf-8-sig", float_format="%g")  # BOM: Excel reads UTF-8
    if args.detail:
        frames.detail.to_csv(args.detail, index=False, encoding="utf-8-sig", float_format="%g")
    counts = frames.summary.status.value_counts()
    print(f"{len(summary)} students: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUS) + f" -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
