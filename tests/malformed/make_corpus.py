#!/usr/bin/env python3
"""Writes the malformed-input corpus tests/malformed/<kind>/NNN-description.ext and its manifest
(tests/malformed/manifest.txt) from the table below: each file with the diagnostic codes (or checks
rule ids) the CLI must report for it and the exit code. Inputs the CLI does not yet handle as
expected are kept apart in tests/malformed/pending/ (see its README.md), not here.

Run it after editing the table; tests/malformed/run.py checks the CLI against the manifest.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

# kind -> (file extension, command with {} for the file)
KINDS = {
    "records": (".csv", "check tests/data/smoke/rules.yaml --records {} --student tests/data/smoke/student.csv"),
    "big5": (".csv", "check tests/data/smoke/rules.yaml --records {} --encoding big5"),
    "sessions": (".csv", "check rules/tw-inservice/counselling.yaml --records {} --student examples/hours/counselling/teachers.csv --id A123456789 --as-of 2026-07-31"),
    "records-json": (".json", "check tests/data/smoke/rules.yaml --records {}"),
    "profiles": (".csv", "check tests/data/smoke/rules.yaml --records tests/data/smoke/transcript.csv --student {}"),
    "rules": (".yaml", "lint {}"),
    "dataset-csv": (".csv", "check rules/tw-inservice-organiser/course-compliance.yaml --data courses={} --as-of 2026-03-25"),
    "dataset-columns": (".csv", "check rules/tw-inservice-organiser/attendee-list.yaml --data attendees={}"),
    "dataset-json": (".json", "check rules/k12-portfolio/portfolio-settings.yaml --data {}"),
    "dataset-xml": (".xml", "check rules/tw-inservice-organiser/attendee-list.yaml --data {}"),
}

CASES = {k: [] for k in KINDS}


PENDING = []


def case(kind, name, content, exit_code, codes, command=None, pending=None):
    """A file of `kind`; `pending`: why the CLI does not yet do what `exit_code` and `codes` say
    (the file then goes to pending/, which CTest does not run)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    if pending:
        PENDING.append((kind, name, content, exit_code, codes, command, pending))
    else:
        CASES[kind].append((name, content, exit_code, codes, command))


# --- transcripts (CSV, UTF-8) ---------------------------------------------------------------
H = "學號,開課號,科目代碼,科目名稱,學年期,學分,成績,勾選\n"
ROW = "1130001,0648,A1,教育研究法,1131,3,85,\n"
R = "records"
case(R, "unterminated-quote", H + '1130001,0648,A1,"教育研究法,1131,3,85,\n', 2, "R004")
case(R, "unterminated-quote-last-line", H + ROW + '1130001,0650,B1,課程設計,1131,3,"80', 2, "R004")
case(R, "unterminated-quote-header", '學號,"開課號,科目代碼,科目名稱,學年期,學分,成績,勾選\n' + ROW, 2, "R004")
case(R, "empty-file", "", 2, "R003")
case(R, "only-newlines", "\n\n\n", 2, "R003")
case(R, "only-bom", "\ufeff", 2, "R003")
case(R, "missing-credits-column", "學號,開課號,科目代碼,科目名稱,學年期,成績\n1130001,0648,A1,教育研究法,1131,85\n", 2, "R006")
case(R, "missing-code-column", "學號,開課號,科目名稱,學年期,學分,成績\n1130001,0648,教育研究法,1131,3,85\n", 2, "R006")
case(R, "missing-id-column", "開課號,科目代碼,科目名稱,學年期,學分,成績\n0648,A1,教育研究法,1131,3,85\n", 2, "R006")
case(R, "duplicate-column-alias", "學號,課號,科目代碼,科目名稱,學年期,學分,成績\n1130001,A1,A1,教育研究法,1131,3,85\n", 2, "R005")
case(R, "duplicate-column-same", "學號,科目代碼,科目代碼,科目名稱,學年期,學分,成績\n1130001,A1,A1,教育研究法,1131,3,85\n", 2, "R005")
case(R, "too-few-cells", H + "1130001,0648,A1,教育研究法,1131\n", 2, "R007")
case(R, "too-many-cells", H + "1130001,0648,A1,教育研究法,1131,3,85,,extra,more\n", 2, "R007")
case(R, "unquoted-comma-in-title", H + "1130001,0648,A1,教育研究法,理論與實務,1131,3,85,\n", 2, "R007")
case(R, "empty-student-id", H + ",0648,A1,教育研究法,1131,3,85,\n", 2, "R008")
case(R, "blank-student-id", H + "   ,0648,A1,教育研究法,1131,3,85,\n", 2, "R008")
case(R, "empty-course-code", H + "1130001,0648,,教育研究法,1131,3,85,\n", 2, "R009")
case(R, "credits-chinese-numeral", H + "1130001,0648,A1,教育研究法,1131,三,85,\n", 2, "R010")
case(R, "credits-negative", H + "1130001,0648,A1,教育研究法,1131,-3,85,\n", 2, "R010")
case(R, "credits-empty", H + "1130001,0648,A1,教育研究法,1131,,85,\n", 2, "R010")
case(R, "credits-comma-decimal", H + '1130001,0648,A1,教育研究法,1131,"2,5",85,\n', 2, "R010")
case(R, "credits-with-unit", H + "1130001,0648,A1,教育研究法,1131,3學分,85,\n", 2, "R010")
case(R, "credits-nan", H + "1130001,0648,A1,教育研究法,1131,nan,85,\n", 2, "R010")
case(R, "credits-inf", H + "1130001,0648,A1,教育研究法,1131,inf,85,\n", 2, "R010")
case(R, "credits-hex", H + "1130001,0648,A1,教育研究法,1131,0x3,85,\n", 2, "R010")
case(R, "credits-two-dots", H + "1130001,0648,A1,教育研究法,1131,3.0.1,85,\n", 2, "R010")
case(R, "term-words", H + "1130001,0648,A1,教育研究法,109 下,3,85,\n", 2, "R011")
case(R, "term-semester-5", H + "1130001,0648,A1,教育研究法,1135,3,85,\n", 2, "R011")
case(R, "term-ad-year", H + "1130001,0648,A1,教育研究法,2024-1,3,85,\n", 2, "R011")
case(R, "term-letters", H + "1130001,0648,A1,教育研究法,abc,3,85,\n", 2, "R011")
case(R, "term-year-zero", H + "1130001,0648,A1,教育研究法,0-1,3,85,\n", 2, "R011")
case(R, "term-negative", H + "1130001,0648,A1,教育研究法,-113-1,3,85,\n", 2, "R011")
case(R, "term-fullwidth-digits", H + "1130001,0648,A1,教育研究法,１１３１,3,85,\n", 2, "R011")
case(R, "selected-maybe", H + "1130001,0648,A1,教育研究法,1131,3,85,maybe\n", 2, "R012")
case(R, "invalid-utf8-byte", H.encode() + b"1130001,0648,A1,\xff\xfe,1131,3,85,\n", 2, "R002")
case(R, "big5-without-option", H.encode("big5") + "1130001,0648,A1,教育研究法,1131,3,85,\n".encode("big5"), 2, "R002",
     "check tests/data/smoke/rules.yaml --records {} --student tests/data/smoke/student.csv --encoding utf-8")  # Big5 is detected by default
