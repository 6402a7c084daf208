#!/usr/bin/env python3
"""The printable sheet as PDF (docs/printing.md), read back as a person would see it.

* One student's confirmation sheet to PDF; `pdftotext` finds the form's title, the student
  number, every requirement's title with its required and earned figures (from the JSON result of
  the same audit), the masked national ID, and never the full one.
* Its first page as PNG (`pdftoppm`): A4 in size, and not blank.
* A cohort (`batch --format pdf`): one PDF, each student's sheet starting on a new page, in input order;
  with `--out-dir`, one PDF per student named by place and student number.
* A 60-course transcript (generated) prints on two pages at most, its courses not counted grouped by
  reason; the masked ID is masked in the HTML source.
* No engine (LIBAUDIT_PDF_ENGINE naming a missing program): exit 3 and a message naming it.

Exits 77 (CTest SKIP) when no PDF engine or poppler-utils is installed, unless LIBAUDIT_REQUIRE_PDF=1
(CI, after .ci/install-deps), where that is a failure.

    test_pdf.py BIN REPO_ROOT
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

EXAMPLE = "examples/grad/eam-flexible-over-cap"
CHECK = ["check", "rules/ntue-eam", "--records", f"{EXAMPLE}/transcript.csv", "--student", f"{EXAMPLE}/student.csv",
         "--as-of", "113-2"]


def run(binary, root, args, env=None, check=True):
    proc = subprocess.run([binary] + args, cwd=root, capture_output=True, env=dict(os.environ, **(env or {})))
    if check and proc.returncode not in (0, 1, 4, 5):
        raise AssertionError(f"libaudit {' '.join(args)}: exit {proc.returncode}\n{proc.stderr.decode()}")
    return proc


def text_of(pdf, *pages):
    args = ["pdftotext", "-layout"] + (["-f", str(pages[0]), "-l", str(pages[0])] if pages else []) + [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def requirements(rs):
    for r in rs:
        yield r
        yield from requirements(r.get("children", []))


def figure(n):
    return f"{n:g}"


def sheet(binary, root, tmp, failures):
    pdf = tmp / "sheet.pdf"
    run(binary, root, CHECK + ["--format", "pdf", "--out", str(pdf), "--print-date", "2026-12-01"])
    text = text_of(pdf)
    flat = re.sub(r"\s+", " ", text)
    doc = json.loads(run(binary, root, CHECK + ["--format", "json", "--unmask-ids"]).stdout)
    student = (root / EXAMPLE / "student.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    full_id = next(c for c in student if re.fullmatch(r"[A-Z][12][0-9]{8}", c))
    for want in ["主修畢業學分審核確認單", doc["subject"]["id"], full_id[:5] + "*****", "2026-12-01", doc["ruleset"]["id"]]:
        if want not in flat:
            failures.append(f"sheet: {want!r} not in the PDF's text")
    if full_id in text:
        failures.append("sheet: the full national ID is in the PDF's text")
    lines = [re.sub(r"\s+", " ", line) for line in text.splitlines()]
    for r in requirements(doc["requirements"]):
        title = r["title"]
        row = next((line for line in lines if title in line), None)
        if row is None:
            failures.append(f"sheet: requirement {r['id']} ({title}) not in the PDF's text")
            continue
        # What the sheet shows: credits where the requirement asks credits (or nothing), else courses.
        unit = "courses" if "courses" in r.get("required", {}) and "credits" not in r["required"] else "credits"
        figures = [figure(r[k][unit]) for k in ("required", "earned") if unit in r.get(k, {})]
        if "credits" in r.get("maximum", {}):
            figures = [figure(r["maximum"]["credits"])]
        after = row[row.index(title) + len(title):]
        if not all(re.search(r"(?<![0-9.])" + re.escape(f) + r"(?![0-9.])", after) for f in figures):
            failures.append(f"sheet: requirement {r['id']}: figures {figures} not on its line: {row!r}")
    return pdf


def png_size(path):
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def picture(pdf, tmp, failures):
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(tmp / "page")], check=True)
    width, height = png_size(tmp / "page.png")
    if abs(width - 413) > 3 or abs(height - 585) > 3:  # A4 at 50 dpi: 8.27 x 11.69 in
        failures.append(f"page 1 is {width}x{height} pixels at 50 dpi, not A4 (413x585)")
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-singlefile", "-gray", str(pdf), str(tmp / "page")], check=True)
    pgm = (tmp / "page.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    pixels = pgm[header.end():]
    dark = sum(1 for b in pixels if b < 128)
    if dark < len(pixels) // 200:  # text, rules and boxes: well over 0.5% of the page
        failures.append(f"page 1 looks blank: {dark} dark pixels of {len(pixels)}")


def cohort(binary, root, tmp, failures):
    pdf = tmp / "cohort.pdf"
    records, profiles = tmp / "cohort.csv", tmp / "profiles.csv"
    run(binary, root, ["generate", "rules/ntue-eam/eam-mse-113.yaml", "--students", "3", "--seed", "7",
                       "--records", str(records), "--profiles", str(profiles)])
    run(binary, root, ["batch", "rules/ntue-eam", "--records", str(records), "--profiles", str(profiles),
                       "--format", "pdf", "--out", str(pdf), "--print-date", "2026-12-01"])
    ids = []
    for line in records.read_text(encoding="utf-8").splitlines()[1:]:
        sid = line.split(",")[0]
        if sid not in ids:
            ids.append(sid)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()).group(1))
    starts = []
    for page in range(1, pages + 1):
        page_text = text_of(pdf, page)
        found = [i for i in ids if i in page_text and "主修畢業學分審核確認單" in page_text]
        starts += [i for i in found if i not in starts]
    if starts != ids:
        failures.append(f"cohort: sheets start with students {starts}, expected {ids} in input order, {pages} pages")
    # Each sheet's pages are numbered from 1 in its footer, which names its student.
    footers = []
    for page in range(1, pages + 1):
        found = re.findall(r"(\d{6,})\s*第 (\d+) 頁", text_of(pdf, page))
        footers.append(found[-1] if found else None)
    expected, count = [], {}
    for footer in footers:
        if footer:
            count[footer[0]] = count.get(footer[0], 0) + 1
            expected.append((footer[0], str(count[footer[0]])))
    if None in footers or footers != expected or list(count) != ids:
        failures.append(f"cohort: page footers {footers}: expected each student's pages numbered from 1, in input order")
    # --out-dir: one PDF per student, DIR/0001-<student number>.pdf, numbered in input order.
    out_dir = tmp / "sheets"
    run(binary, root, ["batch", "rules/ntue-eam", "--records", str(records), "--profiles", str(profiles),
                       "--format", "pdf", "--out-dir", str(out_dir), "--print-date", "2026-12-01"])
    names = sorted(p.name for p in out_dir.iterdir()) if out_dir.is_dir() else []
    wanted = [f"{k + 1:04}-{sid}.pdf" for k, sid in enumerate(ids)]
    if names != wanted:
        failures.append(f"cohort --out-dir: files {names}, expected {wanted}")
    for name, sid in zip(wanted, ids):
        if name in names and sid not in text_of(out_dir / name, 1):
            failures.append(f"cohort --out-dir: {name} does not name student {sid} on its first page")


def long_transcripts(binary, root, tmp, failures):
    """A typical student with a 60-course transcript (generated: many repeated, failed and withdrawn
    attempts, each not counted with its reason) prints on two A4 pages at most; the courses not
    counted are grouped by reason, and the groups' counts add up to the result's exclusions; the
    HTML source has the masked national ID and never the full one."""
    records, profiles = tmp / "long.csv", tmp / "long-profiles.csv"
    run(binary, root, ["generate", "rules/ntue-eam", "--seed", "5", "-n", "4", "--records-per-student", "60",
                       "--records", str(records), "--profiles", str(profiles)])
    common = ["batch", "rules/ntue-eam", "--as-of", "114-1", "--records", str(records), "--profiles", str(profiles),
              "--print-date", "2026-12-01"]
    out_dir = tmp / "long"
    run(binary, root, common + ["--format", "pdf", "--out-dir", str(out_dir)])
    results = [json.loads(line) for line in run(binary, root, common + ["--format", "jsonl"]).stdout.decode().splitlines()]
    files = sorted(out_dir.iterdir()) if out_dir.is_dir() else []
    if len(files) != len(results) or not results:
        failures.append(f"long transcripts: {len(files)} PDFs for {len(results)} students")
    for pdf, doc in zip(files, results):
        rows = sum(1 for line in records.read_text(encoding="utf-8").splitlines() if line.startswith(doc["subject"]["id"] + ","))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        if rows < 55 or pages > 2:
            failures.append(f"long transcripts: {pdf.name} ({rows} transcript rows) has {pages} pages, at most 2 expected")
        counts = [int(n) for n in re.findall(r"（(\d+) 門）", text_of(pdf))]
        if sum(counts) != len(doc["excluded"]):
            failures.append(f"long transcripts: {pdf.name} groups {counts} of courses not counted, {len(doc['excluded'])} expected")
    html = run(binary, root, common + ["--format", "html"]).stdout.decode("utf-8")
    for line in profiles.read_text(encoding="utf-8").splitlines()[1:]:
        nid = next((c for c in line.split(",") if re.fullmatch(r"[A-Z][12][0-9]{8}", c)), None)
        if nid and (nid in html or nid[:5] + "*****" not in html):
            failures.append(f"long transcripts: the HTML source does not mask national ID {nid[:5]}…")


def fonts(pdf, failures):
    """With WenQuanYi Micro Hei installed (CI installs it), the text is in embedded TrueType subsets,
    not Type 3 glyphs (docs/printing.md)."""
    listed = subprocess.run(["fc-list", "WenQuanYi Micro Hei"], capture_output=True).stdout if shutil.which("fc-list") else b""
    if not listed.strip() or not shutil.which("pdffonts"):
        return
    table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    rows = table.splitlines()[2:]
    if not any("WenQuanYiMicroHei" in r and "CID TrueType" in r for r in rows) or any("Type 3" in r for r in rows):
        failures.append(f"fonts: expected embedded CID TrueType subsets of WenQuanYi Micro Hei and no Type 3 font:\n{table}")


def screenshot(binary, root, tmp, failures):
    """The HTML sheet as a screen shows it, in real headless Chromium: a screenshot of the window size
    asked for, with content (a blank white page compresses to a few kilobytes, a sheet to far more)."""
    browser = shutil.which("chromium")
    if not browser:
        return  # WeasyPrint-only machines: the PDF checks above stand
    html = tmp / "sheet.html"
    run(binary, root, CHECK + ["--format", "html", "--out", str(html), "--print-date", "2026-12-01"])
    shot = tmp / "screen.png"
    args = [browser, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--window-size=1000,1400", f"--screenshot={shot}", html.as_uri()]
    if os.geteuid() == 0:
        args.insert(1, "--no-sandbox")
    subprocess.run(args, capture_output=True, timeout=300)
    if not shot.exists():
        failures.append("screenshot: headless Chromium wrote no screenshot of the HTML sheet")
        return
    width, height = png_size(shot)
    if (width, height) != (1000, 1400) or shot.stat().st_size < 30000:
        failures.append(f"screenshot: {width}x{height}, {shot.stat().st_size} bytes: not a rendered sheet")


def missing_engine(binary, root, tmp, failures):
    proc = run(binary, root, CHECK + ["--format", "pdf", "--out", str(tmp / "x.pdf")],
               env={"LIBAUDIT_PDF_ENGINE": "/nonexistent/pdf-engine", "LIBAUDIT_LANG": "en"}, check=False)
    err = proc.stderr.decode()
    if proc.returncode != 3 or "/nonexistent/pdf-engine" not in err or "LIBAUDIT_PDF_ENGINE" not in err:
        failures.append(f"missing engine: exit {proc.returncode}, stderr {err!r}")


def main():
    binary, root = sys.argv[1], Path(sys.argv[2]).resolve()
    missing = [p for p in ("pdftotext", "pdftoppm", "pdfinfo") if not shutil.which(p)]
    if not (shutil.which("chromium-headless-shell") or shutil.which("chromium") or shutil.which("weasyprint")
            or os.environ.get("LIBAUDIT_PDF_ENGINE")):
        missing.append("chromium (or weasyprint)")
    if missing:
        print("SKIP: not installed: " + ", ".join(missing) + " (Debian: chromium fonts-noto-cjk poppler-utils; .ci/install-deps)")
        return 1 if os.environ.get("LIBAUDIT_REQUIRE_PDF") == "1" else 77
    failures = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        pdf = sheet(binary, root, tmp, failures)
        picture(pdf, tmp, failures)
        fonts(pdf, failures)
        screenshot(binary, root, tmp, failures)
        cohort(binary, root, tmp, failures)
        long_transcripts(binary, root, tmp, failures)
        missing_engine(binary, root, tmp, failures)
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
