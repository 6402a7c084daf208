"""The documented install (README, docs/python.md): `cmake --install … --component python` puts the
package where Debian's /usr/bin/python3 finds it; here into a scratch prefix, used from elsewhere."""
import os
import subprocess
import sys
import sysconfig

import pytest

from conftest import ROOT

BUILD = os.environ.get("LIBAUDIT_BUILD_DIR")
CMAKE = os.environ.get("LIBAUDIT_CMAKE", "cmake")


@pytest.mark.skipif(not BUILD, reason="needs LIBAUDIT_BUILD_DIR (set by CTest)")
def test_component_install_into_a_prefix(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run([CMAKE, "--install", BUILD, "--component", "python", "--prefix", str(prefix)], check=True,
                   capture_output=True)
    site = prefix / f"lib/python{sys.version_info.major}.{sys.version_info.minor}/dist-packages"
    assert (site / "libaudit/__init__.py").is_file() and (site / "libaudit/_core.pyi").is_file()
    assert list((site / "libaudit").glob("_core*" + sysconfig.get_config_var("EXT_SUFFIX")))
    dist_info = list(site.glob("libaudit-*.dist-info"))
    assert len(dist_info) == 1 and (dist_info[0] / "METADATA").is_file()
    code = ("import libaudit, libaudit.pandas, sys, importlib.metadata as md; assert md.version('libaudit'); "
            "r = libaudit.check(sys.argv[1], sys.argv[2], sys.argv[3], as_of='113-2'); print(libaudit.__file__, r.status)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "rules/ntue-eam"),
                          str(ROOT / "examples/grad/eam-met/transcript.csv"), str(ROOT / "examples/grad/eam-met/student.csv")],
                         env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert out.startswith(str(site)) and out.endswith(" met\n")
