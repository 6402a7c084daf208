#!/usr/bin/env python3
"""The assistants' page (docs/web.md) in real headless Chromium, driven by Selenium (Debian's
chromium, chromium-driver and python3-selenium).

offline: the page built by the wasm preset (build/wasm/bindings/web/libaudit.html) opened from
  disk (file://) with the network emulated off: the bundled cohort (tests/data/cohort: transcripts
  and profiles, Chinese headers) dropped on its file inputs; every student's status and figures in
  the table are those of `libaudit check --id ... --format json`; one student's sheet and what is
  still needed; the English switch; the rule playground (an error shown at its line, an edit that
  changes the audit); and not one request other than file:, data:, blob: or about: URLs (CDP
  Network events from Chromium's performance log). Skipped (77) when the page is not built, failed
  then under LIBAUDIT_REQUIRE_WASM=1 (.ci/test).
serve: `libaudit serve rules/ntue-eam` on a free port: the page at http://127.0.0.1:PORT/ (the
  endpoint list at /v1/ and for Accept: application/json), the cohort uploaded, statuses and
  figures as the CLI's, one student opened and their sheet shown.

Usage: test_page.py offline PAGE LIBAUDIT ROOT | test_page.py serve LIBAUDIT ROOT"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

MODE = sys.argv[1]
failures = []
COHORT = "tests/data/cohort"
ENV = {"PATH": "/usr/bin:/bin", "LIBAUDIT_LANG": ""}


def expect(cond, what):
    if not cond:
        failures.append(what)


def skip(why):
    print(f"skipped: {why}")
    sys.exit(1 if os.environ.get("LIBAUDIT_REQUIRE_WASM") and MODE == "offline" else 77)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    skip("python3-selenium is not installed (.ci/install-deps installs it)")

if MODE == "offline":
    PAGE, CLI, ROOT = Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]).resolve()
    if not PAGE.exists():
        skip(f"{PAGE} not built (docs/web.md: cmake --preset wasm && cmake --build build/wasm --target libaudit_page)")
else:
    CLI, ROOT = sys.argv[2], Path(sys.argv[3]).resolve()
DRIVER = "/usr/bin/chromedriver"
if not Path(DRIVER).exists():
    skip("chromedriver not found (Debian chromium-driver; .ci/install-deps installs it)")


def browser():
    options = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
              "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
              "--disable-component-update", "--disable-default-apps", "--lang=zh-TW"):
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    profile = tempfile.mkdtemp(prefix="libaudit-web-test-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.get("about:blank")
    driver.get_log("performance")  # Chromium's own start-up pages (chrome://new-tab-page...) are not the page's
    return driver


def cli_result(student_id):
    """The CLI's JSON for one student of the cohort."""
    run = subprocess.run([CLI, "check", "rules/ntue-eam", "--records", f"{COHORT}/transcripts.csv", "--student",
                          f"{COHORT}/students.csv", "--id", student_id, "--format", "json"],
                         cwd=ROOT, env=ENV, capture_output=True)
    return json.loads(run.stdout)


def figure(part):
    for k in ("credits", "hours", "courses", "semesters"):
        if part and k in part:
            return f"{part[k]:g}" if isinstance(part[k], float) else str(part[k])
    return ""


def wait(driver, what, condition, timeout=60):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except Exception:
        failures.append(f"timed out waiting for {what}: {driver.find_element(By.ID, 'message').text!r} "
                        f"{driver.find_element(By.ID, 'rules-status').text!r}")
        raise


def audited(driver, after=0):
    return wait(driver, "the cohort table",
                lambda d: int(d.find_element(By.TAG_NAME, "body").get_attribute("data-audited") or 0) > after)