case(R, "truncated-utf8-at-end", (H + "1130001,0648,A1,教育研究法,1131,3,85,教").encode()[:-1], 2, "R002")
case(R, "utf16-file", (H + ROW).encode("utf-16"), 2, "R002")
case(R, "latin1-title", H.encode() + "1130001,0648,A1,Café,1131,3,85,\n".encode("latin-1"), 2, "R002")
case(R, "two-bad-rows", H + "1130001,0648,A1,教育研究法,abc,3,85,\n1130001,0650,B1,課程設計,1131,x,80,\n", 2, "R011,R010")
case(R, "header-only-missing-column", "學號,科目代碼\n", 2, "R006")
case(R, "header-typo", "學號,開課號,科目代馬,科目名稱,學年期,學分,成績\n1130001,0648,A1,教育研究法,1131,3,85\n", 2, "R006")
case(R, "crlf-bad-credits", (H + "1130001,0648,A1,教育研究法,1131,three,85,\n").replace("\n", "\r\n"), 2, "R010")
# Read as the reader documents, not rejected: tab-separated content in a .csv file is read as TSV,
# a quoted part followed by text is joined (教育研究法), as spreadsheet programs do.
case(R, "tab-separated-in-csv", H.replace(",", "\t") + ROW.replace(",", "\t"), 5, "")
case(R, "semicolon-separated", H.replace(",", ";") + ROW.replace(",", ";"), 2, "R006")
case(R, "binary-garbage", bytes(range(256)) * 4, 2, "R002")
case(R, "quote-then-text", H + '1130001,0648,A1,"教育"研究法,1131,3,85,\n', 5, "")
case(R, "credits-fullwidth-digit", H + "1130001,0648,A1,教育研究法,1131,３,85,\n", 2, "R010")
case(R, "credits-space-inside", H + "1130001,0648,A1,教育研究法,1131,1 5,85,\n", 2, "R010")
case(R, "credits-plus-minus", H + "1130001,0648,A1,教育研究法,1131,+-3,85,\n", 2, "R010")

# --- transcripts read as Big5 ---------------------------------------------------------------
B = "big5"
case(B, "utf8-read-as-big5", (H + ROW).encode("utf-8"), 2, "R001")
case(B, "truncated-lead-byte", (H + ROW).encode("big5") + b"\xa4", 2, "R001")
case(B, "invalid-trail-byte", H.encode("big5") + b"1130001,0648,A1,\xa4\x0a,1131,3,85,\n", 2, "R001")
case(B, "ff-byte", H.encode("big5") + b"1130001,0648,A1,\xff\xff,1131,3,85,\n", 2, "R001")
case(B, "empty-file", b"", 2, "R003")
case(B, "bad-credits", (H + "1130001,0648,A1,教育研究法,1131,三,85,\n").encode("big5"), 2, "R010")
case(B, "bad-term", (H + "1130001,0648,A1,教育研究法,109下,3,85,\n").encode("big5"), 2, "R011")
case(B, "missing-column", "學號,科目代碼,科目名稱\n1130001,A1,教育研究法\n".encode("big5"), 2, "R006")
case(B, "unterminated-quote", (H + '1130001,0648,A1,"教育研究法,1131,3,85,\n').encode("big5"), 2, "R004")
case(B, "too-few-cells", (H + "1130001,0648,A1\n").encode("big5"), 2, "R007")
case(B, "lead-byte-then-newline", H.encode("big5") + b"1130001,0648,A1,\xa4\n,1131,3,85,\n", 2, "R001")

# --- training sessions (hours rule sets) ----------------------------------------------------
S = "sessions"
SH = "身分證字號,課程代碼,研習名稱,班別性質,研習日期,結束日期,時數,學分,標籤\n"
SROW = "A123456789,408783,輔導知能,非學分班,2025-09-03,2025-09-03,2,,輔導知能\n"
def srow(date="2025-09-03", end="2025-09-03", hours="2", credits=""):
    return f"A123456789,408783,輔導知能,非學分班,{date},{end},{hours},{credits},輔導知能\n"
