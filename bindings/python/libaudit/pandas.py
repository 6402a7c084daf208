"""Audits of whole cohorts as pandas DataFrames (``import libaudit.pandas``; needs python3-pandas).

Input is long format: a records frame with one row per course (or session), columns as in a CSV
transcript (English or Chinese names, docs/records.md: 學號, 科目代碼, 學年期, 學分, 成績 ...), and an
optional profile frame with one row per student or teacher. Both are read by the library's own
readers, so the column names, values and errors are those of the CLI; in an error the line of a
row is its position + 2 (line 1 is the header), e.g. ``<records DataFrame>:5:6`` is the fourth row.

Output: a summary frame (one row per subject: status, exit code, the root requirement's credit
figures, flag codes) and a detail frame (one row per requirement of every subject). Auditing runs
in C++ on every core without the GIL. :func:`check_frames` runs a ``kind: checks`` rule set over
tables given as frames.
"""
from __future__ import annotations

from typing import Any, Iterable, List, Mapping, NamedTuple, Optional, Sequence

import pandas as pd

from . import Dataset, _core, _rulesets, audit_dataset, check_data, make_options, parse_dataset_input
from .results import AuditResult, BatchItem

__all__ = ["AuditFrames", "CheckFrames", "audit_frame", "check_frames", "summary_frame", "detail_frame",
           "frame_to_csv"]

RECORDS_NAME = "<records DataFrame>"
PROFILES_NAME = "<profiles DataFrame>"


class AuditFrames:
    """What :func:`audit_frame` returns. ``detail`` and ``items`` are built on first use."""

    def __init__(self, summary: pd.DataFrame, cores: List["_core.BatchItem"], unmask_ids: bool = False) -> None:
        self.summary: pd.DataFrame = summary  #: one row per subject
        self._cores = cores
        self._unmask_ids = unmask_ids
        self._detail: Optional[pd.DataFrame] = None
        self._items: Optional[List[BatchItem]] = None

    @property
    def detail(self) -> pd.DataFrame:
        """One row per requirement of each subject with a result."""
        if self._detail is None:
            self._detail = _typed(pd.DataFrame(_core.detail_columns(self._cores, self._unmask_ids)))
        return self._detail

    @property
    def items(self) -> List[BatchItem]:
        """The full results, in the order of the summary's rows."""
        if self._items is None:
            self._items = [BatchItem(i) for i in self._cores]
        return self._items

    def __repr__(self) -> str:
        counts = self.summary.status.value_counts()
        return f"<AuditFrames {len(self.summary)} subjects: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + ">"


def frame_to_csv(frame: pd.DataFrame) -> str:
    """A frame as CSV text for the library's readers: a named index becomes a column, missing values
    empty cells, whole-number float columns (an int column with gaps) integers, booleans true/false."""
    if frame.index.name is not None or isinstance(frame.index, pd.MultiIndex):
        frame = frame.reset_index()
    fixed = {}
    for name, column in frame.items():
        if pd.api.types.is_float_dtype(column.dtype):
            values = column.dropna()
            if len(values) and (values == values.round()).all():
                fixed[name] = column.astype("Int64")
    columns = []
    for name, column in frame.items():
        column = fixed.get(name, column)
        if not pd.api.types.is_object_dtype(column.dtype):
            column = column.astype(object)
        if column.isna().any():  # NaN, None, pd.NA, NaT: empty cells
            column = column.where(column.notna(), None)
        columns.append(column.tolist())
    return _core.csv_text([str(name) for name in frame.columns], columns)


def summary_frame(items: Sequence[BatchItem], *, unmask_ids: bool = False) -> pd.DataFrame:
    """One row per subject: subject_id (masked when it is a national ID), name, national_id (masked),
    programme, entry_year, ruleset, as_of (a term, or a day for hours rule sets), status, exit_code,
    required/earned/pending/remaining_credits, role and required/earned/pending/remaining_hours
    (hours rule sets: remaining_hours is how many hours a teacher is short), flag_codes (each code
    once, joined by ";"), error (why no rule set applies)."""
    return _typed(pd.DataFrame(_core.summary_columns([_core_item(i) for i in items], unmask_ids)))


def detail_frame(items: Sequence[BatchItem], *, unmask_ids: bool = False) -> pd.DataFrame:
    """One row per requirement: subject_id, requirement (id), parent, depth, title, kind, status,
    shared, <amount>_<measure> (required_credits, earned_courses ...), counted (records counted)."""
    return _typed(pd.DataFrame(_core.detail_columns([_core_item(i) for i in items], unmask_ids)))


