"""Audits on a Dask cluster, partition by partition (``import libaudit.dask``; needs python3-distributed).

The records are shuffled so that every subject's records are in one partition, then each partition
is audited on a worker exactly as :func:`libaudit.pandas.audit_frame` audits a frame. The rule files
are read once on the client and sent to the workers as text, so workers need the libaudit package
but not the rule files. See docs/python.md for running it on a real cluster.
"""
from __future__ import annotations

import functools
import os
from typing import Any, Dict, Iterable, Optional, Tuple, Union

import dask.dataframe as dd
import pandas as pd

from . import RuleSet, _core, load_ruleset_from_string, make_options, rule_files
from . import pandas as lpd

__all__ = ["audit_dask", "read_rules"]

#: Column names that may hold the subject id, tried in order (docs/records.md): students' and, for
#: teachers' sessions, the national ID or staff number.
SUBJECT_COLUMNS = ("student_id", "學號", "教師編號", "身分證字號", "身分證統一編號", "subject_id")

RuleTexts = Tuple[Tuple[str, str], ...]

#: Each row's number in the whole frame (position + 2, as in the single-frame API), carried through
#: the shuffle so that results and errors name the same rows as libaudit.pandas would.
ROW = "__libaudit_row__"


def read_rules(rules: Union[str, "os.PathLike[str]", Dict[str, str]]) -> RuleTexts:
    """Rule files (a file or folder path, or a mapping name -> YAML text) as (name, text) pairs to ship
    to the workers. Names keep the file paths, so diagnostics still name the files."""
    if isinstance(rules, dict):
        return tuple(sorted(rules.items()))
    texts = []
    for path in rule_files(os.fspath(rules)):
        with open(path, encoding="utf-8") as f:
            texts.append((path, f.read()))
    return tuple(texts)


@functools.lru_cache(maxsize=8)
def _load(texts: RuleTexts) -> Tuple[RuleSet, ...]:
    # Loaded once per worker process and rule pack; a RuleSet is shared by the worker's threads.
    return tuple(load_ruleset_from_string(text, name) for name, text in texts)


def _subject_column(frame: Any, subject_column: Optional[str]) -> str:
    if subject_column is not None:
        return subject_column
    for name in SUBJECT_COLUMNS:
        if name in frame.columns:
            return name
    raise ValueError(f"no subject id column among {list(frame.columns)}; pass subject_column=")


def _audit_partition(records: pd.DataFrame, profiles: Optional[pd.DataFrame], *, texts: RuleTexts,
                     profile_column: Optional[str], table: str, options: Dict[str, Any], jobs: int,
                     unmask_ids: bool) -> pd.DataFrame:
    if profiles is not None and profile_column is not None:
        # A broadcast profile table: only this partition's subjects go to the reader.
        record_column = _subject_column(records, None)
        profiles = profiles[profiles[profile_column].astype(str).isin(records[record_column].astype(str))]
    if len(records) == 0:
        items = []
    else:
        items = lpd._audit_cores(list(_load(texts)), records, profiles, jobs=jobs, row_column=ROW, **options)
    if table == "summary":
        columns = _core.summary_columns(items, unmask_ids)
    elif table == "detail":
        columns = _core.detail_columns(items, unmask_ids)
    else:
        columns = {"subject_id": [i.subject_id if unmask_ids else _core.mask_if_national_id(i.subject_id)
                                  for i in items],
                   "status": [i.result.status if i.result else "invalid" for i in items],
                   "json": [_core.render_json(i.result, unmask_ids=unmask_ids, compact=True) if i.result else None
                            for i in items],
                   "error": [i.error for i in items]}
    return lpd._typed(pd.DataFrame(columns))


def _numbered(frame: dd.DataFrame) -> dd.DataFrame:
    ones = frame.assign(**{ROW: 1})[ROW]
    return frame.assign(**{ROW: ones.cumsum() + 1})


def audit_dask(rules: Union[str, "os.PathLike[str]", Dict[str, str]], records: dd.DataFrame,
               profiles: Union[pd.DataFrame, dd.DataFrame, None] = None, *, output: str = "summary",
               as_of: Any = None, selected: Iterable[str] = (), max_steps: int = 0, jobs: int = 0,
               unmask_ids: bool = False, subject_column: Optional[str] = None,
               npartitions: Optional[int] = None) -> dd.DataFrame:
    """Audits a long-format records Dask DataFrame partition by partition.

    ``rules``: a rule file or folder (read here, sent to the workers as text) or a mapping name ->
    YAML. ``profiles``: a pandas frame (sent to every partition) or a Dask frame (shuffled by subject
    id like the records). ``output``: "summary" (one row per subject, as
    :func:`libaudit.pandas.summary_frame`), "detail" (one row per requirement) or "json" (subject_id,
    status, the result JSON as ``libaudit batch`` writes it, error). ``jobs``: threads per partition
    (0: one per core, as everywhere; 1 lets Dask's worker threads give the parallelism). Arguments
    in the order of :func:`libaudit.pandas.audit_frame`: rules first. The subject id column is found among
    student_id / 學號 / 教師編號 / 身分證字號 / 身分證統一編號 / subject_id unless ``subject_column`` names it. Rows come in no particular
    order; sort by ``subject_id`` when order matters.
    """
    if isinstance(rules, dd.DataFrame):  # the old order, audit_dask(records, rules): one release more
        import warnings
        warnings.warn("audit_dask(records, rules) is deprecated; use audit_dask(rules, records) as audit_frame",
                      DeprecationWarning, stacklevel=2)
        rules, records = records, rules
    if output not in ("summary", "detail", "json"):
        raise ValueError(f"output: expected 'summary', 'detail' or 'json', got {output!r}")
    texts = read_rules(rules)
    _load(texts)  # invalid rules fail here, on the client, with their location
    make_options(as_of, selected, max_steps)  # a bad as_of fails here too
    options = {"as_of": as_of, "selected": tuple(selected), "max_steps": max_steps}
    column = _subject_column(records, subject_column)
    n = npartitions or records.npartitions
    records = _numbered(records.assign(**{column: records[column].astype(str)}))  # ids hashed alike in both frames
    shuffled = records.shuffle(on=column, npartitions=n)
    profile_column = None
    if profiles is not None:
        profile_column = _subject_column(profiles, None)
        if isinstance(profiles, dd.DataFrame):
            profiles = _numbered(profiles.assign(**{profile_column: profiles[profile_column].astype(str)}))
            profiles = profiles.shuffle(on=profile_column, npartitions=n)
            profile_column = None  # aligned partitions: no filtering needed
        else:
            profiles = profiles.assign(**{ROW: range(2, len(profiles) + 2)})
    meta = _audit_partition(records._meta.drop(columns=[ROW]), None, texts=texts, profile_column=None, table=output,
                            options=options, jobs=jobs, unmask_ids=unmask_ids)
    return shuffled.map_partitions(_audit_partition, profiles, texts=texts, profile_column=profile_column,
                                   table=output, options=options, jobs=jobs, unmask_ids=unmask_ids,
                                   meta=meta, align_dataframes=False)