case(S, "date-feb-30", SH + srow("2025-02-30", "2025-02-30"), 2, "R016")
case(S, "date-words", SH + srow("下週三", ""), 2, "R016")
case(S, "date-missing", SH + srow("", ""), 2, "R016")
case(S, "date-month-13", SH + srow("2025-13-01", "2025-13-01"), 2, "R016")
case(S, "date-roc-bad-day", SH + srow("114/02/29", "114/02/29"), 2, "R016")
case(S, "date-year-zero", SH + srow("0000-01-01", "0000-01-01"), 2, "R016")
case(S, "date-two-digit-month-text", SH + srow("2025-Sep-03", ""), 2, "R016")
case(S, "date-with-slash-and-dash", SH + srow("2025/09-03", ""), 2, "R016")
case(S, "date-only-year", SH + srow("2025", ""), 2, "R016")
case(S, "end-date-garbage", SH + srow("2025-09-03", "soon"), 2, "R016")
case(S, "hours-words", SH + srow(hours="三小時"), 2, "R017")
case(S, "hours-negative", SH + srow(hours="-2"), 2, "R017")
case(S, "hours-unit", SH + srow(hours="2h"), 2, "R017")
case(S, "hours-comma-decimal", SH + srow(hours='"1,5"'), 2, "R017")
case(S, "credits-words", SH + srow(hours="", credits="兩"), 2, "R010")
case(S, "empty-id", SH + ",408783,輔導知能,非學分班,2025-09-03,2025-09-03,2,,輔導知能\n", 2, "R008")
case(S, "unterminated-quote", SH + 'A123456789,408783,"輔導知能,非學分班,2025-09-03,2025-09-03,2,,輔導知能\n', 2, "R004")
case(S, "too-few-cells", SH + "A123456789,408783,輔導知能\n", 2, "R007")
case(S, "empty-file", "", 2, "R003")
case(S, "invalid-utf8", SH.encode() + b"A123456789,408783,\xc3\x28,\xe9,2025-09-03,2025-09-03,2,,x\n", 2, "R002")
case(S, "bad-date-and-hours", SH + srow("2025-02-30", "", "x"), 2, "R016,R017")
case(S, "date-roc-month-0", SH + srow("114/00/10", ""), 2, "R016")

# --- records as JSON ------------------------------------------------------------------------
J = "records-json"
JREC = '{"student_id": "1130001", "code": "A1", "title": "教育研究法", "term": "113-1", "credits": 3, "grade": "85"}'
case(J, "truncated-array", "[" + JREC + ",\n  {\"student_id\": \"1130001\", \"code\": ", 2, "R020")
case(J, "truncated-object", JREC[:40], 2, "R020")
case(J, "trailing-comma", "[" + JREC + ",]", 2, "R020")
case(J, "single-quotes", "[{'student_id': '1130001'}]", 2, "R020")
case(J, "comment", "// records\n[" + JREC + "]", 2, "R020")
case(J, "empty-file", "", 2, "R020")
case(J, "only-whitespace", "  \n\t\n", 2, "R020")
case(J, "trailing-text", "[" + JREC + "] extra", 2, "R020")
case(J, "two-documents", "[" + JREC + "]\n[" + JREC + "]", 2, "R020")
case(J, "unquoted-key", "[{student_id: \"1130001\"}]", 2, "R020")
case(J, "nan-literal", "[" + JREC.replace("3,", "NaN,") + "]", 2, "R020")
case(J, "top-level-string", '"records"', 2, "R021")
case(J, "top-level-number", "42", 2, "R021")
case(J, "top-level-null", "null", 2, "R021")
case(J, "records-not-array", '{"records": {"student_id": "1130001"}}', 2, "R021")
case(J, "record-is-string", '["1130001,A1,3"]', 2, "R021")
case(J, "credits-array", "[" + JREC.replace('"credits": 3', '"credits": [3]') + "]", 2, "R021")
case(J, "credits-object", "[" + JREC.replace('"credits": 3', '"credits": {"value": 3}') + "]", 2, "R021")
case(J, "credits-bool", "[" + JREC.replace('"credits": 3', '"credits": true') + "]", 2, "R021")
case(J, "credits-negative", "[" + JREC.replace('"credits": 3', '"credits": -3') + "]", 2, "R010")
case(J, "credits-text", "[" + JREC.replace('"credits": 3', '"credits": "three"') + "]", 2, "R010")
case(J, "credits-missing", "[" + JREC.replace(', "credits": 3', "") + "]", 2, "R010")
case(J, "student-id-missing", "[" + JREC.replace('"student_id": "1130001", ', "") + "]", 2, "R008")
case(J, "student-id-empty", "[" + JREC.replace('"student_id": "1130001"', '"student_id": ""') + "]", 2, "R008")
case(J, "code-missing", "[" + JREC.replace('"code": "A1", ', "") + "]", 2, "R009")
case(J, "term-bad", "[" + JREC.replace('"113-1"', '"113 上"') + "]", 2, "R011")
case(J, "term-array", "[" + JREC.replace('"113-1"', '["113", "1"]') + "]", 2, "R021")
case(J, "invalid-utf8-in-string", b"[" + JREC.encode().replace("教育研究法".encode(), b"\xff\xfe") + b"]", 2, "R002")
case(J, "duplicate-alias-keys", "[" + JREC.replace('"code": "A1"', '"code": "A1", "科目代碼": "A1"') + "]", 2, "R005")
case(J, "profile-entry-year-text", '{"profile": {"student_id": "1130001", "entry_year": "一一三"}, "records": [' + JREC + "]}", 2, "R013")
case(J, "profile-semesters-negative", '{"profile": {"student_id": "1130001", "semesters": -1}, "records": [' + JREC + "]}", 2, "R014")
case(J, "profile-is-array", '{"profile": [1, 2], "records": [' + JREC + "]}", 2, "R021")
case(J, "deep-nesting", "[" * 5000 + "]" * 5000, 2, "R020")
case(J, "unclosed-string", '[{"student_id": "1130001}]', 2, "R020")
case(J, "bad-escape", '[{"student_id": "11\\x30001"}]', 2, "R020")
case(J, "control-char-in-string", '[{"student_id": "1130\t001", "code": "A1"}]', 2, "R020")