def upload_cohort(driver):
    wait(driver, "the page to be ready", lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    driver.find_element(By.ID, "profiles-file").send_keys(str(ROOT / COHORT / "students.csv"))
    driver.find_element(By.ID, "records-file").send_keys(str(ROOT / COHORT / "transcripts.csv"))
    audited(driver)
    # The table is the last audit's: wait until the page is idle (both files read).
    time.sleep(0.5)
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-audited"))


def check_table(driver, words):
    """Every student of the cohort in the table, status and figures as the CLI's."""
    ids = [line.split(",")[0] for line in (ROOT / COHORT / "students.csv").read_text(encoding="utf-8").splitlines()[1:]]
    rows = {r.get_attribute("data-id"): r for r in driver.find_elements(By.CSS_SELECTOR, "#cohort tbody tr[data-id]")}
    expect(sorted(rows) == sorted(ids), f"table rows {sorted(rows)} != students {sorted(ids)}")
    for sid in ids:
        if sid not in rows:
            continue
        want = cli_result(sid)
        row = rows[sid]
        status = row.find_element(By.CSS_SELECTOR, "td.status")
        expect(status.get_attribute("data-status") == want["status"], f"{sid}: status {status.get_attribute('data-status')} != {want['status']}")
        expect(status.text == words[want["status"]], f"{sid}: status shown as {status.text!r}, not {words[want['status']]!r}")
        total = (want.get("requirements") or [{}])[0]
        for k in ("required", "earned", "pending", "remaining"):
            got = row.find_element(By.CSS_SELECTOR, f"td.{k}").text
            expect(got == figure(total.get(k)), f"{sid}: {k} {got!r} != {figure(total.get(k))!r}")
        if "subject" in want:
            expect(want["subject"]["name"] in row.text, f"{sid}: name not in the row {row.text!r}")
    return ids


def open_student(driver, sid):
    """Opens one student: what is still needed as the CLI's result says, their sheet in the frame."""
    want = cli_result(sid)
    row = driver.find_element(By.CSS_SELECTOR, f'#cohort tbody tr[data-id="{sid}"]')
    row.find_element(By.CSS_SELECTOR, "button.open").click()
    wait(driver, "the student's sheet", lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-open") == sid)
    needed = driver.find_element(By.ID, "still-needed").text
    total = want["requirements"][0]
    want_needed = total["still_needed"]["text"] if "still_needed" in total else "沒有尚待完成的項目。"
    expect(want_needed in needed, f"{sid}: still needed {needed!r} lacks {want_needed!r}")
    driver.switch_to.frame(driver.find_element(By.ID, "sheet"))
    sheet = driver.find_element(By.TAG_NAME, "body").text
    driver.switch_to.default_content()
    for fact in (want["subject"]["name"], sid, want["ruleset"]["id"], str(total["required"]["credits"]),
                 str(total["earned"]["credits"])):
        expect(fact in sheet, f"{sid}: the sheet lacks {fact!r}")
    expect(driver.find_element(By.ID, "print").is_enabled(), "the print button is disabled")


def requests_made(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


STATUS_ZH = {"met": "符合", "met_pending": "符合（待修課中課程及格）", "not_met": "不符合", "needs_review": "需人工審核",
             "invalid": "無法審核", "not_applicable": "不適用"}
STATUS_EN = {"met": "Met", "met_pending": "Met (pending courses in progress)", "not_met": "Not met",
             "needs_review": "Needs review", "invalid": "Cannot be audited", "not_applicable": "Not applicable"}


def playground(driver, before):
    """An error in the rule file shown at its line; a valid edit re-runs the audit with it; a lint
    warning shown at its line."""
    driver.find_element(By.CSS_SELECTOR, "#play-section summary").click()
    driver.execute_script("var s = document.getElementById('play-file'); s.value = 'eam-mse-113.yaml';"
                          "s.dispatchEvent(new Event('change'));")
    text = driver.find_element(By.ID, "play-text").get_attribute("value")
    lines = text.split("\n")
    line = next(i + 1 for i, l in enumerate(lines) if re.match(r"\s*min_credits: 30\b", l))
    set_text = ("var t = document.getElementById('play-text'); t.value = arguments[0];"
                "t.dispatchEvent(new Event('input'));")
    driver.execute_script(set_text, text.replace("min_credits: 30", "min_credits: abc", 1))
    wait(driver, "the lint diagnostic", lambda d: d.find_elements(By.CSS_SELECTOR, f'#play-diagnostics li.error[data-line="{line}"]'))
    expect(driver.find_elements(By.CSS_SELECTOR, f'#play-gutter .mark-error[data-line="{line}"]'), f"line {line} not marked")
    driver.execute_script(set_text, text.replace("min_credits: 30", "min_credits: 36", 1))
    audited(driver, before)
    row = driver.find_element(By.CSS_SELECTOR, '#cohort tbody tr[data-id="211371002"]')
    expect(row.find_element(By.CSS_SELECTOR, "td.required").text == "36", "the edited rule did not change the audit")
    # A warning only lint finds (the rule set loads): W041 at the line of the unquoted version, with
    # its words, beside the text and in the list.
    vline = next(i + 1 for i, l in enumerate(lines) if l.startswith("version: "))
    driver.execute_script(set_text, text.replace(lines[vline - 1], "version: 2024.10", 1))
    warned = wait(driver, "the lint warning", lambda d: d.find_elements(
        By.CSS_SELECTOR, f'#play-diagnostics li.warning[data-line="{vline}"]'))
    expect("W041" in warned[0].text and "2024.10" in warned[0].text, f"the warning's words: {warned[0].text!r}")
    mark = driver.find_elements(By.CSS_SELECTOR, f'#play-gutter .mark-warning[data-line="{vline}"]')
    expect(mark and "W041" in mark[0].get_attribute("title"), f"line {vline} not marked with the warning")


def offline():
    driver = browser()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        start = time.monotonic()
        driver.get(PAGE.resolve().as_uri())
        upload_cohort(driver)
        print(f"page loaded and cohort audited in {time.monotonic() - start:.2f} s "
              f"(table {driver.find_element(By.TAG_NAME, 'body').get_attribute('data-cohort-ms')} ms)")
        ids = check_table(driver, STATUS_ZH)
        open_student(driver, "211371002")
        n = int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-audited"))
        driver.find_element(By.ID, "lang").click()
        audited(driver, n)
        time.sleep(0.3)
        check_table(driver, STATUS_EN)
        expect(driver.find_element(By.ID, "run").text == "Audit", "English switch: the button")
        driver.find_element(By.ID, "lang").click()
        audited(driver, n + 1)
        time.sleep(0.3)
        playground(driver, int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-audited")))
        urls = requests_made(driver)
        foreign = [u for u in urls if not re.match(r"(file|data|blob|about):", u)]
        expect(not foreign, f"the page made network requests: {foreign[:5]}")
        expect(any(u.startswith("file:") for u in urls), "no request seen at all: is the performance log working?")
        print(f"{len(ids)} students checked; {len(urls)} requests, all file:/data:/blob:/about:")
    finally:
        driver.quit()


def start_service(*extra):
    """`libaudit serve rules/ntue-eam` on a free port: the process and its base URL."""
    proc = subprocess.Popen([CLI, "serve", "rules/ntue-eam", "--port", "0", *extra], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    m = re.search(r":(\d+)/", proc.stdout.readline().decode())
    if not m:
        proc.kill()
        raise SystemExit(f"the service did not start ({' '.join(extra)})")
    return proc, f"http://127.0.0.1:{m.group(1)}"


def serve():
    proc, base = start_service()
    try:
        page = urllib.request.urlopen(base + "/").read().decode()
        expect("libauditStart(new LibauditHttpBackend" in page, "/ is not the page")
        for path, headers in (("/v1/", {}), ("/", {"Accept": "application/json"})):
            body = json.loads(urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)).read())
            expect("POST /v1/audit" in body["endpoints"], f"{path}: no endpoint list")
        driver = browser()
        try:
            driver.get(base + "/")
            upload_cohort(driver)
            ids = check_table(driver, STATUS_ZH)
            open_student(driver, "211371002")
            open_student(driver, ids[0])
            urls = requests_made(driver)
            foreign = [u for u in urls if not (u.startswith(base + "/") or re.match(r"(data|blob|about):", u))]
            expect(not foreign, f"requests elsewhere than the service: {foreign[:5]}")
            print(f"{len(ids)} students checked through {base}; {len(urls)} requests, all to the service")
        finally:
            driver.quit()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    serve_with_token()


def serve_with_token():
    """A service started with --tokens: the page asks for the token (a wrong one is said to be
    wrong), then audits with it; the token never appears in a URL."""
    token = "5b0e7c1d9a2f48e6b3c7d1a0f9e8d7c6"
    folder = tempfile.mkdtemp(prefix="libaudit-web-tokens-")
    tokens = Path(folder) / "tokens"
    tokens.write_text(f"{token} web-test\n", encoding="utf-8")
    proc, base = start_service("--tokens", str(tokens))
    try:
        driver = browser()
        try:
            driver.get(base + "/")
            field = driver.find_element(By.ID, "token")
            wait(driver, "the token field", lambda d: field.is_displayed())
            expect("存取權杖" in driver.find_element(By.ID, "message").text, "no request for the token")
            field.send_keys("not-the-token-at-all-0000" + Keys.ENTER)
            wait(driver, "the wrong token said", lambda d: "不正確" in d.find_element(By.ID, "message").text)
            field.clear()
            field.send_keys(token + Keys.ENTER)
            ids = [line.split(",")[0] for line in
                   (ROOT / COHORT / "students.csv").read_text(encoding="utf-8").splitlines()[1:]]
            upload_cohort(driver)
            check_table(driver, STATUS_ZH)
            urls = requests_made(driver)
            expect(not [u for u in urls if token in u], "the token appeared in a URL")
            print(f"{len(ids)} students checked through {base} with a token")
        finally:
            driver.quit()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


try:
    offline() if MODE == "offline" else serve()
except Exception as e:  # a timeout or a missing element: reported with what was seen
    failures.append(f"{type(e).__name__}: {e}")
for f in failures:
    print("FAIL", f)
print(f"web.{MODE}: {len(failures)} failures")
sys.exit(1 if failures else 0)