def audit_frame(rules: Any, records: pd.DataFrame, profiles: Optional[pd.DataFrame] = None, *,
                as_of: Any = None, selected: Iterable[str] = (), max_steps: int = 0, jobs: int = 0,
                unmask_ids: bool = False) -> AuditFrames:
    """Audits every subject of a long-format records frame (and its profiles) against ``rules``
    (a rule set, a list, or a rule file/folder path). A subject with a bad row is ``invalid`` (its
    ``error`` says where, as ``<records DataFrame>:line:column``), as in :func:`libaudit.batch`; the
    others are audited."""
    items = _audit_cores(rules, records, profiles, as_of=as_of, selected=selected, max_steps=max_steps, jobs=jobs)
    return AuditFrames(_typed(pd.DataFrame(_core.summary_columns(items, unmask_ids))), items, unmask_ids)


class CheckFrames(NamedTuple):
    """What :func:`check_frames` returns."""

    result: AuditResult        #: the full result (JSON and text as the CLI's)
    violations: pd.DataFrame   #: one row per broken rule: rule, severity, table, field, value, line ...
    computed: pd.DataFrame     #: values the rule set filled in where the input left them blank


def check_frames(rules: Any, tables: Mapping[str, pd.DataFrame], *, name: str = "", as_of: Any = None
                 ) -> CheckFrames:
    """A ``kind: checks`` rule set (a RuleSet, or a path holding exactly one) over tables given as
    DataFrames (table name -> frame; columns as in the CSV files: field names, titles or aliases, or
    by position for tables with ``columns:``).
    A violation's ``file`` is ``<table DataFrame>`` and its ``line`` the row's position + 2."""
    if isinstance(rules, _core.RuleSet):
        ruleset = rules
    else:  # the same choice and messages as check_data
        found = [r for r in _rulesets(rules) if r.kind == "checks"]
        ruleset = found[0] if len(found) == 1 else None
        if ruleset is None:
            check_data(rules, [])  # raises the CLI's U001 error
    dataset = Dataset(name=name)
    for table, frame in tables.items():
        parse_dataset_input(ruleset, frame_to_csv(frame), f"<{table} DataFrame>", dataset, table=table)
    when = _core.parse_datetime(as_of) if isinstance(as_of, str) else as_of
    if isinstance(as_of, str) and when is None:
        raise ValueError(f"as_of: expected a date or date and time like 2026-03-25 10:27, got {as_of!r}")
    result = audit_dataset(ruleset, dataset, as_of=when)
    data = result.to_dict()
    return CheckFrames(result, pd.DataFrame(data.get("violations", [])), pd.DataFrame(data.get("computed", [])))


def _audit_cores(rules: Any, records: pd.DataFrame, profiles: Optional[pd.DataFrame], *, as_of: Any,
                 selected: Iterable[str], max_steps: int, jobs: int, row_column: Optional[str] = None
                 ) -> List["_core.BatchItem"]:
    """``row_column``: a column of both frames giving each row's number (then dropped); default:
    position + 2, the row's line in the frame written as CSV."""
    options = make_options(as_of, selected, max_steps)

    def split(frame: Optional[pd.DataFrame]) -> Any:
        if frame is None or row_column is None:
            return frame, None
        return frame.drop(columns=[row_column]), [int(v) for v in frame[row_column]]

    (records, record_rows), (profiles, profile_rows) = split(records), split(profiles)
    profile_text = None if profiles is None else frame_to_csv(profiles)
    return _core.audit_text(_rulesets(rules), frame_to_csv(records), RECORDS_NAME, profile_text, PROFILES_NAME,
                            options, jobs, record_rows, profile_rows)


def _core_item(item: Any) -> "_core.BatchItem":
    if isinstance(item, _core.BatchItem):
        return item
    if isinstance(item, BatchItem):
        return item.core
    raise TypeError("summary_frame/detail_frame take the items of audit_frame(...).items or libaudit.audit_many")


# Column types by name, so that empty frames (and Dask's meta) have the same dtypes as full ones.
_MEASURES = ("_credits", "_courses", "_semesters", "_hours")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    types = {}
    for name in frame.columns:
        if name.endswith(_MEASURES):
            types[name] = "float64"
        elif name in ("exit_code", "depth", "counted"):
            types[name] = "int64"
        elif name == "entry_year":
            types[name] = "Int64"
        elif name == "shared":
            types[name] = "bool"
        else:
            types[name] = "object"
    return frame.astype(types)
