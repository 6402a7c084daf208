#!/usr/bin/env python3
"""Output quoted in the docs is the engine's real output: each quoted block must match the golden
file of the same command (tests/data/golden/), so a behaviour change that updates goldens also
forces the docs to be updated. Prints "N passed, M failed"."""
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def block_after(text, marker):
    """The first ``` block that opens after the end of `marker`."""
    start = text.index("```", text.index(marker) + len(marker))
    start = text.index("\n", start) + 1
    return text[start:text.index("```", start)]


def golden_stdout(name):
    text = read(f"tests/data/golden/{name}.out")
    return text.split("\n", 1)[1].split("--- stderr\n", 1)[0]


checks = []

# README walkthrough: every shown line (the "…" elisions aside) is in the golden report, in order.
readme = block_after(read("README.md"), "## Walkthrough")
report = golden_stdout("examples/2").splitlines()
shown = [line for line in readme.splitlines()[2:] if line.strip() not in ("…", "$ echo $?", "4")]
position, missing = 0, []
for line in shown:
    try:
        position = report.index(line, position) + 1
    except ValueError:
        missing.append(line)
checks.append(("README walkthrough matches examples/2", missing))

# In-service hours examples: the quoted report and batch summary are exactly the goldens.
hours = read("examples/hours/README.md")
for marker, golden in [("--id B120000008 --as-of 2026-07-31\n", "examples/hours.counselling-31jul-1aug"),
                       ("--as-of 2026-07-31 --format csv\n", "cli/batch-hours-csv")]:
    start = hours.index(marker) + len(marker)
    block = hours[start:hours.index("```", start)]
    checks.append((f"examples/hours/README.md quotes {golden}",
                   [] if block == golden_stdout(golden) else ["the block differs from the golden"]))

# zh-TW guide: the explain outline is exactly the golden one.
guide = block_after(read("docs/zh-TW/rule-authoring.md"), "libaudit explain docs/zh-TW/example/guide-114.yaml\n```")
expected = golden_stdout("cli/explain-zh-guide-example")
checks.append(("zh-TW guide explain block matches", [] if guide == expected else ["the block differs from the golden"]))

# zh-TW guides: the lint examples are exactly the goldens of the files with the typos they describe.
for doc, marker, golden in [
        ("docs/zh-TW/rule-authoring.md", "guide-114-typos.yaml`），會看到：\n", "cli/lint-zh-guide-typos"),
        ("docs/zh-TW/rule-authoring.md", "正確的 `guide-114.yaml` 會得到：\n", "cli/lint-zh-guide-fixed"),
        ("docs/zh-TW/inservice-hours.md", "inservice-county-typos.yaml`），\n會看到（結束代碼 2）：\n",
         "cli/lint-zh-hours-guide-typos"),
        ("docs/zh-TW/inservice-hours.md", "若把第一項要求寫成 `id: total`，會得到：\n", "cli/lint-zh-hours-guide-total")]:
    block = block_after(read(doc), marker)
    checks.append((f"{doc} quotes {golden}", [] if block == golden_stdout(golden) else ["the block differs from the golden"]))

# zh-TW guide, libaudit diff: the quoted lines are the start of the golden summary.
diff_block = block_after(read("docs/zh-TW/rule-authoring.md"), "提高到 32，EAM6203 學校公共關係專題由「領導與組織發展」移到「創新經營與評鑑」。輸出的開頭：\n")
checks.append(("docs/zh-TW/rule-authoring.md quotes the start of cli/diff-summary-zh",
               [] if golden_stdout("cli/diff-summary-zh").startswith(diff_block) and diff_block.count("\n") >= 5
               else ["the block is not the start of the golden"]))

# zh-TW docs index: `libaudit --help` (zh-TW by default) is exactly the golden one.
index = block_after(read("docs/zh-TW/README.md"), "libaudit --help\n```")
checks.append(("zh-TW docs index quotes cli/help-zh",
               [] if index == golden_stdout("cli/help-zh") else ["the block differs from the golden"]))

# zh-TW in-service hours guide: the report, batch summary, outline and data errors it quotes are
# exactly the goldens of tests/cli/cases.txt (zh-hours-guide-*), and its full rule file is the file.
def golden_stderr(name):
    text = read(f"tests/data/golden/{name}.out")
    return text.split("--- stderr\n", 1)[1].rsplit("--- exit ", 1)[0]


hours_guide = read("docs/zh-TW/inservice-hours.md")
for marker, golden, part in [
        ("--id M120300002 --as-of 115/07/31\n```", "cli/zh-hours-guide-check", golden_stdout),
        ("--as-of 115/07/31 --format csv --jobs 2\n```", "cli/zh-hours-guide-batch", golden_stdout),
        ("libaudit explain docs/zh-TW/example/inservice-county.yaml\n```", "cli/zh-hours-guide-explain", golden_stdout),
        ("/teachers.csv --as-of 115/07/31\n```", "cli/zh-hours-guide-bad-date", golden_stderr)]:
    block = block_after(hours_guide, marker)
    checks.append((f"zh-TW hours guide quotes {golden}",
                   [] if block == part(golden) else ["the block differs from the golden"]))
# docs/what-if.md: a bad plan file's located errors are those of the CLI golden.
block = block_after(read("docs/what-if.md"), "--plan tests/data/what-if/bad-columns.csv --lang en\n```")
checks.append(("docs/what-if.md quotes cli/what-if-bad-columns-en",
               [] if block == golden_stderr("cli/what-if-bad-columns-en") else ["the block differs from the golden"]))
# explain --course: docs/what-if.md and the zh-TW guide quote the CLI goldens.
for doc, marker, golden in [
        ("docs/what-if.md", "--student examples/grad/eam-exclusions/student.csv --lang en\n```", "cli/explain-course-later-course-en"),
        ("docs/zh-TW/rule-authoring.md", "--student examples/grad/eam-exclusions/student.csv\n```",
         "cli/explain-course-failed-not-needed-zh")]:
    block = block_after(read(doc), marker)
    checks.append((f"{doc} quotes {golden}", [] if block == golden_stdout(golden) else ["the block differs from the golden"]))
pack = read("docs/zh-TW/example/inservice-county.yaml")
checks.append(("zh-TW hours guide quotes inservice-county.yaml in full",
               [] if f"```yaml\n{pack}```" in hours_guide else ["no block equals the rule file"]))

failed = 0
for name, problems in checks:
    print(("ok: " if not problems else "FAILED: ") + name)
    for p in problems:
        print("    " + p)
    failed += bool(problems)
print(f"{len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
