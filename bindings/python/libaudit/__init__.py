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

import datetime as _dt
import json
import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _core
from ._core import (  # noqa: F401  (re-exported API)
    AuditException, AuditOptions, CalendarLookup, CheckOptions, DataRow, Dataset, DataTable, Date, DateRange, DateTime, Diagnostic, LintReport,
    LintResult, PasswordPolicy, Profile, Record, RecordFile, RuleSet, RuleTestReport, RuleTestResult,
    SourceLocation, Subject, SubjectReader, Term, forbidden_in_file_name, password_problems, person_id_problem,
    valid_person_id,
    add_days, add_hours, add_months, add_years, ad_to_roc, calendar_year_range, ceil_to_hour, days_between,
    display_width, format_date, format_datetime, format_roc_date, format_term, full_months, lookup_calendar, make_date,
    mask_if_national_id, mask_national_id, pad, roc_to_ad, rule_files, rule_test_files,
    school_year_of, school_year_range, school_years_ending, term_of, term_range,
    valid_email, valid_national_id, valid_passport_name, valid_resident_id, valid_tw_mobile,
)
from .errors import Error, InputError, IoError, RuleError
from .results import Amount, AuditResult, BatchItem, Exclusion, Flag, RecordRef, Requirement, RowReport, RowVerdict, Violation

__version__: str = _core.engine_version
engine_version: str = _core.engine_version
result_schema_id: str = _core.result_schema_id
result_schema_2_id: str = _core.result_schema_2_id

PathLike = Union[str, "os.PathLike[str]"]
#: A rule set, several (the one for each subject's programme and entry year is chosen), or a path
#: to a rule file or folder.
Rules = Union[RuleSet, Sequence[RuleSet], PathLike]
TermLike = Union[Term, str, None]
# A term, or for hours rule sets a day (Date, datetime.date or text such as '2026-07-31').
AsOf = Union[Term, Date, _dt.date, str, None]

