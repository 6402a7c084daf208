#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ from the bundled examples, rule packs and
test data (and a few hand-written values for the small parsers). Run from anywhere; it replaces
the seed files it writes (named seed-*) and leaves other files (inputs saved from fuzzing runs) alone.

A target that reads for several rule packs or tables (dataset_csv, dataset_json) takes the choice
from the input's first byte: its seeds start with the index of their table (tests/fuzz/CMakeLists.txt).
"""
import glob
import hashlib
import os

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def files(*patterns):
    out = []
    for p in patterns:
        out += sorted(glob.glob(os.path.join(ROOT, p)))
    return [f for f in out if not f.endswith(".test.yaml")]


def write(target, data, prefix=b""):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    data = prefix + data
    name = "seed-" + hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


def from_files(target, paths, prefix=b""):
    for p in paths:
        with open(p, "rb") as f:
            write(target, f.read(), prefix)


def main():
    for d in glob.glob(os.path.join(OUT, "*", "seed-*")):
        os.remove(d)
    rules = lambda folders: [f for d in folders for f in sorted(glob.glob(os.path.join(ROOT, "rules", d, "*.yaml")))]
    from_files("rules_programme", rules(["ntue-eam", "ntue-summer"]) + files(
        "tests/data/lint/*.yaml", "tests/data/smoke/rules.yaml", "examples/grad/invalid-rules/*.yaml",
        "examples/grad/eam-allocation-budget/*.yaml", "docs/zh-TW/example/guide-*.yaml"))
    from_files("rules_hours", rules(["tw-inservice"]) + files("docs/zh-TW/example/inservice-*.yaml"))
    from_files("rules_checks", rules(["k12-portfolio", "ntue-identity", "tw-inservice-organiser"]) +
               files("tests/data/lint-checks/*.yaml"))
    transcripts = files("examples/grad/*/transcript*.csv", "tests/data/smoke/transcript.csv")
    sessions = [f for f in files("examples/hours/*/sessions.csv")]
    from_files("records_csv", transcripts + sessions)
    from_files("records_big5", files("examples/grad/eam-big5/transcript.big5.csv", "examples/hours/big5/sessions.big5.csv"))
    from_files("records_json", files("examples/grad/*/*.json"))
    profiles = files("examples/grad/*/student.csv", "examples/hours/*/teachers.csv", "examples/hours/*/staff.csv",
                     "tests/data/smoke/student.csv", "tests/data/hours/teachers-policy.csv")
    from_files("profiles_csv", profiles)
    write("profiles_json", '[{"student_id": "A113681001", "name": "王大明", "programme": "EAM-MSE", "entry_year": 113, '
                           '"semesters": 2, "national_id": "A123456789", "email": "a@ntue.edu.tw"}]'.encode())
    write("profiles_json", '{"學號": "T001", "姓名": "林老師", "到職日": "2020-08-01", "身分別": "teacher"}'.encode())
    from_files("subject_reader", transcripts + sessions + files("examples/grad/*/*.json"))
    organiser = "examples/organiser/"
    for index, paths in enumerate([
            [organiser + "csv/courses.csv", organiser + "deadlines.csv", organiser + "overdue-units.csv",
             organiser + "bad/malformed-date.csv"],
            [organiser + "csv/attachments.csv", organiser + "attachments.csv"],
            [organiser + "csv/events.csv", organiser + "events.csv"],
            [organiser + "csv/signups.csv", organiser + "signups.csv"],
            ["examples/portfolio/csv/windows.csv"],
            ["examples/identity/students.csv"]]):
        from_files("dataset_csv", files(*paths), bytes([index]))
    from_files("dataset_columns", files("examples/attendees/研習教師資料.csv"))
    write("dataset_columns", "A123456789,3\nI100000003,0.5\n".encode())
    for index, paths in enumerate([["examples/portfolio/*.json"], [organiser + "*.json", organiser + "bad/*.json"],
                                   ["examples/attendees/*.json"]]):
        from_files("dataset_json", files(*paths), bytes([index]))
    from_files("dataset_xml", files("examples/attendees/*.xml"))
    for t in ["1092", "109-2", "109/2", "109 2", "1093", "114-0", "114", "1", "199-3", "99-1", "200", "109 下"]:
        write("term", t.encode())
    for d in ["2025-08-01", "2025/8/1", "20250801", "114/08/01", "114-8-1", "114.08.01", "1140801",
              "民國114年8月1日", "2024-02-29", "2025-02-29", "2025-03-25 10:27", "2025-03-25T10:27:30", "9999-12-31"]:
        write("date", d.encode())
    for v in ["A123456789", "F226543213", "AC03095424", "A800000014", "a113681001@grad.ntue.edu.tw",
              "0912-345-678", "+886 912345678", "WANG, TA-MING", "3 MB", "2.5MB", "{national_id|upper}{birth_date|mmdd}",
              "{national_id|last:5}@Ntue", "Passw0rd!", "bad/name?.pdf", "王小明 A123456789 的研習"]:
        write("validators", v.encode())
    # UTF-8 around the SIMD blocks' edges: Chinese text, bad sequences, a character cut at the end, NUL.
    from_files("encoding", transcripts[:2] + files("examples/grad/eam-big5/transcript.big5.csv"))
    for b in [b"ab\xC0\xAF\n", "教育".encode() + b"\xED\xA0\x80x", b"0123456789abcde\xF0\x9F\x98",
              b"a,b\nc\x00d\n", b"\xF4\x90\x80\x80" + "學".encode() * 11, b"x" * 31 + b"\xE6\x95"]:
        write("encoding", b)


if __name__ == "__main__":
    main()
