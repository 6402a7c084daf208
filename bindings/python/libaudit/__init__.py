"""libaudit: audit records (transcripts, training hours, settings) against YAML rule sets.

The Python face of the C++ library (``libaudit._core``), for scripts of an academic-affairs or
education office::

    import libaudit
    rules = libaudit.load_rulesets("rules/ntue-eam")          # load once, share freely
    result = libaudit.check(rules, "transcript.csv", "student.csv", as_of="114-1")
    print(result.status, result.total.remaining.credits)
    print(result.to_text())                                   # the CLI's report, byte for byte

Whole cohorts: :func:`batch` (files), :func:`audit_many` (subjects), ``libaudit.pandas`` (DataFrames)
and ``libaudit.dask`` (a Dask cluster). pandas and Dask are imported only by those modules.
Invalid rules or input raise :class:`RuleError` / :class:`InputError` with located diagnostics.
"""
from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _core
from ._core import (  # noqa: F401  (re-exported API)
    AuditOptions, Date, DateRange, DateTime, Diagnostic, LintReport, LintResult, Profile, Record, RecordFile,
    RuleSet, RuleTestReport, RuleTestResult, SourceLocation, Subject, Term,
    add_days, add_hours, add_months, add_years, ad_to_roc, calendar_year_range, ceil_to_hour, days_between,
    display_width, format_date, format_datetime, format_roc_date, format_term, full_months, make_date,
    mask_national_id, pad, parse_date, parse_datetime, parse_term, roc_to_ad, rule_files, rule_test_files,
    school_year_of, school_year_range, school_years_ending, term_of, term_range,
    valid_email, valid_national_id, valid_passport_name, valid_resident_id, valid_tw_mobile,
)
from .errors import Error, InputError, IoError, RuleError
from .results import Amount, AuditResult, BatchItem, Exclusion, Flag, RecordRef, Requirement

__version__: str = _core.engine_version
engine_version: str = _core.engine_version
result_schema_id: str = _core.result_schema_id

PathLike = Union[str, "os.PathLike[str]"]
#: A rule set, several (the one for each subject's programme and entry year is chosen), or a path
#: to a rule file or folder.
Rules = Union[RuleSet, Sequence[RuleSet], PathLike]
TermLike = Union[Term, str, None]

__all__ = [
    "AuditOptions", "AuditResult", "Amount", "BatchItem", "Date", "DateRange", "DateTime", "Diagnostic", "Error",
    "Exclusion", "Flag", "InputError", "IoError", "LintReport", "LintResult", "Profile", "Record", "RecordFile",
    "RecordRef", "Requirement", "RuleError", "RuleSet", "RuleTestReport", "RuleTestResult", "SourceLocation",
    "Subject", "Term",
    "audit", "audit_many", "batch", "check", "choose_ruleset", "explain", "exit_code", "group_subjects",
    "lint", "lint_paths", "lint_ruleset", "lint_ruleset_from_string", "load_ruleset", "load_ruleset_from_string",
    "load_rulesets", "make_options", "parse_profiles", "parse_record_file", "parse_records", "read_profiles",
    "read_record_file", "read_records", "render_json", "render_text", "run_rule_tests", "to_term",
    "add_days", "add_hours", "add_months", "add_years", "ad_to_roc", "calendar_year_range", "ceil_to_hour",
    "days_between", "display_width", "format_date", "format_datetime", "format_roc_date", "format_term",
    "full_months", "make_date", "mask_national_id", "pad", "parse_date", "parse_datetime", "parse_term",
    "roc_to_ad", "rule_files", "rule_test_files", "school_year_of", "school_year_range", "school_years_ending",
    "term_of", "term_range", "valid_email", "valid_national_id", "valid_passport_name", "valid_resident_id",
    "valid_tw_mobile",
]


# --- plain structs: readable repr and to_dict from the fields the extension lists ---------------

def _struct_to_dict(self: Any) -> Dict[str, Any]:
    """The fields as a dict (nested structs as dicts too)."""
    def plain(v: Any) -> Any:
        if hasattr(type(v), "_fields"):
            return v.to_dict()
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, Term):
            return str(v)
        return v
    return {name: plain(getattr(self, name)) for name in type(self)._fields}


def _struct_repr(self: Any) -> str:
    # Only fields that are set, so that a record reads like its CSV row.
    shown = [f"{n}={getattr(self, n)!r}" for n in type(self)._fields if getattr(self, n) not in (None, "", 0, False, [], {})]
    return f"{type(self).__name__}({', '.join(shown)})"


for _struct in (Record, Profile, Subject, AuditOptions):
    _struct.__repr__ = _struct_repr
    _struct.to_dict = _struct_to_dict


