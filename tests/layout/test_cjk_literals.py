#!/usr/bin/env python3
"""No Chinese text in the C++ sources of libaudit/src: words shown to a person come from the
message catalogues (libaudit/messages/), words read from input (column names, yes/no, dates) from
libaudit/data/. A string or character literal holding a CJK letter (see cjk()), written as is or as
escaped UTF-8 bytes ("\\xE5\\xAD\\xB8"), fails; comments may hold any text.

Files other engineers are converting are allowed their current count, listed below; any new
literal in them (or one in any other file) fails, and so does a count that fell (lower it)."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "libaudit" / "src"

# Files that may still hold literals with CJK text, with how many (none today: keep it so).
ALLOWED = {}


def cjk(ch):
    """A CJK letter: Han (radicals, ideographs, compatibility, extensions), kana, bopomofo, hangul.
    Full-width punctuation and the ideographic space (U+3000-U+303F, U+FF00-U+FFEF) are not words:
    readers recognise them as separators and spaces, as they do ',' and ' '."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x2FDF or 0x3040 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


def decoded(body):
    """A literal's text with \\xNN (and octal) escapes as bytes, decoded as UTF-8."""
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            m = re.match(r"x([0-9A-Fa-f]{1,2})", body[i + 1:])
            if m:
                out.append(int(m.group(1), 16))
                i += 1 + len(m.group(0))
                continue
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            if m:
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
                continue
            out.extend(n.encode("utf-8"))
            i += 2
            continue
        out.extend(c.encode("utf-8"))
        i += 1
    return out.decode("utf-8", errors="replace")


def literals(text):
    """(line, body) of every string and character literal, comments skipped; raw strings whole."""
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else n
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c == "R" and i + 1 < n and text[i + 1] == '"' and not (text[i - 1].isalnum() or text[i - 1] == "_"):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            close = ")" + m.group(1) + '"'
            start = i + len(m.group(0))
            end = text.find(close, start)
            yield line, text[start:end].replace("\\", "\\\\")
            line += text.count("\n", i, end)
            i = end + len(close)
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            yield line, text[i + 1:j]
            i = j + 1
        else:
            i += 1


def main():
    found = {}
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".cpp", ".hpp", ".h", ".inc"):
            continue
        rel = path.relative_to(SRC).as_posix()
        for line, body in literals(path.read_text(encoding="utf-8")):
            if any(cjk(ch) for ch in decoded(body)):
                found.setdefault(rel, []).append((line, body))
    problems = []
    for rel, hits in found.items():
        allowed = ALLOWED.get(rel, 0)
        if len(hits) > allowed:
            where = "; ".join(f"{rel}:{line}: \"{body}\"" for line, body in hits)
            problems.append(f"{rel}: {len(hits)} literals with Chinese text (allowed {allowed}): {where}")
    for rel, allowed in ALLOWED.items():
        if len(found.get(rel, [])) < allowed:
            problems.append(f"{rel}: {len(found.get(rel, []))} literals with Chinese text, the allowlist says "
                            f"{allowed}: lower it in tests/layout/test_cjk_literals.py")
    for p in problems:
        print(p)
    print(f"{sum(len(h) for h in found.values())} literals with Chinese text in {len(found)} files "
          f"({', '.join(sorted(found))})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