__all__ = [
    "AuditException", "read_exceptions", "parse_exceptions", "read_plan", "parse_plan", "AuditOptions", "AuditResult", "Amount", "CalendarLookup", "BatchItem", "Date", "DateRange", "DateTime", "Diagnostic", "Error",
    "Exclusion", "Flag", "InputError", "IoError", "LintReport", "LintResult", "Profile", "Record", "RecordFile",
    "RecordRef", "Requirement", "RowReport", "RowVerdict", "Violation", "RuleError", "RuleSet", "RuleTestReport", "RuleTestResult", "SourceLocation",
    "Subject", "SubjectReader", "Term", "CheckOptions", "DataRow", "Dataset", "DataTable", "PasswordPolicy",
    "audit", "audit_dataset", "audit_many", "batch", "check", "check_data", "expand_template",
    "forbidden_in_file_name", "parse_dataset_input", "parse_size", "password_problems", "person_id_problem",
    "read_dataset", "valid_person_id", "choose_ruleset", "explain", "explain_course", "CourseExplanation",
    "exit_code", "group_subjects",
    "lint", "lint_paths", "lint_ruleset", "lint_ruleset_from_string", "load_ruleset", "load_ruleset_from_string",
    "load_rulesets", "make_options", "parse_profiles", "parse_record_file", "parse_records", "read_profiles",
    "read_record_file", "read_records", "render_json", "render_text", "run_rule_tests", "to_term",
    "add_days", "add_hours", "add_months", "add_years", "ad_to_roc", "calendar_year_range", "ceil_to_hour",
    "days_between", "display_width", "format_date", "format_datetime", "format_roc_date", "format_term",
    "full_months", "lookup_calendar", "make_date", "mask_if_national_id", "mask_national_id", "pad", "parse_date", "parse_datetime", "parse_term",
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


for _struct in (Record, Profile, Subject, AuditOptions, PasswordPolicy, DataRow, DataTable, Dataset, CheckOptions):
    _struct.__repr__ = _struct_repr
    _struct.to_dict = _struct_to_dict


# --- parse helpers: raise ValueError on bad input (``_core``'s return None) ----------------------

def parse_term(text: str) -> Term:
    """'1092', '109-2', '114' ... as a Term; ValueError if ``text`` is not a term."""
    found = _core.parse_term(text)
    if found is None:
        raise ValueError(f"not a term (expected e.g. 1141 or 114-1): {text!r}")
    return found


def parse_date(text: str) -> Date:
    """AD or ROC date text ('2026-07-31', '115/07/31', '民國114年8月1日') as a Date; ValueError if not a date."""
    found = _core.parse_date(text)
    if found is None:
        raise ValueError(f"not a date (expected e.g. 2026-07-31 or 115/07/31): {text!r}")
    return found


def parse_datetime(text: str) -> DateTime:
    """A date, or date and time ('2026-03-25 10:27'), as a DateTime; ValueError if neither."""
    found = _core.parse_datetime(text)
    if found is None:
        raise ValueError(f"not a date or date and time (expected e.g. 2026-03-25 10:27): {text!r}")
    return found


def parse_size(text: str) -> float:
    """'2.5MB', '300 KB' ... as bytes; ValueError if not a size."""
    found = _core.parse_size(text)
    if found is None:
        raise ValueError(f"not a size (expected e.g. 2.5MB): {text!r}")
    return found


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


def choose_ruleset(candidates: Rules, profile: Profile, options: Optional[AuditOptions] = None
                   ) -> Tuple[Optional[RuleSet], str]:
    """The rule set that applies to the profile, or ``(None, why)``; with ``options`` of a what-if
    framework (``as_entry_year``, ``rule_set``; docs/what-if.md), the one they name."""
    return _core.choose_ruleset(_rulesets(candidates), profile, AuditOptions() if options is None else options)


# --- records -------------------------------------------------------------------------------------

def read_records(path: PathLike, encoding: str = "auto") -> List[Record]:
    """Records from a CSV (English or Chinese headers, docs/records.md) or JSON file."""
    return _core.read_records(os.fspath(path), encoding)


def parse_records(content: str, name: str = "<records>", encoding: str = "auto") -> List[Record]:
    """Records from CSV or JSON text; ``name`` (its extension picks the format) stands for the file."""
    return _core.parse_records(content, name, encoding)


def read_record_file(path: PathLike, encoding: str = "auto") -> RecordFile:
    """Records and the profiles a JSON transcript may carry."""
    return _core.read_record_file(os.fspath(path), encoding)


def parse_record_file(content: str, name: str = "<records>", encoding: str = "auto") -> RecordFile:
    """As :func:`read_record_file`, for text; ``name`` stands for the file."""
    return _core.parse_record_file(content, name, encoding)


def read_profiles(path: PathLike, encoding: str = "auto") -> List[Profile]:
    """Profiles (one per subject) from CSV or JSON."""
    return _core.read_profiles(os.fspath(path), encoding)


def parse_profiles(content: str, name: str = "<profiles>", encoding: str = "auto") -> List[Profile]:
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


def read_exceptions(path: PathLike, rules: Optional[Rules] = None) -> List[AuditException]:
    """An exceptions file (YAML or JSON, docs/exceptions.md), as ``--exceptions`` reads it: with
    ``rules``, every requirement id must be one of theirs. Raises :class:`InputError` with located
    problems (nothing is applied from a file with errors), :class:`IoError`."""
    return _core.read_exceptions(os.fspath(path), [] if rules is None else _rulesets(rules))


def parse_exceptions(text: str, name: str = "<exceptions>", rules: Optional[Rules] = None) -> List[AuditException]:
    """:func:`read_exceptions` from text; ``name`` names it in diagnostics."""
    return _core.parse_exceptions(text, name, [] if rules is None else _rulesets(rules))


def read_plan(path: PathLike, encoding: str = "auto", rules: Optional[Rules] = None) -> List[Record]:
    """A planned-courses file (CSV/TSV with the transcript's columns, JSON or YAML records with its keys, no grade;
    docs/what-if.md), as ``--plan`` reads it: every record marked ``planned``. With ``rules`` (a path, a
    :class:`RuleSet` or a list of them), a planned course none of their programme rule sets has is an
    error (P004) unless its row is ticked (``selected``) as a course outside the framework.
    :class:`InputError` (located P0xx/R0xx diagnostics) when the file has an error: nothing of it is used."""
    return _core.read_plan(os.fspath(path), encoding, [] if rules is None else _rulesets(rules))


def parse_plan(content: str, name: str = "<plan>", encoding: str = "auto", rules: Optional[Rules] = None) -> List[Record]:
    """:func:`read_plan` from text; ``name`` names it in diagnostics and tells the format by its
    extension (``.tsv``: tab-separated, ``.yaml``/``.yml``: YAML, ``.json``)."""
    return _core.parse_plan(content, name, encoding, [] if rules is None else _rulesets(rules))


def make_options(as_of: AsOf = None, selected: Iterable[str] = (), max_steps: int = 0,
                 exceptions: Iterable[AuditException] = (), plan: Iterable[Record] = (),
                 as_entry_year: Optional[int] = None, rule_set: str = "") -> AuditOptions:
    """AuditOptions from Python values (see :func:`audit`). ``as_of`` is a term ('114-1', '1141', a
    :class:`Term`) or, for hours rule sets, a day ('2026-07-31', '115/07/31', a :class:`Date`,
    a ``datetime.date``), as the CLI's ``--as-of``; ``exceptions`` from :func:`read_exceptions`;
    ``plan``: planned courses of a what-if audit, from :func:`read_plan`; ``as_entry_year``,
    ``rule_set``: a what-if against another framework, as ``--as-entry-year``, ``--rule-set``."""
    options = AuditOptions(selected=list(selected), max_steps=max_steps, exceptions=list(exceptions),
                           plan=list(plan), as_entry_year=as_entry_year, rule_set=rule_set)
    if as_of is None or isinstance(as_of, Term):
        options.as_of = as_of
    elif isinstance(as_of, Date):
        options.as_of_date = as_of
    elif isinstance(as_of, _dt.date):
        options.as_of_date = Date(as_of.year, as_of.month, as_of.day)
    else:
        text = str(as_of)
        term = _core.parse_term(text)
        day = None if term is not None else _core.parse_date(text)
        if term is None and day is None:
            raise ValueError("as_of: expected a term like 1141 or 114-1, or a date like 2026-07-31 or 115/07/31, "
                             f"got {as_of!r}")
        options.as_of, options.as_of_date = term, day
    return options


def audit(rules: Rules, subject: Subject, *, as_of: AsOf = None, selected: Iterable[str] = (),
          max_steps: int = 0, exceptions: Iterable[AuditException] = (),
          plan: Iterable[Record] = (), as_entry_year: Optional[int] = None, rule_set: str = "") -> AuditResult:
    """Audits one subject. With several rule sets (or a folder), the one for the subject's programme
    and entry year is chosen (:class:`InputError` U001 when none applies). ``as_of``: the audit's term
    (default: the latest on the records); ``selected``: course codes or offering numbers ticked as
    flexible credits; ``max_steps``: the allocation search budget. Releases the GIL."""
    options = make_options(as_of, selected, max_steps, exceptions, plan, as_entry_year, rule_set)
    if isinstance(rules, RuleSet):
        chosen = rules
    else:
        found, why = choose_ruleset(rules, subject.profile, options)
        if found is None:
            raise _usage_message(f"{_rules_name(rules)}: {why}")
        chosen = found
    return AuditResult(_core.audit(chosen, subject, options))


def audit_many(rules: Rules, subjects: Sequence[Subject], *, as_of: AsOf = None, selected: Iterable[str] = (),
               max_steps: int = 0, jobs: int = 0, exceptions: Iterable[AuditException] = (),
               plan: Iterable[Record] = (), as_entry_year: Optional[int] = None, rule_set: str = "") -> List[BatchItem]:
    """Audits every subject on ``jobs`` threads (0: one per core) without the GIL; results in the
    order of ``subjects``. A subject no rule set applies to gets ``error`` instead of ``result``.
    What-if (docs/what-if.md) as :func:`audit`: ``plan`` (rows with a student id for that student
    only), ``as_entry_year`` or ``rule_set`` (every subject against that framework)."""
    options = make_options(as_of, selected, max_steps, exceptions, plan, as_entry_year, rule_set)
    return [BatchItem(i) for i in _core.audit_many(_rulesets(rules), list(subjects), options, jobs)]


def check(rules: Rules, records: Optional[PathLike] = None, student: Optional[PathLike] = None, *,
          data: Union[PathLike, Iterable[PathLike], None] = None, id: Optional[str] = None, as_of: Any = None,
          selected: Iterable[str] = (), encoding: str = "auto", max_steps: int = 0,
          select: Optional[Iterable[str]] = None, exceptions: Optional[PathLike] = None,
          plan: Optional[PathLike] = None, as_entry_year: Optional[int] = None, rule_set: str = "") -> AuditResult:
    """``libaudit check``: one student's files audited against a rule file or folder (``exceptions``:
    an exceptions file, as ``--exceptions``, docs/exceptions.md; ``plan``: a planned-courses file, as
    ``--plan``, docs/what-if.md; ``as_entry_year``, ``rule_set``: another framework, as ``--as-entry-year``,
    ``--rule-set``), or with ``data``
    a checks rule set's tables (see :func:`check_data`). Raises as the CLI fails:
    :class:`RuleError`, :class:`InputError` (also U001: several students and no ``id``, no rule set
    applies ...), :class:`IoError`. ``select=`` is a deprecated alias of ``selected=``."""
    if select is not None:
        import warnings
        warnings.warn("check(select=...) is deprecated; use selected=", DeprecationWarning, stacklevel=2)
        selected = select
    if data is not None:
        if records is not None:
            raise _usage_error("records_and_data")
        return check_data(rules, data, id=id, as_of=as_of, encoding=encoding)
    if records is None:
        raise _usage_error("records_required")
    chosen = _rulesets(rules)
    found = () if exceptions is None else read_exceptions(exceptions, chosen)
    planned = () if plan is None else read_plan(plan, encoding, chosen)
    options = make_options(as_of, selected, max_steps, found, planned, as_entry_year, rule_set)
    # The library's check (libaudit/app.hpp), as the CLI runs it: reading, choosing, auditing.
    return AuditResult(_core.check_records(chosen, _rules_name(rules), os.fspath(records),
                                           "" if student is None else os.fspath(student), id or "", options,
                                           encoding))


class CourseExplanation:
    """``libaudit explain RULES --course CODE`` (docs/what-if.md): the requirements that would accept
    a course and, for a student, where it counts, would count if taken, or why nowhere. ``data`` is
    the JSON document (``accepting``: the requirements; ``student``: the placement, with ``state``
    counted / would_count / nowhere, ``requirement``, ``reason``, ``attempts``)."""

    __slots__ = ("_core", "_data")

    def __init__(self, core: "_core.CourseExplanation") -> None:
        self._core = core
        self._data: Optional[Dict[str, Any]] = None

    @property
    def data(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = json.loads(self._core.to_json("en"))
        return self._data

    @property
    def accepting(self) -> List[str]:
        """The ids of the requirements that would accept the course, in tree order."""
        return [a["id"] for a in self.data["accepting"]]

    @property
    def student(self) -> Optional[Dict[str, Any]]:
        return self.data.get("student")

    def to_text(self, lang: str = "zh-TW", *, unmask_ids: bool = False) -> str:
        return self._core.to_text(lang, unmask_ids)

    def to_json(self, lang: str = "zh-TW", *, unmask_ids: bool = False) -> str:
        return self._core.to_json(lang, unmask_ids)


def explain_course(rules: Rules, course: str, records: Optional[PathLike] = None,
                   student: Optional[PathLike] = None, *, subject: Optional[Subject] = None, id: Optional[str] = None,
                   as_of: AsOf = None, selected: Iterable[str] = (), encoding: str = "auto", max_steps: int = 0,
                   exceptions: Optional[PathLike] = None, plan: Optional[PathLike] = None,
                   as_entry_year: Optional[int] = None, rule_set: str = "") -> CourseExplanation:
    """``libaudit explain RULES --course CODE``: which requirements of a programme rule set would
    accept ``course``; with a student's files (``records``, ``student``, as :func:`check`) or a
    ``subject``, where it counts for that student, would count if taken, or why nowhere, against the
    rule set :func:`check` would use (what-if options and exceptions included). A folder without a
    student: its one programme rule set, or the one ``rule_set`` names (:class:`InputError` U001 for
    another kind)."""
    sets = _rulesets(rules)
    found = () if exceptions is None else read_exceptions(exceptions, sets)
    planned = () if plan is None else read_plan(plan, encoding, sets)
    options = make_options(as_of, selected, max_steps, found, planned, as_entry_year, rule_set)
    if records is not None:
        return CourseExplanation(_core.explain_course_records(
            sets, _rules_name(rules), os.fspath(records), "" if student is None else os.fspath(student), id or "",
            options, encoding, course))
    if subject is not None:
        if isinstance(rules, RuleSet):
            chosen = rules
        else:
            chosen, why = choose_ruleset(sets, subject.profile, options)
            if chosen is None:
                raise _usage_message(f"{_rules_name(rules)}: {why}")
        return CourseExplanation(_core.explain_course_subject(chosen, course, subject, options))
    if student is not None:
        raise _usage_error("records_required")
    programmes = [r for r in sets if r.kind == "programme" and (not rule_set or r.id == rule_set)]
    if len(programmes) != 1:
        ids = ", ".join(r.id for r in sets)
        if len(sets) == 1:
            return CourseExplanation(_core.explain_course(sets[0], course))  # U001 for another kind
        raise _usage_message(f"{_rules_name(rules)}: name one rule set with rule_set= (the rule sets here: {ids})")
    return CourseExplanation(_core.explain_course(programmes[0], course))


def check_data(rules: Rules, data: Union[PathLike, Iterable[PathLike]], *, id: Optional[str] = None,
               as_of: Union[DateTime, str, None] = None, encoding: str = "auto") -> AuditResult:
    """``libaudit check RULES --data …``: a ``kind: checks`` rule set (settings, windows, accounts …)
    over its tables. ``data``: paths, each ``path`` or ``table=path`` (docs/checks-language.md);
    ``id`` names the dataset; ``as_of``: "now" for deadline rules ('2026-03-25 10:27')."""
    sets = _rulesets(rules)
    _core.choose_checks_ruleset(sets, _rules_name(rules))  # U001 before a bad as_of, as in the CLI
    when = as_of
    if isinstance(as_of, str):
        when = _core.parse_datetime(as_of)
        if when is None:
            raise _usage_error("as_of_time", got=as_of)
    return AuditResult(_core.check_data(sets, _rules_name(rules), _paths(data), id or "", CheckOptions(as_of=when),
                                        encoding))


def read_dataset(rules: RuleSet, inputs: Union[PathLike, Iterable[PathLike]], encoding: str = "auto") -> Dataset:
    """The tables of a checks rule set from files: JSON with a key per table, or CSV per table
    (``table=path`` names the table). Raises :class:`InputError` with located problems."""
    return _core.read_dataset(rules, _paths(inputs), encoding)


def parse_dataset_input(rules: RuleSet, content: str, name: str, into: Dataset, table: str = "",
                        encoding: str = "auto") -> Dataset:
    """Adds one input given as text to ``into`` (``name`` for locations; ``table`` names a CSV's table)."""
    _core.parse_dataset_input(rules, content, name, table, into, encoding)
    return into


def audit_dataset(rules: RuleSet, data: Dataset, *, as_of: Optional[DateTime] = None) -> AuditResult:
    """Evaluates a checks rule set over a dataset; violations are in ``result.violations``."""
    return AuditResult(_core.audit_dataset(rules, data, CheckOptions(as_of=as_of)))


def expand_template(template: str, fields: Any) -> str:
    """Fills "{national_id|upper}{birth_date|mmdd}" from a mapping (or a function name -> value);
    ValueError says what is missing or wrong."""
    get = fields if callable(fields) else (lambda name: fields.get(name))
    value, problem = _core.expand_template(template, lambda name: None if get(name) is None else str(get(name)))
    if value is None:
        raise ValueError(problem or f"cannot fill {template!r}")
    return value


def batch(rules: Rules, records: PathLike, profiles: Optional[PathLike] = None, *, as_of: AsOf = None,
          selected: Iterable[str] = (), encoding: str = "auto", max_steps: int = 0, jobs: int = 0,
          on_item: Optional[Callable[[BatchItem], Any]] = None, plan: Optional[PathLike] = None,
          exceptions: Optional[PathLike] = None, as_entry_year: Optional[int] = None,
          rule_set: str = "") -> List[BatchItem]:
    """``libaudit batch``: every student in the files, in parallel, in input order. A records file
    grouped by student is streamed, never held whole. A student whose rows are bad gets
    ``problems`` (located diagnostics) instead of a result, as in the CLI. With ``on_item``, each
    item is passed to it as it is done and the list returned is empty (for cohorts of any size).
    ``plan``: a planned-courses file, as ``--plan``; ``as_entry_year``, ``rule_set``: another framework,
    as ``--as-entry-year``, ``--rule-set`` (docs/what-if.md); ``exceptions``: an exceptions file, as
    ``--exceptions`` (docs/exceptions.md)."""
    sets = _rulesets(rules)
    planned = () if plan is None else read_plan(plan, encoding, sets)
    found = () if exceptions is None else read_exceptions(exceptions, sets)
    people = [] if profiles is None else read_profiles(profiles, encoding)
    items: List[BatchItem] = []
    emit = (lambda item: on_item(BatchItem(item))) if on_item else (lambda item: items.append(BatchItem(item)))
    options = make_options(as_of, selected, max_steps, found, planned, as_entry_year, rule_set)
    _core.batch_file(sets, os.fspath(records), people, encoding, options, jobs, emit)
    return items


def render_text(result: AuditResult, lang: str = "zh-TW", *, unmask_ids: bool = False) -> str:
    """The CLI's terminal report."""
    return result.to_text(lang, unmask_ids=unmask_ids)


def render_json(result: AuditResult, *, unmask_ids: bool = False, compact: bool = False, result_schema: int = 1) -> str:
    """The CLI's JSON (docs/result-schema.md); result_schema 2 as ``--result-schema 2``."""
    return result.to_json(unmask_ids=unmask_ids, compact=compact, result_schema=result_schema)


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


def _usage_error(key: str, **params: str) -> InputError:
    """What the CLI reports as U001 (a usage problem: --records and --data together ...): the
    catalogue entry usage.<key>, in the default language (LIBAUDIT_LANG, else zh-TW)."""
    diagnostic = _core.usage_problem(key, params)
    return InputError(diagnostic.format(with_source=False), [diagnostic])


def _usage_message(message: str) -> InputError:
    """U001 with a message of its own (why no rule set applies, from choose_ruleset)."""
    diagnostic = Diagnostic("U001", message)
    return InputError(str(diagnostic), [diagnostic])