# --- rule sets -----------------------------------------------------------------------------------

def load_ruleset(path: PathLike) -> RuleSet:
    """Loads one rule file. Raises :class:`RuleError` (every problem, located) or :class:`IoError`."""
    return _core.load_ruleset(os.fspath(path))


def load_ruleset_from_string(yaml: str, name: str = "<string>") -> RuleSet:
    """Loads a rule set from YAML text; ``name`` stands for the file in diagnostics."""
    return _core.load_ruleset_from_string(yaml, name)


def load_rulesets(path: PathLike) -> List[RuleSet]:
    """Every rule file in a folder (recursively, sorted; rule tests left out), or the one file."""
    return _core.load_rulesets(os.fspath(path))


def lint_ruleset(path: PathLike) -> LintResult:
    """Every problem in a rule file (errors and warnings), and the rule set when there are no errors."""
    return _core.lint_ruleset(os.fspath(path))


def lint_ruleset_from_string(yaml: str, name: str = "<string>") -> LintResult:
    """As :func:`lint_ruleset`, for YAML text."""
    return _core.lint_ruleset_from_string(yaml, name)


def lint_paths(paths: Union[PathLike, Iterable[PathLike]]) -> LintReport:
    """``libaudit lint``: every rule file under the paths, plus ids shared by two files."""
    return _core.lint_paths(_paths(paths))


lint = lint_paths


def run_rule_tests(paths: Union[PathLike, Iterable[PathLike]]) -> RuleTestReport:
    """``libaudit test``: every case of the ``*.test.yaml`` files under the paths."""
    return _core.run_rule_tests(_paths(paths))


def explain(rules: Union[RuleSet, PathLike], lang: str = "zh-TW") -> str:
    """``libaudit explain``: a rule set as a readable outline ('zh-TW' or 'en')."""
    return _core.explain(rules if isinstance(rules, RuleSet) else load_ruleset(rules), lang)


def choose_ruleset(candidates: Rules, profile: Profile) -> Tuple[Optional[RuleSet], str]:
    """The rule set that applies to the profile, or ``(None, why)``."""
    return _core.choose_ruleset(_rulesets(candidates), profile)


# --- records -------------------------------------------------------------------------------------

def read_records(path: PathLike, encoding: str = "utf-8") -> List[Record]:
    """Records from a CSV (English or Chinese headers, docs/records.md) or JSON file."""
    return _core.read_records(os.fspath(path), encoding)


def parse_records(content: str, name: str = "<records>", encoding: str = "utf-8") -> List[Record]:
    """Records from CSV or JSON text; ``name`` (its extension picks the format) stands for the file."""
    return _core.parse_records(content, name, encoding)


def read_record_file(path: PathLike, encoding: str = "utf-8") -> RecordFile:
    """Records and the profiles a JSON transcript may carry."""
    return _core.read_record_file(os.fspath(path), encoding)


def parse_record_file(content: str, name: str = "<records>", encoding: str = "utf-8") -> RecordFile:
    """As :func:`read_record_file`, for text; ``name`` stands for the file."""
    return _core.parse_record_file(content, name, encoding)


def read_profiles(path: PathLike, encoding: str = "utf-8") -> List[Profile]:
    """Profiles (one per subject) from CSV or JSON."""
    return _core.read_profiles(os.fspath(path), encoding)


def parse_profiles(content: str, name: str = "<profiles>", encoding: str = "utf-8") -> List[Profile]:
    """As :func:`read_profiles`, for text; ``name`` stands for the file."""
    return _core.parse_profiles(content, name, encoding)


def group_subjects(records: Sequence[Record], profiles: Sequence[Profile] = ()) -> List[Subject]:
    """Records grouped by subject id (order of first appearance), each with its profile."""
    return _core.group_subjects(list(records), list(profiles))


# --- audits --------------------------------------------------------------------------------------

def to_term(term: TermLike) -> Optional[Term]:
    """A Term from '114-1', '1141', a Term or None; ValueError for anything else."""
    if term is None or isinstance(term, Term):
        return term
    parsed = _core.parse_term(str(term))
    if parsed is None:
        raise ValueError(f"as_of: expected a term like 1141 or 114-1, got {term!r}")
    return parsed


def make_options(as_of: TermLike = None, selected: Iterable[str] = (), max_steps: int = 0) -> AuditOptions:
    """AuditOptions from Python values (see :func:`audit`)."""
    return AuditOptions(as_of=to_term(as_of), selected=list(selected), max_steps=max_steps)


