"""The Python code shown in README.md and docs/python.md runs as shown (from the source folder)."""
import re

import pytest

from conftest import ROOT


def python_blocks(path):
    return re.findall(r"```python\n(.*?)```", (ROOT / path).read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("path,index", [("README.md", 0), ("docs/python.md", 0), ("docs/python.md", 1),
                                        ("docs/python.md", 2), ("docs/python.md", 3),
                                        ("docs/python.md", 4)])
def test_quoted_python_runs(in_root, path, index):
    code = python_blocks(path)[index]
    namespace = {}
    exec(compile(code, f"{path} python block {index + 1}", "exec"), namespace)
    if "result" in namespace:
        assert namespace["result"].status in ("met", "met_pending", "not_met", "invalid")
        # A status the block quotes in a comment (`result.status  # 'invalid'`) is the one it gets.
        quoted = re.search(r"^result\.status\s+# '(\w+)'", code, re.M)
        if quoted:
            assert namespace["result"].status == quoted.group(1)