# --- profiles (--student CSV) ---------------------------------------------------------------
P = "profiles"
PH = "學號,姓名,英文姓名,身分證字號,入學學年度,在學學期數\n"
case(P, "duplicate-profile", PH + '1130001,王大明,"WANG, TA-MING",A123456789,113,2\n1130001,王大明,"WANG, TA-MING",A123456789,113,2\n', 2, "R015")
case(P, "entry-year-ad", PH + '1130001,王大明,"WANG, TA-MING",A123456789,2024,2\n', 2, "R013")
case(P, "entry-year-words", PH + '1130001,王大明,"WANG, TA-MING",A123456789,一一三,2\n', 2, "R013")
case(P, "entry-year-decimal", PH + '1130001,王大明,"WANG, TA-MING",A123456789,113.5,2\n', 2, "R013")
case(P, "entry-year-zero", PH + '1130001,王大明,"WANG, TA-MING",A123456789,0,2\n', 2, "R013")
case(P, "semesters-words", PH + '1130001,王大明,"WANG, TA-MING",A123456789,113,two\n', 2, "R014")
case(P, "semesters-negative", PH + '1130001,王大明,"WANG, TA-MING",A123456789,113,-1\n', 2, "R014")
case(P, "semesters-decimal", PH + '1130001,王大明,"WANG, TA-MING",A123456789,113,1.5\n', 2, "R014")
case(P, "unterminated-quote", PH + '1130001,王大明,"WANG, TA-MING,A123456789,113,2\n', 2, "R004")
case(P, "too-few-cells", PH + "1130001,王大明\n", 2, "R007")
case(P, "invalid-utf8", PH.encode() + b"1130001,\xe7\x8e,WANG,A123456789,113,2\n", 2, "R002")
case(P, "empty-id", PH + ',王大明,"WANG, TA-MING",A123456789,113,2\n', 2, "R008")
case(P, "duplicate-column", "學號,學號,姓名\n1130001,1130001,王大明\n", 2, "R005")
case(P, "teacher-education-maybe", "學號,姓名,教程待修\n1130001,王大明,也許\n", 2, "R012")
case(P, "employed-from-bad-date", "學號,姓名,到職日\n1130001,王大明,2025-02-30\n", 2, "R016")
case(P, "big5-bytes", PH.encode("big5") + '1130001,王大明,"WANG, TA-MING",A123456789,113,2\n'.encode("big5"), 2, "R002",
     "check tests/data/smoke/rules.yaml --records tests/data/smoke/transcript.csv --student {} --encoding utf-8")

