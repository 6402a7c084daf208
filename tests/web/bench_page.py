#!/usr/bin/env python3
"""Figures of the assistants' page (docs/performance.md), not a test: in headless Chromium, the
time from opening the page to ready (module started, rule pack loaded), the first audit after load
(one student), and a generated cohort from the drop of the files to the table.

    /usr/bin/python3 tests/web/bench_page.py build/wasm/bindings/web/libaudit.html build/release/cli/libaudit 1000
    /usr/bin/python3 tests/web/bench_page.py http build/release/cli/libaudit 1000   # through libaudit serve"""
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PAGE, CLI, STUDENTS = sys.argv[1], sys.argv[2], int(sys.argv[3])
ROOT = Path(__file__).resolve().parents[2]
tmp = Path(tempfile.mkdtemp(prefix="libaudit-web-bench-"))
subprocess.run([CLI, "generate", "rules/ntue-eam", "--seed", "1", "--students", str(STUDENTS), "-r", tmp / "t.csv",
                "-p", tmp / "p.csv"], cwd=ROOT, check=True, capture_output=True)
one = tmp / "one.csv"
lines = (tmp / "t.csv").read_text(encoding="utf-8").splitlines()
first = lines[1].split(",")[0]
one.write_text("\n".join([lines[0]] + [l for l in lines[1:] if l.split(",")[0] == first]) + "\n", encoding="utf-8")
print(f"cohort: {STUDENTS} students, {len(lines) - 1} rows, {(tmp / 't.csv').stat().st_size} bytes")

proc = None
if PAGE == "http":
    proc = subprocess.Popen([CLI, "serve", "rules/ntue-eam", "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%s/" % re.search(r":(\d+)/", proc.stdout.readline().decode()).group(1)
else:
    url = Path(PAGE).resolve().as_uri()
options = Options()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--user-data-dir={tmp}/profile"):
    options.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
body = lambda: driver.find_element(By.TAG_NAME, "body")
try:
    start = time.monotonic()
    driver.get(url)
    WebDriverWait(driver, 120, 0.01).until(lambda d: body().get_attribute("data-ready") == "1")
    print(f"page open to ready (module started, rules/ntue-eam loaded): {(time.monotonic() - start) * 1000:.0f} ms "
          f"(page's own figures: back end started {body().get_attribute('data-start-ms')} ms, "
          f"rules/ntue-eam loaded {body().get_attribute('data-rules-ms')} ms)")
    start = time.monotonic()
    driver.find_element(By.ID, "records-file").send_keys(str(one))
    WebDriverWait(driver, 120, 0.005).until(lambda d: body().get_attribute("data-audited") == "1")
    rules_ms, first_ms = int(body().get_attribute("data-rules-ms")), int(body().get_attribute("data-cohort-ms"))
    print(f"first audit after load, drop to table (1 student): {(time.monotonic() - start) * 1000:.0f} ms "
          f"(page's own figure {first_ms} ms; with the rule pack's load, as bench_node.js counts a first "
          f"audit: {rules_ms + first_ms} ms)")
    driver.find_element(By.ID, "profiles-file").send_keys(str(tmp / "p.csv"))
    WebDriverWait(driver, 120, 0.01).until(lambda d: body().get_attribute("data-audited") == "2")
    start = time.monotonic()
    driver.find_element(By.ID, "records-file").send_keys(str(tmp / "t.csv"))
    WebDriverWait(driver, 600, 0.05).until(lambda d: body().get_attribute("data-audited") == "3")
    rows = len(driver.find_elements(By.CSS_SELECTOR, "#cohort tbody tr[data-id]"))
    print(f"{rows} students, drop to table: {(time.monotonic() - start) * 1000:.0f} ms "
          f"(page's own figure {body().get_attribute('data-cohort-ms')} ms)")
finally:
    driver.quit()
    if proc:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
