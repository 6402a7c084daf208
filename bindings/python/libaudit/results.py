"""Audit results as Python objects.

An :class:`AuditResult` wraps the C++ result. Its JSON (:meth:`AuditResult.to_json`) and text
(:meth:`AuditResult.to_text`) come from the same renderers as the CLI's ``--format json`` and
terminal report, byte for byte; :meth:`AuditResult.to_dict` is that JSON parsed, and the attribute
views (requirements, flags, excluded) read it, so every field of the result schema
(docs/result-schema.md) is there, including fields added later.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional

from . import _core

__all__ = ["AuditResult", "BatchItem", "Requirement", "StillNeeded", "CourseOption", "Flag", "Exclusion", "RecordRef", "Amount", "View", "Violation",
           "RowReport", "RowVerdict"]


class View:
    """Read-only attribute access to one object of the result JSON (``view.id`` is ``d["id"]``)."""

    __slots__ = ("_d",)
    _nested: Dict[str, type] = {}
    _lists: Dict[str, type] = {}

    def __init__(self, data: Dict[str, Any]) -> None:
        self._d = data

    def __getattr__(self, name: str) -> Any:
        try:
            value = self._d[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None
        if name in self._lists:
            return [self._lists[name](v) for v in value]
        if name in self._nested and isinstance(value, dict):
            return self._nested[name](value)
        return value

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._d))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._d == self._d  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """The object as in the result JSON."""
        return self._d

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._d!r})"


class Amount(View):
    """Amounts of a requirement by measure: ``credits``, ``courses``, ``semesters``, ``hours`` (absent = not measured)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return self._d.get(name) if not name.startswith("_") else super().__getattr__(name)

    def __repr__(self) -> str:
        return "Amount(" + ", ".join(f"{k}={v:g}" for k, v in self._d.items()) + ")"


class RecordRef(View):
    """A record as cited in a result: code, offering, title, term, credits, grade, in_progress, row;
    training sessions also have ``date`` and ``hours`` (the hours counted)."""

    __slots__ = ()
    code: str
    offering: str
    title: str
    term: Optional[str]
    credits: float
    grade: str
    in_progress: bool
    row: int
    date: Optional[str]
    hours: Optional[float]

    @property
    def planned(self) -> bool:
        """A planned course of a what-if audit (docs/what-if.md); False for every other record."""
        return bool(self._d.get("planned", False))

    def __repr__(self) -> str:
        d = self._d
        if "hours" in d:  # a training session
            return f"<RecordRef {d.get('date')} {d.get('code')} {d.get('title', '')} ({d['hours']:g} h)>"
        return f"<RecordRef [{d.get('offering', '')}] ({d.get('term')}) {d.get('code')} {d.get('title', '')} ({d.get('credits', 0):g})>"


class CourseOption(View):
    """A course that would count towards a requirement still needed: code, title, credits, and
    ``placed_in`` (the requirement it counts in now) for a course the student could move."""

    __slots__ = ()
    code: str
    title: str
    credits: float

    def __getattr__(self, name: str) -> Any:
        if name in ("placed_in", "title_en") and name not in self._d:
            return None
        return super().__getattr__(name)

    def __repr__(self) -> str:
        moved = f" from {self._d['placed_in']}" if "placed_in" in self._d else ""
        return f"<CourseOption {self._d.get('code')} {self._d.get('title', '')} ({self._d.get('credits', 0):g}){moved}>"


class StillNeeded(View):
    """What a requirement not met (or met only pending) still needs (docs/result-schema.md, still_needed):
    ``missing`` and ``awaiting`` amounts, the sub-``requirements`` it waits on (``choose`` of them),
    the ``courses`` that would count there, hours ``categories``, and ``text`` in the chosen language."""

    __slots__ = ()
    _nested = {"missing": Amount, "awaiting": Amount}
    _lists = {"courses": CourseOption}
    missing: Amount
    awaiting: Amount
    requirements: List[str]
    choose: int
    courses: List[CourseOption]
    text: str

    def __getattr__(self, name: str) -> Any:
        if name == "categories" and name not in self._d:
            return []
        return super().__getattr__(name)

    def __repr__(self) -> str:
        return f"<StillNeeded {self._d.get('text', '')!r}>"


