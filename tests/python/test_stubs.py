"""The type stubs (libaudit/_core.pyi) name what the extension has, so editors complete the real API;
and the package's public names all have docstrings."""
import ast
import inspect
from pathlib import Path

import libaudit
from libaudit import _core

STUBS = ast.parse((Path(libaudit.__file__).parent / "_core.pyi").read_text(encoding="utf-8"))


def public(names):
    return {n for n in names if not n.startswith("__")}


def stub_members(node):
    names = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.AnnAssign):
            names.add(item.target.id)
    return names


def test_stubs_name_every_function_and_class():
    stubbed = {n.name: n for n in STUBS.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    stubbed_vars = {n.target.id for n in STUBS.body if isinstance(n, ast.AnnAssign)}
    assert public(dir(_core)) - {"_core"} == set(stubbed) | stubbed_vars
    for name, node in stubbed.items():
        if isinstance(node, ast.ClassDef):
            real = public(dir(getattr(_core, name))) - {"_pybind11_conduit_v1_"}
            assert real == stub_members(node) - {"__init__", "__lt__", "__le__", "__iter__", "__next__"}, name


def test_struct_fields_are_in_the_stubs():
    for cls in (_core.Record, _core.Profile, _core.Subject, _core.AuditOptions, _core.PasswordPolicy, _core.DataRow,
                _core.DataTable, _core.Dataset, _core.CheckOptions):
        node = next(n for n in STUBS.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
        assert set(cls._fields) <= stub_members(node), cls.__name__


def test_public_api_has_docstrings():
    import libaudit.pandas as lpd
    for module in (libaudit, lpd):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or (inspect.isclass(obj) and obj.__module__.startswith("libaudit.")
                                           and not obj.__module__.endswith("_core")):
                assert inspect.getdoc(obj), f"{module.__name__}.{name}"