def audit(rules: Rules, subject: Subject, *, as_of: TermLike = None, selected: Iterable[str] = (),
          max_steps: int = 0) -> AuditResult:
    """Audits one subject. With several rule sets (or a folder), the one for the subject's programme
    and entry year is chosen (:class:`InputError` U001 when none applies). ``as_of``: the audit's term
    (default: the latest on the records); ``selected``: course codes or offering numbers ticked as
    flexible credits; ``max_steps``: the allocation search budget. Releases the GIL."""
    if isinstance(rules, RuleSet):
        chosen = rules
    else:
        found, why = choose_ruleset(rules, subject.profile)
        if found is None:
            raise _usage_error(f"{_rules_name(rules)}: {why}")
        chosen = found
    return AuditResult(_core.audit(chosen, subject, make_options(as_of, selected, max_steps)))


def audit_many(rules: Rules, subjects: Sequence[Subject], *, as_of: TermLike = None, selected: Iterable[str] = (),
               max_steps: int = 0, jobs: int = 0) -> List[BatchItem]:
    """Audits every subject on ``jobs`` threads (0: one per core) without the GIL; results in the
    order of ``subjects``. A subject no rule set applies to gets ``error`` instead of ``result``."""
    options = make_options(as_of, selected, max_steps)
    return [BatchItem(i) for i in _core.audit_many(_rulesets(rules), list(subjects), options, jobs)]


def check(rules: Rules, records: PathLike, student: Optional[PathLike] = None, *, id: Optional[str] = None,
          as_of: TermLike = None, select: Iterable[str] = (), encoding: str = "utf-8",
          max_steps: int = 0) -> AuditResult:
    """``libaudit check``: one student's files audited against a rule file or folder. Raises as the CLI
    fails: :class:`RuleError`, :class:`InputError` (also U001: several students and no ``id``, or no
    rule set applies), :class:`IoError`."""
    subjects = _read_subjects(records, student, encoding)
    if id is not None:
        subjects = [s for s in subjects if s.profile.subject_id == id]
        if not subjects:
            raise _usage_error(f"--id {id}: no records for this student in {os.fspath(records)}")
    if not subjects:
        raise _usage_error(f"{os.fspath(records)} holds no records")
    if len(subjects) > 1:
        ids = " ".join(s.profile.subject_id for s in subjects[:5])
        more = " ..." if len(subjects) > 5 else ""
        raise _usage_error(f"{os.fspath(records)} holds records of {len(subjects)} students ({ids}{more}); "
                           "choose one with --id")
    return audit(rules, subjects[0], as_of=as_of, selected=select, max_steps=max_steps)


def batch(rules: Rules, records: PathLike, profiles: Optional[PathLike] = None, *, as_of: TermLike = None,
          encoding: str = "utf-8", max_steps: int = 0, jobs: int = 0) -> List[BatchItem]:
    """``libaudit batch``: every student in the files, in parallel, results in input order."""
    subjects = _read_subjects(records, profiles, encoding)
    return audit_many(rules, subjects, as_of=as_of, max_steps=max_steps, jobs=jobs)


def render_text(result: AuditResult, lang: str = "zh-TW", *, unmask_ids: bool = False) -> str:
    """The CLI's terminal report."""
    return result.to_text(lang, unmask_ids=unmask_ids)


def render_json(result: AuditResult, *, unmask_ids: bool = False, compact: bool = False) -> str:
    """The CLI's JSON (docs/result-schema.md)."""
    return result.to_json(unmask_ids=unmask_ids, compact=compact)


def exit_code(status: str) -> int:
    """The CLI's exit code for a status name."""
    return _core.exit_code(status)


# --- helpers -------------------------------------------------------------------------------------

def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _rulesets(rules: Rules) -> List[RuleSet]:
    if isinstance(rules, RuleSet):
        return [rules]
    if isinstance(rules, (str, os.PathLike)):
        return load_rulesets(rules)
    return list(rules)


def _rules_name(rules: Rules) -> str:
    if isinstance(rules, (str, os.PathLike)):
        return os.fspath(rules)
    return "rules"


def _usage_error(message: str) -> InputError:
    """What the CLI reports as U001 (a usage problem: no rule set applies, several students ...)."""
    diagnostic = Diagnostic("U001", message)
    return InputError(str(diagnostic), [diagnostic])


def _read_subjects(records: PathLike, profiles: Optional[PathLike], encoding: str) -> List[Subject]:
    found = read_record_file(records, encoding)
    # A separate profile file wins over a profile embedded in a JSON transcript (as in the CLI).
    people = found.profiles if profiles is None else read_profiles(profiles, encoding)
    return group_subjects(found.records, people)
