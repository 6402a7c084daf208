"""Every message the test suite shows is filled in: no golden output (reports, diagnostics, help,
summaries in either language) holds a catalogue placeholder left empty ("{requirement}"), nor the
fallback libaudit writes for a code the catalogue lacks ("lint.E012.x key=value"). The goldens
cover the CLI, the examples and every rule pack, so a message used with a parameter it does not get,
or a code without an entry, fails here."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def catalogue():
    """(placeholder names, code prefixes) of every entry of every language."""
    names, prefixes = set(), set()
    for path in (ROOT / "libaudit" / "messages").glob("*/*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or " = " not in line:
                continue
            code, text = line.split(" = ", 1)
            prefixes.add(code.split(".")[0])
            text = text.replace("{{", "").replace("}}", "")
            names.update(m.group(1) for m in re.finditer(r"\{([a-z_]+)(?:\|[a-z_.]+)?\}", text))
    return names, prefixes


def main():
    names, prefixes = catalogue()
    unfilled = re.compile(r"(?<!\{)\{(%s)(?:\|[a-z_.]+)?\}(?!\})" % "|".join(sorted(names)))
    unknown = re.compile(r"(?<![\w/.{-])(?:%s)\.[A-Za-z0-9_.]+ [a-z_]+=" % "|".join(sorted(prefixes)))
    goldens = sorted((ROOT / "tests" / "data" / "golden").rglob("*"))
    problems, files = [], 0
    for path in goldens:
        if not path.is_file():
            continue
        files += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern, what in ((unfilled, "placeholder not filled in"), (unknown, "code without a catalogue entry")):
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what}: {m.group(0)}")
    for p in problems:
        print(p)
    print(f"{files} golden files, {len(names)} placeholder names, {len(problems)} problems")
    return 1 if problems or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