class Requirement(View):
    """One requirement: id, title, kind, status, required/earned/pending/remaining/maximum, counted, children;
    ``still_needed`` (a :class:`StillNeeded`, None when nothing is owed) and ``not_needed`` (a branch of
    a met either-or requirement)."""

    __slots__ = ()
    _nested = {**{k: Amount for k in ("required", "earned", "pending", "remaining", "maximum")},
               "still_needed": StillNeeded}
    _lists = {"counted": RecordRef}
    id: str
    title: str
    kind: str
    status: str
    shared: bool
    required: Amount
    earned: Amount
    pending: Amount
    remaining: Amount
    maximum: Amount
    counted: List[RecordRef]
    children: List["Requirement"]
    still_needed: Optional[StillNeeded]
    not_needed: bool

    def __getattr__(self, name: str) -> Any:
        if name in ("still_needed", "not_needed") and name not in self._d:
            return None if name == "still_needed" else False
        return super().__getattr__(name)

    def walk(self) -> Iterator["Requirement"]:
        """This requirement and every requirement below it, in tree order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def __repr__(self) -> str:
        figures = " ".join(f"{k}={Amount(self._d[k])!r}" for k in ("required", "earned", "pending", "remaining")
                           if self._d.get(k))
        return f"<Requirement {self._d.get('id')} {self._d.get('title', '')!r} {self._d.get('status')} {figures}>"


Requirement._lists = {"counted": RecordRef, "children": Requirement}


class Flag(View):
    """A finding that is not a requirement: code, severity, requirement, field, detail."""

    __slots__ = ()
    code: str
    severity: str
    detail: str

    def __repr__(self) -> str:
        return f"<Flag {self._d.get('code')} ({self._d.get('severity')}): {self._d.get('detail', '')}>"


class Exclusion(View):
    """A record that does not count, with the reason code (failed, withdrawn, over_cap ...)."""

    __slots__ = ()
    _nested = {"record": RecordRef}
    record: RecordRef
    reason: str
    detail: str

    def __repr__(self) -> str:
        r = self._d.get("record", {})
        return f"<Exclusion {r.get('code')} ({r.get('term')}): {self._d.get('reason')}>"


class Violation(View):
    """A checks rule broken by a row (or group): rule, kind, severity, table, field, value, expected,
    detail, file, line, column, path, message (the rule's advice; "" when it has none)."""

    __slots__ = ()
    rule: str
    severity: str
    table: str
    field: str
    value: str
    expected: str
    detail: str
    file: str
    line: int

    @property
    def message(self) -> str:
        return self._d.get("message", "")

    def __repr__(self) -> str:
        d = self._d
        where = f"{d.get('file')}:{d.get('line')}" if d.get("file") else d.get("table", "")
        return f"<Violation {d.get('rule')} ({d.get('severity')}) at {where}: {d.get('detail', '')}>"


class RowVerdict(View):
    """One input row of a ``report: rows`` table that was rejected (or accepted with a note): file,
    line, path (JSON/XML), accepted, values (field -> value as given, IDs masked unless
    ``to_dict(unmask_ids=True)``) and reasons (rule, kind, title, title_en, field, severity,
    expected, detail: one per violation of the row)."""

    __slots__ = ()
    file: str
    line: int
    path: str
    accepted: bool
    values: Dict[str, str]
    reasons: List[Dict[str, Any]]

    def __repr__(self) -> str:
        d = self._d
        rules = ",".join(r.get("rule", "") for r in d.get("reasons", []))
        return f"<RowVerdict {d.get('file')}:{d.get('line')} {'accepted' if d.get('accepted') else 'rejected'} ({rules})>"


class RowReport(View):
    """Verdicts on a ``report: rows`` table's input rows (an attendee-list upload): table, title,
    rows, accepted, rejected, and verdicts (the rejected rows and the accepted ones with notes)."""

    __slots__ = ()
    _lists = {"verdicts": RowVerdict}
    table: str
    title: str
    rows: int
    accepted: int
    rejected: int
    verdicts: List[RowVerdict]

    def __repr__(self) -> str:
        d = self._d
        return f"<RowReport {d.get('table')}: {d.get('rows')} rows, {d.get('accepted')} accepted, {d.get('rejected')} rejected>"


class _Detached:
    """What an unpickled AuditResult reads instead of the C++ result: its facts and the renderers'
    output (every language and masking), so that to_json, to_text and to_dict give the same bytes."""

    def __init__(self, facts: Dict[str, Any], json_texts: Dict[Any, str], texts: Dict[Any, str]) -> None:
        self.__dict__.update(facts)
        self.json_texts = json_texts
        self.texts = texts


_LANGS = ("zh-TW", "en")


def _render_json(core: Any, unmask_ids: bool, compact: bool, result_schema: int = 1) -> str:
    if result_schema not in (1, 2):
        raise ValueError(f"result_schema: expected 1 or 2, got {result_schema!r}")
    if isinstance(core, _Detached):
        key = (bool(unmask_ids), bool(compact)) if result_schema == 1 else (bool(unmask_ids), bool(compact), 2)
        return core.json_texts[key]
    return _core.render_json(core, unmask_ids=unmask_ids, compact=compact, result_schema=result_schema)


def _render_text(core: Any, lang: str, unmask_ids: bool) -> str:
    if isinstance(core, _Detached):
        key = ("zh-TW" if lang in ("zh-TW", "zh_TW", "zh") else lang, bool(unmask_ids))
        if key not in core.texts:
            raise ValueError(f"lang: expected 'zh-TW' or 'en', got '{lang}'")
        return core.texts[key]
    return _core.render_text(core, lang=lang, unmask_ids=unmask_ids)


def _restore_result(facts: Dict[str, Any], json_texts: Dict[Any, str], texts: Dict[Any, str]) -> "AuditResult":
    return AuditResult(_Detached(facts, json_texts, texts))  # type: ignore[arg-type]


def _restore_item(subject_id: str, result: Optional["AuditResult"], error: str, problems: List[Any]) -> "BatchItem":
    item = BatchItem.__new__(BatchItem)
    item.core = None
    item.subject_id, item.result, item.error, item.problems = subject_id, result, error, problems
    return item


class AuditResult:
    """The result of auditing one subject (picklable, for Dask and multiprocessing: an unpickled
    result renders and reads as the original; its ``core`` is then a detached copy).

    ``status`` is one of met, met_pending, not_met, needs_review, invalid; ``exit_code`` the CLI's exit
    code for it. National IDs are masked unless ``unmask_ids=True`` is passed to the renderers.
    """

    __slots__ = ("_core", "_dicts")

    def __init__(self, core: "_core.AuditResult") -> None:
        self._core = core
        self._dicts: Dict[bool, Dict[str, Any]] = {}

    @property
    def core(self) -> "_core.AuditResult":
        """The underlying C++ result."""
        return self._core

    @property
    def status(self) -> str:
        return self._core.status

    @property
    def exit_code(self) -> int:
        """0 met, 1 not met, 2 invalid, 4 met pending, 5 needs review (as the CLI)."""
        return self._core.exit_code

    @property
    def subject_id(self) -> str:
        return self._core.subject_id

    @property
    def name(self) -> str:
        return self._core.subject_name

    @property
    def ruleset_id(self) -> str:
        return self._core.ruleset_id

    @property
    def as_of(self) -> Optional[str]:
        """The audit's term as text ('114-1'), for hours rule sets its day ('2026-07-31'), or None."""
        t = self._core.as_of if self._core.as_of is not None else self._core.as_of_date
        return None if t is None else str(t)

    @property
    def flag_codes(self) -> List[str]:
        return list(self._core.flag_codes)

    def to_json(self, *, unmask_ids: bool = False, compact: bool = False, result_schema: int = 1) -> str:
        """The CLI's ``--format json`` output (compact: one line, as ``batch`` writes); result_schema 2:
        each record once, referred to by index (``--result-schema 2``, docs/result-schema.md)."""
        return _render_json(self._core, unmask_ids, compact, result_schema)

    def to_text(self, lang: str = "zh-TW", *, unmask_ids: bool = False) -> str:
        """The CLI's terminal report, in 'zh-TW' or 'en'."""
        return _render_text(self._core, lang, unmask_ids)

    def __reduce__(self) -> Any:
        c = self._core
        if isinstance(c, _Detached):
            facts = {k: v for k, v in vars(c).items() if k not in ("json_texts", "texts")}
            return (_restore_result, (facts, c.json_texts, c.texts))
        facts = {"status": c.status, "exit_code": c.exit_code, "subject_id": c.subject_id,
                 "subject_name": c.subject_name, "ruleset_id": c.ruleset_id,
                 "as_of": None if c.as_of is None else str(c.as_of),
                 "as_of_date": None if c.as_of_date is None else str(c.as_of_date),
                 "flag_codes": list(c.flag_codes)}
        json_texts: Dict[Any, str] = {(u, k): _core.render_json(c, unmask_ids=u, compact=k)
                                      for u in (False, True) for k in (False, True)}
        json_texts.update({(u, k, 2): _core.render_json(c, unmask_ids=u, compact=k, result_schema=2)
                           for u in (False, True) for k in (False, True)})
        texts = {(lang, u): _core.render_text(c, lang=lang, unmask_ids=u) for lang in _LANGS for u in (False, True)}
        return (_restore_result, (facts, json_texts, texts))

    def to_dict(self, *, unmask_ids: bool = False) -> Dict[str, Any]:
        """The result JSON (docs/result-schema.md) as Python objects."""
        if unmask_ids not in self._dicts:
            self._dicts[unmask_ids] = json.loads(self.to_json(unmask_ids=unmask_ids))
        return self._dicts[unmask_ids]

    @property
    def subject(self) -> Dict[str, Any]:
        """id, name, national_id (masked), programme, entry_year, year_of_study."""
        return self.to_dict()["subject"]

    @property
    def ruleset(self) -> Dict[str, Any]:
        """id, version, title and sha256 of the rule set."""
        return self.to_dict()["ruleset"]

    @property
    def requirements(self) -> List[Requirement]:
        return [Requirement(r) for r in self.to_dict()["requirements"]]

    @property
    def total(self) -> Requirement:
        """The root requirement (id ``total``)."""
        return self.requirements[0]

    def requirement(self, id: str) -> Requirement:
        """The requirement with this id, anywhere in the tree (KeyError if none)."""
        for top in self.requirements:
            for r in top.walk():
                if r.id == id:
                    return r
        raise KeyError(id)

    @property
    def excluded(self) -> List[Exclusion]:
        return [Exclusion(e) for e in self.to_dict()["excluded"]]

    @property
    def flags(self) -> List[Flag]:
        return [Flag(f) for f in self.to_dict()["flags"]]

    @property
    def violations(self) -> List["Violation"]:
        """Checks rule sets: every rule broken by a row or group (rule, table, field, line, value ...)."""
        return [Violation(v) for v in self.to_dict().get("violations", [])]

    @property
    def computed(self) -> List[View]:
        """Checks rule sets: values filled in where the input left them blank (defaults)."""
        return [View(v) for v in self.to_dict().get("computed", [])]

    @property
    def row_reports(self) -> List[RowReport]:
        """Checks rule sets with ``report: rows`` tables: accepted and rejected rows, and why."""
        return [RowReport(r) for r in self.to_dict().get("row_reports", [])]

    @property
    def allocation(self) -> Dict[str, Any]:
        return self.to_dict()["allocation"]

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        flags = f" flags={','.join(self.flag_codes)}" if self._core.flag_codes else ""
        as_of = f", as of {self.as_of}" if self.as_of else ""
        who = f"{self.subject_id} {self.name}" if self.name else self.subject_id
        return f"<AuditResult {who}: {self.status} ({self.ruleset_id}{as_of}){flags}>"


class BatchItem:
    """One subject of a batch: its ``result``, or ``error`` saying why no rule set applies."""

    __slots__ = ("subject_id", "result", "error", "problems", "core")

    def __init__(self, core: "_core.BatchItem") -> None:
        self.core = core  #: the underlying C++ item
        self.subject_id: str = core.subject_id
        self.result: Optional[AuditResult] = None if core.result is None else AuditResult(core.result)
        self.error: str = core.error
        #: what is wrong with this subject's input rows (streamed batches); then there is no result
        self.problems: List[Any] = list(core.problems)

    @property
    def status(self) -> str:
        return self.result.status if self.result else "invalid"

    def __reduce__(self) -> Any:
        # An unpickled item has no C++ ``core`` (None); its result renders as the original.
        return (_restore_item, (self.subject_id, self.result, self.error, list(self.problems)))

    def __repr__(self) -> str:
        if self.result is not None:
            return f"<BatchItem {self.result!r}>"
        why = self.problems[0] if self.problems else self.error
        return f"<BatchItem {self.subject_id}: invalid ({why})>"
