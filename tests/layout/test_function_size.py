#!/usr/bin/env python3
"""No function of the library, the CLI, the service or the Python module runs over 80 lines unless a comment
says why (and silences clang-tidy's readability-function-size there with NOLINTNEXTLINE): long
functions are broken into named steps. Usage: test_function_size.py CLANG_TIDY BUILD_DIR

clang-tidy decides, but parsing every file with it took ~2 minutes of the suite on two cores. So a
lexer first measures every file's outermost function bodies as clang-tidy counts them (the line of
the closing brace minus the line of the opening one): comments, string, character and raw string
literals and preprocessor lines blanked, braces matched, namespace, class, struct, union, enum and
extern blocks looked into, not counted. clang-tidy then runs on the files with a body over
LEXER_MARGIN lines, or where the braces do not match. On the tree of 2026-12-06 the lexer's
longest body per file equalled clang-tidy's on every file (checked with a threshold of 20), except
where a macro (PYBIND11_MODULE) or a NOLINT comment hides a body from clang-tidy: both are over the
margin, so clang-tidy still looks at them. LIBAUDIT_TIDY_ALL=1 runs clang-tidy on every file."""
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 80
LEXER_MARGIN = 70  # a body the lexer measures at or below this is below LIMIT with room to spare
config = "{CheckOptions: [{key: readability-function-size.LineThreshold, value: %d}]}" % LIMIT


def strip_code(text):
    """The text with comments, string and character literals and preprocessor lines blanked (newlines
    kept), so that braces left are the code's own."""
    out, i, n = [], 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == '#':
            j = i
            while j < n and (text[j] != '\n' or text[j - 1] == '\\'):
                j += 1
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j; continue
        if c == '/' and text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j; continue
        if c == '/' and text.startswith('/*', i):
            j = text.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j; continue
        m = re.compile(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(').match(text, i) if c in 'uULR' else None
        if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == '_')):
            end = text.find(')' + m.group(1) + '"', m.end()); end = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:end])); i = end; continue
        if c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum())):
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(' ' * (min(j + 1, n) - i)); i = j + 1; continue
        out.append(c)
        line_start = c == '\n' or (line_start and c in ' \t')
        i += 1
    return ''.join(out)

SCOPE = re.compile(r'\b(namespace|class|struct|union|enum|extern)\b[^;{}()]*$')

def longest_block(text):
    code = strip_code(text)
    stack, longest, line, last = [], 0, 1, 0
    for i, c in enumerate(code):
        if c == '\n':
            line += 1
        elif c == '{':
            head = code[last:i]
            scope = bool(SCOPE.search(head)) or not stack and not head.strip()
            stack.append((scope, line))
            last = i + 1
        elif c == '}':
            if not stack:
                return None
            scope, start = stack.pop()
            if not scope and (not stack or stack[-1][0]):
                longest = max(longest, line - start)
            last = i + 1
        elif c == ';':
            last = i + 1
    return None if stack else longest


def run(clang_tidy, build_dir, path):
    r = subprocess.run([clang_tidy, "-p", build_dir, "--quiet", "-checks=-*,readability-function-size",
                        "-config=" + config, "--extra-arg=-Wno-ignored-optimization-argument", path], capture_output=True, text=True)
    return path, r.returncode, r.stdout


def self_test():
    """The lexer on the shapes that could fool it: a body whose closing brace is LIMIT + 1 lines below its
    opening one must measure LIMIT + 1."""
    body = "\n".join(['    s += "}{";  // }', "    c = '{'; n = 1'000;", '    r = R"x(})x"; /* { */'] * 26 + ["    t = {1, 2};"])
    text = "namespace a { struct B {\nint f() {\n" + body + "\n    return 0;\n}\n}; }\n"
    assert longest_block(text) == LIMIT + 1, longest_block(text)


def main():
    clang_tidy, build_dir = sys.argv[1], sys.argv[2]
    self_test()
    files = sorted(str(p) for d in ("libaudit/src", "cli", "serve", "bindings/python") for p in (ROOT / d).rglob("*.cpp"))
    everything = os.environ.get("LIBAUDIT_TIDY_ALL") == "1"
    longest = {f: longest_block(Path(f).read_text(encoding="utf-8")) for f in files}
    tidy = [f for f in files if everything or longest[f] is None or longest[f] > LEXER_MARGIN]
    problems = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, rc, out in pool.map(lambda f: run(clang_tidy, build_dir, f), tidy):
            if rc != 0:
                problems.append(f"{path}: clang-tidy failed ({rc}):\n{out}")
            problems += [line for line in out.splitlines() if "readability-function-size" in line]
    for p in problems:
        print(p)
    print(f"{len(files)} files, {len(tidy)} of them read by clang-tidy (a body over {LEXER_MARGIN} lines by the lexer); "
          f"functions over {LIMIT} lines without a reason: {len(problems)}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