# --- rule files (lint) ----------------------------------------------------------------------
Y = "rules"
PROG = """libaudit: 1
kind: programme
id: malformed
version: "1"
title: 測試
courses:
  - {code: A1, title: 教育研究法, credits: 3, domain: core}
  - {code: A2, title: 教育行政, credits: 3, domain: core}
domains:
  - {id: core, title: 核心課程, min_credits: 6}
total: {min_credits: 6}
"""
HOURS = open(os.path.join(HERE, "..", "..", "rules", "tw-inservice", "counselling.yaml"), encoding="utf-8").read()
CHECKS = open(os.path.join(HERE, "..", "..", "rules", "tw-inservice-organiser", "attendee-list.yaml"), encoding="utf-8").read()
case(Y, "empty-file", "", 2, "E012")
case(Y, "only-comment", "# nothing here\n", 2, "E012")
case(Y, "tab-indent", PROG.replace("  - {code: A2", "\t- {code: A2"), 2, "E001")
case(Y, "fullwidth-colon", PROG.replace("title: 測試", "title： 測試"), 2, "E001")
case(Y, "fullwidth-colon-key", PROG.replace("total: {", "total： {"), 2, "E001")  # found before YAML reads the file
case(Y, "fullwidth-comma-flow", PROG.replace("domain: core}", "domain: core，}", 1), 2, "E021")
case(Y, "fullwidth-space-indent", PROG.replace("  - {code: A2", "\u3000- {code: A2"), 2, "E001")
case(Y, "unclosed-flow-map", PROG.replace("domain: core}\n  - {code: A2", "domain: core\n  - {code: A2"), 2, "E001")
case(Y, "unclosed-bracket", "libaudit: 1\nkind: [programme\n", 2, "E001")
case(Y, "truncated-mid-key", PROG[: PROG.index("domains:") + 5], 2, "E010,E013")
case(Y, "truncated-in-flow", PROG[: PROG.index("min_credits: 6}") + 8], 2, "E001")
case(Y, "unknown-top-key", PROG + "extra_key: 1\n", 2, "E010")
case(Y, "unknown-course-key", PROG.replace("credits: 3, domain: core}", "credit: 3, domain: core}", 1), 2, "E010,E013")
case(Y, "duplicate-key", PROG.replace('version: "1"\n', 'version: "1"\nversion: "2"\n'), 2, "E011")
case(Y, "credits-text", PROG.replace("credits: 3, domain: core}", "credits: lots, domain: core}", 1), 2, "E012")
case(Y, "credits-list", PROG.replace("credits: 3, domain: core}", "credits: [3], domain: core}", 1), 2, "E012")
case(Y, "credits-negative", PROG.replace("credits: 3, domain: core}", "credits: -3, domain: core}", 1), 2, "E012")
case(Y, "courses-is-map", PROG.replace("courses:\n  - {code: A1", "courses:\n  x: {code: A1").replace("  - {code: A2", "  y: {code: A2"), 2, "E012")
case(Y, "title-is-list", PROG.replace("title: 測試", "title: [測試]"), 2, "E012")
case(Y, "missing-id", PROG.replace("id: malformed\n", ""), 2, "E013")
case(Y, "missing-kind", PROG.replace("kind: programme\n", ""), 2, "E013")
case(Y, "yaml11-boolean-title", PROG.replace("title: 測試", "title: yes"), 2, "E014")
case(Y, "bad-id-spaces", PROG.replace("id: malformed", "id: mal formed 2025"), 2, "E015")
case(Y, "duplicate-course-code", PROG.replace("code: A2", "code: A1"), 2, "E020")
case(Y, "undefined-domain", PROG.replace("domain: core}", "domain: kore}", 1), 2, "E021")
case(Y, "kind-unknown", PROG.replace("kind: programme", "kind: payroll"), 2, "E023")
case(Y, "version-2", PROG.replace("libaudit: 1", "libaudit: 2"), 2, "E023")
case(Y, "unreachable-threshold", PROG.replace("min_credits: 6}\ntotal", "min_credits: 60}\ntotal"), 2, "E030")
case(Y, "top-level-list", "- libaudit: 1\n- kind: programme\n", 2, "E012")
case(Y, "top-level-scalar", "just text\n", 2, "E012")
case(Y, "invalid-utf8-in-comment", b"# \xff\xfe\n" + PROG.encode(), 2, "E001")
case(Y, "invalid-utf8-in-title", PROG.encode().replace("title: 測試".encode(), b"title: \xff\xfe"), 2, "E001")
case(Y, "big5-title", PROG.encode("utf-8").replace("測試".encode(), "測試".encode("big5")), 2, "E001")
case(Y, "anchor-undefined-alias", PROG.replace("total: {min_credits: 6}", "total: *nothing"), 2, "E001")
case(Y, "hours-tab-indent", HOURS.replace("\n  ", "\n\t", 1), 2, "E001")
case(Y, "hours-unknown-key", HOURS.replace("\nkind: hours\n", "\nkind: hours\nhourz: 1\n"), 2, "E010")
case(Y, "hours-missing-id", HOURS.replace("\nid: ", "\nidx: "), 2, "E010,E013")
case(Y, "hours-truncated", HOURS[: HOURS.index("\n", len(HOURS) // 2) + 1] + 'x: {id: a, title: "b"\n', 2, "E001")
case(Y, "unterminated-quote-at-end", PROG + 'description: "an export cut here\n', 2, "E001",
     pending="lints clean (exit 0): yaml-cpp reads a double-quoted scalar left open at the end of the file to the "
             "end; a truncated rule file must be an E001 syntax error")
case(Y, "hours-duplicate-key", HOURS.replace("\nkind: hours\n", "\nkind: hours\nkind: hours\n"), 2, "E011")
case(Y, "checks-tab-indent", CHECKS.replace("\n  attendees:", "\n\tattendees:"), 2, "E001")
case(Y, "checks-unknown-field-key", CHECKS.replace("type: number, required: true}", "type: number, requird: true}"), 2, "E010")
case(Y, "checks-field-type-unknown", CHECKS.replace("type: number, required: true}", "type: numbr, required: true}"), 2, "E012")
case(Y, "checks-duplicate-rule-id", CHECKS.replace("id: attendee-once", "id: attendee-id"), 2, "E020")
case(Y, "checks-fullwidth-colon", CHECKS.replace("  - id: attendee-once", "  - id： attendee-once"), 2, "E001")
case(Y, "checks-truncated", CHECKS[: CHECKS.index("rules:") + 30] + '"', 2, "E001")
case(Y, "checks-rule-table-undefined", CHECKS.replace("    table: attendees\n    field: national_id\n    validator", "    table: attendes\n    field: national_id\n    validator"), 2, "E021")

# --- checks datasets: CSV read by header (course-compliance, courses table) -----------------
C = "dataset-csv"
CH = "課程代碼,研習名稱,開課單位,登錄日期,課程開始日期,課程結束日期,報名開始日期,報名截止日期,開班總人數,可線上報名人數,時數核發日期\n"
CROW = "415001,閱讀教學工作坊,臺北市立示範國民小學,115/02/01,115/03/02,115/03/02,115/02/05,115/02/27,30,20,115/03/06\n"
case(C, "unterminated-quote", CH + '415001,"閱讀教學工作坊,臺北市立示範國民小學,115/02/01,115/03/02,115/03/02,115/02/05,115/02/27,30,20,115/03/06\n', 2, "R004")
case(C, "empty-file", "", 2, "R003")
case(C, "unknown-column-typo", CH.replace("課程開始日期", "課程開使日期") + CROW, 2, "R030")
case(C, "unknown-column", CH.replace("\n", ",備註欄\n") + CROW.replace("\n", ",x\n"), 2, "R030")
case(C, "duplicate-field", CH.replace("研習名稱", "課程代碼") + CROW, 2, "R031")
case(C, "missing-required-column", CH.replace("課程代碼,", "") + CROW.replace("415001,", ""), 2, "R032")
case(C, "too-many-cells", CH + CROW.replace("\n", ",extra,extra\n"), 2, "R007")
case(C, "too-few-cells", CH + "415001,閱讀教學工作坊\n", 2, "R007")
case(C, "invalid-utf8", CH.encode() + b"415001,\xff\xfe,x,115/02/01,115/03/02,115/03/02,115/02/05,115/02/27,30,20,115/03/06\n", 2, "R002")
case(C, "big5-bytes", (CH + CROW).encode("big5"), 2, "R002",
     "check rules/tw-inservice-organiser/course-compliance.yaml --data courses={} --as-of 2026-03-25 --encoding utf-8")
case(C, "bad-date", CH + CROW.replace("115/03/02,115/03/02", "115/02/30,115/03/02", 1), 2, "courses.start_date")
case(C, "date-words", CH + CROW.replace("115/03/02,115/03/02", "下週三,115/03/02", 1), 2, "courses.start_date")
case(C, "bad-number", CH + CROW.replace(",30,20,", ",三十,20,"), 2, "courses.class_size")
case(C, "number-with-unit", CH + CROW.replace(",30,20,", ",30人,20,"), 2, "courses.class_size")
case(C, "bad-issue-date", CH + CROW.replace("115/03/06", "115/13/06"), 2, "courses.hours_issued_on")
case(C, "no-table-named", CH + CROW, 2, "R033", "check rules/tw-inservice-organiser/course-compliance.yaml --data {}")
case(C, "unknown-table-name", CH + CROW, 2, "R030", "check rules/tw-inservice-organiser/course-compliance.yaml --data course={}")
case(C, "header-only-bad-column", "課程代碼,不知道\n", 2, "R030")
case(C, "crlf-unterminated", (CH + '415001,"閱讀\n').replace("\n", "\r\n"), 2, "R004")
# A quote inside an unquoted cell is kept as text (as spreadsheet programs read it): not rejected.
case(C, "quote-in-unquoted-cell", CH + CROW.replace("閱讀教學工作坊", '閱讀"教學"工作坊'), 0, "")
case(C, "attachments-bad-size", "課程代碼,附件檔名,檔案大小\n415001,研習簡章.pdf,兩MB\n", 2, "attachments.size", "check rules/tw-inservice-organiser/course-compliance.yaml --data attachments={}")
case(C, "events-bad-time", "課程代碼,時間,事件\n415001,115/02/01 25:00,登錄\n", 2, "events.at", "check rules/tw-inservice-organiser/course-compliance.yaml --data events={}")
case(C, "signups-bad-bool", "身分證字號,教師姓名,課程代碼,是否參與\nA123456789,王小明,410100,也許\n", 2, "signups.attended", "check rules/tw-inservice-organiser/course-compliance.yaml --data signups={}")
case(C, "portfolio-windows-bad-term", "學年,學期,項目,開始,結束\n110,5,學生上傳及送出學習成果認證時間,111/04/01 00,111/04/05 24\n", 2, "window-semester", "check rules/k12-portfolio/portfolio-settings.yaml --data windows={}")
case(C, "portfolio-settings-words", "學生學習成果上傳數量,學生單科學習成果上傳數量\n六,6\n", 2, "settings.upload_cap", "check rules/k12-portfolio/portfolio-settings.yaml --data settings={}")

# --- checks datasets: CSV read by position (attendee list) ----------------------------------
A = "dataset-columns"
case(A, "three-columns", "A123456789,3,extra\n", 2, "R007")
case(A, "one-column", "A123456789\nI100000003\n", 1, "attendees.amount")
case(A, "unterminated-quote", '"A123456789,3\n', 2, "R004")
case(A, "empty-file", "", 2, "R003")
case(A, "invalid-utf8", b"A123456789,\xff\n", 2, "R002")
case(A, "big5-header", "身分證字號,研習時數\nA123456789,3\n".encode("big5"), 2, "R002",
     "check rules/tw-inservice-organiser/attendee-list.yaml --data attendees={} --encoding utf-8")
case(A, "hours-words", "身分證字號,研習時數\nA123456789,三\n", 1, "attendees.amount")
case(A, "hours-unit", "A123456789,3小時\n", 1, "attendees.amount")
case(A, "hours-empty", "A123456789,\n", 1, "attendees.amount")
case(A, "id-empty", ",3\n", 1, "attendees.national_id")
case(A, "id-lower-case", "a123456789,3\n", 1, "attendee-id")
case(A, "id-bad-checksum", "A123456780,3\n", 1, "attendee-id")
case(A, "id-fullwidth", "Ａ１２３４５６７８９,3\n", 1, "attendee-id")
case(A, "id-twice", "A123456789,3\nA123456789,2\n", 1, "attendee-once")
case(A, "half-hour-step", "A123456789,1.25\n", 1, "hours-unit")

# --- checks datasets: JSON (portfolio settings) ---------------------------------------------
D = "dataset-json"
case(D, "truncated", '{"settings": {"upload_cap": 6, ', 2, "R020")
case(D, "empty-file", "", 2, "R020")
case(D, "trailing-comma", '{"settings": {"upload_cap": 6,}}', 2, "R020")
case(D, "trailing-text", '{"settings": {"upload_cap": 6}} x', 2, "R020")
case(D, "top-level-array", '[{"upload_cap": 6}]', 2, "R021")
case(D, "top-level-string", '"settings"', 2, "R021")
case(D, "unknown-table", '{"setings": {"upload_cap": 6}}', 2, "R030")
case(D, "unknown-field", '{"settings": {"upload_cap": 6, "uplod_cap2": 1}}', 2, "R030")
case(D, "duplicate-field", '{"settings": {"upload_cap": 6, "學生學習成果上傳數量": 1}}', 2, "R031")
case(D, "duplicate-key", '{"settings": {"upload_cap": 6, "upload_cap": 1}}', 2, "R020")
case(D, "table-is-number", '{"windows": 3}', 2, "R021")
case(D, "row-is-string", '{"windows": ["110-2"]}', 2, "R021")
case(D, "name-is-number", '{"name": 3, "settings": {"upload_cap": 6}}', 2, "R021")
case(D, "invalid-utf8", b'{"settings": {"upload_cap": 6, "notify_hour": "\xff"}}', 2, "R002")
case(D, "unclosed-string", '{"settings": {"upload_cap": "6}}', 2, "R020")
case(D, "single-quotes", "{'settings': {}}", 2, "R020")
case(D, "deep-nesting", '{"settings": ' + "[" * 5000 + "]" * 5000 + "}", 2, "R020")
case(D, "window-missing-required", '{"windows": [{"school_year": 110, "semester": 2}]}', 2, "R032")
case(D, "organiser-bad-date", '{"courses": [{"course_id": "415001", "unit": "x", "registered_on": "115/02/01", '
     '"start_date": "115/02/30", "end_date": "115/03/02"}]}', 2, "courses.start_date", "check rules/tw-inservice-organiser/course-compliance.yaml --data {} --as-of 2026-03-25")
case(D, "organiser-unknown-table", '{"course": [{"course_id": "415001"}]}', 2, "R030", "check rules/tw-inservice-organiser/course-compliance.yaml --data {}")
case(D, "attendees-amount-object", '{"attendees": [{"national_id": "A123456789", "amount": {"h": 3}}]}', 2, "R021", "check rules/tw-inservice-organiser/attendee-list.yaml --data {}")

# --- checks datasets: XML (attendee list) ---------------------------------------------------
X = "dataset-xml"
XROW = "  <研習教師資料>\n    <身分證字號>A123456789</身分證字號>\n    <研習時數>3</研習時數>\n  </研習教師資料>\n"
XDOC = '<?xml version="1.0" encoding="UTF-8"?>\n<dataroot>\n' + XROW + "</dataroot>\n"
case(X, "mismatched-close", XDOC.replace("  </研習教師資料>", "  </研習資料>"), 2, "R034")
case(X, "truncated", XDOC[: XDOC.index("<研習時數>") + 3], 2, "R034")
case(X, "empty-file", "", 2, "R034")
case(X, "no-root-close", XDOC.replace("</dataroot>\n", ""), 2, "R034")
case(X, "two-roots", XDOC + "<dataroot></dataroot>\n", 2, "R034")
case(X, "text-outside-root", XDOC + "trailing text\n", 2, "R034")
case(X, "unclosed-attribute", XDOC.replace("<dataroot>", '<dataroot a="1>'), 2, "R034")
case(X, "bad-entity", XDOC.replace(">3<", ">&bogus;<"), 2, "R034")
case(X, "lt-in-text", XDOC.replace(">3<", ">3 < 4<"), 2, "R034")
case(X, "invalid-utf8", XDOC.encode().replace(b">3<", b">\xff<"), 2, "R002")
# The attendee list is read by position (names ignored): a third element is one value too many.
case(X, "unknown-field", XDOC.replace("<研習時數>3</研習時數>", "<研習時數>3</研習時數>\n    <備註>x</備註>"), 2, "R007")
case(X, "nested-group", XDOC.replace("<dataroot>\n", "<dataroot>\n<group>\n").replace("</dataroot>", "</group>\n</dataroot>"), 2, "R035")
case(X, "too-many-values", XDOC.replace("<研習時數>3</研習時數>", "<研習時數>3</研習時數>\n    <學分數>1</學分數>\n    <時數>2</時數>"), 2, "R007")
case(X, "duplicate-field", XDOC.replace("<研習時數>3</研習時數>", "<研習時數>3</研習時數><時數>3</時數>"), 2, "R007")
case(X, "one-line-mismatch", XDOC.replace("\n", "").replace("</身分證字號>", "</身分證>"), 2, "R034")
case(X, "doctype-entity", '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x "xx">]>\n<dataroot>' + XROW.replace(">3<", ">&x;<") + "</dataroot>\n", 2, "R034")
case(X, "cdata-unclosed", XDOC.replace(">3<", "><![CDATA[3<"), 2, "R034")
case(X, "comment-unclosed", XDOC.replace("<dataroot>", "<dataroot><!-- open"), 2, "R034")
case(X, "only-declaration", '<?xml version="1.0" encoding="UTF-8"?>\n', 2, "R034")
case(X, "big5-declared", XDOC.replace("UTF-8", "Big5").encode("big5"), 2, "R002",
     "check rules/tw-inservice-organiser/attendee-list.yaml --data {} --encoding utf-8")
case(X, "hours-words", XDOC.replace(">3<", ">三小時<"), 1, "attendees.amount")
case(X, "id-bad-checksum", XDOC.replace("A123456789", "A123456780"), 1, "attendee-id")


# --- the problems issue 15 found (items 2, 6, 8): regression tests of their fixes ------------
ITEM = "issue 15 item "
case(R, "credits-20-digits", H + "1130001,0648,A1,教育研究法,1131,99999999999999999999,85,\n", 2, "R010")
# Rejected with the right code and the range in the message.
case(R, "credits-1e15", H + "1130001,0648,A1,教育研究法,1131,1e15,85,\n", 2, "R010")
case(J, "credits-1e999", "[" + JREC.replace('"credits": 3', '"credits": 1e999') + "]", 2, "R010")
case(J, "duplicate-key", "[" + JREC.replace('"credits": 3', '"credits": 3, "credits": 30') + "]", 2, "R020")
case(R, "nul-in-student-id", H.encode() + b"11300\x0001,0648,A1,x,1131,3,85,\n", 2, "R002")
case(R, "bom-inside-cell", H + "1130001\ufeff,0648,A1,教育研究法,1131,3,85,\n", 5, "legacy_cohort")
case(R, "grade-unreadable", H + "1130001,0648,A1,教育研究法,1131,3,abc,\n", 2, "invalid_grade,stderr")
case(S, "end-before-start", SH + srow("2025-09-03", "2025-09-01"), 2, "R016")
case(P, "no-id-column", "姓名,英文姓名\n王大明,\"WANG, TA-MING\"\n", 2, "R006")
case(P, "header-only", PH, 2, "R003")
case(Y, "second-document", PROG + "---\nkind: programme\n", 2, "E001")
case(Y, "python-object-tag", PROG.replace("title: 測試", "title: !!python/object:os.system 測試"), 2, "E001")
case(Y, "binary-tag", PROG.replace("title: 測試", "title: !!binary 5ris6Kmm"), 2, "E001")
case(Y, "hex-credits", PROG.replace("credits: 3, domain: core}", "credits: 0x10, domain: core}", 1), 2, "E012")
case(Y, "credits-1e308", PROG.replace("credits: 3, domain: core}", "credits: 1e308, domain: core}", 1), 2, "E012")


def main():
    for kind in KINDS:
        shutil.rmtree(os.path.join(HERE, kind), ignore_errors=True)
    lines = [
        "# The malformed-input corpus (written by make_corpus.py; run by run.py in CTest as malformed.<kind>).",
        "# A line `[kind] COMMAND` gives the `libaudit` arguments for the files of that kind ({} is the file);",
        "# then one line per file: FILE | EXIT | CODES [| COMMAND]. CODES (comma-separated) are diagnostic codes",
        "# (R…, E…, U…) that must appear on stderr as [CODE] and in the --format json output, or checks rule",
        "# ids (flag codes) that must appear among the JSON violations (flags); `stderr`: something is written",
        "# there. A crash, a sanitizer report or another exit fails.",
    ]
    total = 0
    for kind, (ext, command) in KINDS.items():
        os.makedirs(os.path.join(HERE, kind))
        lines += ["", f"[{kind}] {command}"]
        for n, (name, content, exit_code, codes, cmd) in enumerate(CASES[kind], start=1):
            rel = f"{kind}/{n:03d}-{name}{ext}"
            with open(os.path.join(HERE, rel), "wb") as f:
                f.write(content)
            lines.append(f"{rel} | {exit_code} | {codes}" + (f" | {cmd}" if cmd else ""))
            total += 1
    with open(os.path.join(HERE, "manifest.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    pending = os.path.join(HERE, "pending")
    shutil.rmtree(pending, ignore_errors=True)
    os.makedirs(pending)
    notes = [
        "# Malformed inputs the CLI does not yet handle as expected",
        "",
        "Not run by CTest. Each file was found by the corpus (make_corpus.py) or by fuzzing to be handled",
        "wrongly: a missing diagnostic, a wrong code or exit status. Once fixed, drop the `pending=` of its",
        "`case(...)` in make_corpus.py and run it (the file then joins manifest.txt and CTest). Check them with",
        "`tests/malformed/run.py --bin build/release/cli/libaudit --root . --manifest tests/malformed/pending/manifest.txt`",
        "(each one fails until it is fixed; a code the fix chooses differently is changed in make_corpus.py).",
        "",
        "| file | command | expected | what happens now |",
        "|---|---|---|---|",
    ]
    for n, (kind, name, content, exit_code, codes, cmd, why) in enumerate(PENDING, start=1):
        ext, command = KINDS[kind]
        rel = f"{kind}/{n:03d}-{name}{ext}"
        os.makedirs(os.path.join(pending, kind), exist_ok=True)
        with open(os.path.join(pending, rel), "wb") as f:
            f.write(content)
        shown = (cmd or command).replace("{}", f"tests/malformed/pending/{rel}").replace("|", "\\|")
        notes.append(f"| `{rel}` | `libaudit {shown}` | exit {exit_code}, {codes} | {why} |")
    # The same as a manifest, for run.py --manifest tests/malformed/pending/manifest.txt (paths under
    # tests/malformed/: pending/KIND/FILE): each file fails until its problem is fixed.
    by_kind = {}
    for n, (kind, name, content, exit_code, codes, cmd, why) in enumerate(PENDING, start=1):
        by_kind.setdefault(kind, []).append(f"pending/{kind}/{n:03d}-{name}{KINDS[kind][0]} | {exit_code} | {codes}" +
                                            (f" | {cmd}" if cmd else ""))
    with open(os.path.join(pending, "manifest.txt"), "w", encoding="utf-8") as f:
        for kind, entries in by_kind.items():
            f.write(f"[{kind}] {KINDS[kind][1]}\n" + "\n".join(entries) + "\n\n")
    fuzz_notes = os.path.join(HERE, "pending-fuzz.md")
    if os.path.exists(fuzz_notes):
        with open(fuzz_notes, encoding="utf-8") as f:
            notes += ["", f.read().rstrip()]
    with open(os.path.join(pending, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(notes) + "\n")
    print(f"{total} files, {len(PENDING)} pending")


if __name__ == "__main__":
    main()
