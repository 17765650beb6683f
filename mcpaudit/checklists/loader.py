"""Load and validate the checklist data files in ``mcpaudit/checklists/data/``.

One TOML file per seed document. The file format (all keys are validated here, unknown keys are
an error so typos cannot silently turn an item into a no-op)::

    id = "mcp-prod-000"                 # checklist id, used by --checklist and `mcpaudit explain`
    title = "..."                       # document title
    source = "..."                      # the document: its title as published, shown in reports
    url = "https://..."                 # optional: where the document is published (https only)
    document = "000_....txt"            # the seed file the items were taken from (tests read it)
    lists = ["...", ...]                # the lists of the document, in document order

    [[items]]
    id = "000-T1"                       # stable, never reused
    list = "threats: unauthorized access"   # one of `lists`
    text = "..."                        # short text shown in reports
    source_excerpt = "..."              # verbatim substring of the document (tests check it)
    severity = "high"                   # critical | high | medium | low: the item's weight
    # exactly ONE decision:
    rules = ["rule-id", ...]            # unsuppressed findings of these rules fail the item
    facts = [{fact = "http.auth", pass_if = true}, ...]   # conditions over posture facts
    manual = "what a reviewer checks"   # static analysis cannot decide it
    # optional:
    applies_if = [{fact = "transport.http", equals = true}]  # else not-applicable (or `otherwise`)
    otherwise = "manual"                # status when applies_if does not hold (default not-applicable)
    otherwise_note = "..."              # note shown with that status
    hints = ["fact.id", ...]            # manual items: facts shown as evidence, never deciding
    note = "..."                        # extra explanation for `mcpaudit explain`

A fact condition is an inline table with ``fact`` and exactly one of ``pass_if`` / ``fail_if``
(the value that passes / fails it), optionally ``partial_if`` (a value that gives partial credit)
and ``when = {fact = "...", equals = ...}`` (the condition is skipped unless that holds).
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA_DIR = Path(__file__).resolve().parent / "data"

SEVERITIES = ("critical", "high", "medium", "low")
STATUSES = ("pass", "fail", "partial", "manual", "not-applicable", "not-assessed")
_ITEM_KEYS = {
    "id", "list", "text", "source_excerpt", "severity", "rules", "facts", "manual", "applies_if",
    "otherwise", "otherwise_note", "hints", "note",
}
_TOP_KEYS = {"id", "title", "source", "url", "document", "lists", "items"}
_COND_KEYS = {"fact", "pass_if", "fail_if", "partial_if", "when"}
_GATE_KEYS = {"fact", "equals"}
_FACT_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

_MISSING = object()


class ChecklistDataError(ValueError):
    """A checklist data file is malformed."""


@dataclass(frozen=True)
class Gate:
    """``{fact = "id", equals = value}``: holds when the fact is present and has that value."""

    fact: str
    equals: Any

    def describe(self) -> str:
        return f"{self.fact} = {format_value(self.equals)}"


@dataclass(frozen=True)
class Condition:
    """One fact condition: ``op`` is ``pass_if`` or ``fail_if``; ``target`` the deciding value."""

    fact: str
    op: str
    target: Any
    partial: Any = _MISSING
    when: Optional[Gate] = None

    @property
    def has_partial(self) -> bool:
        return self.partial is not _MISSING

    def describe(self) -> str:
        verb = "passes if" if self.op == "pass_if" else "fails if"
        text = f"{self.fact}: {verb} {format_value(self.target)}"
        if self.has_partial:
            text += f", partial if {format_value(self.partial)}"
        if self.when is not None:
            text += f" (only when {self.when.describe()})"
        return text


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    list: str
    text: str
    source_excerpt: str
    severity: str
    rules: Tuple[str, ...] = ()
    facts: Tuple[Condition, ...] = ()
    manual: Optional[str] = None
    applies_if: Tuple[Gate, ...] = ()
    otherwise: str = "not-applicable"
    otherwise_note: str = ""
    hints: Tuple[str, ...] = ()
    note: str = ""

    @property
    def decision(self) -> str:
        """``rules``, ``facts``, ``rules+facts`` or ``manual``."""
        if self.rules and self.facts:
            return "rules+facts"
        if self.rules:
            return "rules"
        if self.facts:
            return "facts"
        return "manual"


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    source: str
    document: str
    lists: Tuple[str, ...]
    items: Tuple[ChecklistItem, ...] = field(default_factory=tuple)
    path: str = ""
    url: str = ""  # where the document is published; empty when not recorded

    def item(self, item_id: str) -> ChecklistItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)


def format_value(value: Any) -> str:
    """Facts and targets as TOML-ish literals: true/false/null, numbers, quoted strings, lists."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def _err(path: str, where: str, msg: str) -> ChecklistDataError:
    return ChecklistDataError(f"{path}: {where}: {msg}")


def _str(raw: Dict[str, Any], key: str, path: str, where: str, required: bool = True) -> str:
    val = raw.get(key)
    if val is None:
        if required:
            raise _err(path, where, f"missing {key!r}")
        return ""
    if not isinstance(val, str) or (required and not val.strip()):
        raise _err(path, where, f"{key!r} must be a non-empty string")
    return val


def _gate(raw: Any, path: str, where: str) -> Gate:
    if not isinstance(raw, dict):
        raise _err(path, where, "a gate must be a table {fact = ..., equals = ...}")
    extra = set(raw) - _GATE_KEYS
    if extra or "fact" not in raw or "equals" not in raw:
        raise _err(path, where, f"a gate needs exactly 'fact' and 'equals' (got {sorted(raw)})")
    if not isinstance(raw["fact"], str) or not _FACT_ID.match(raw["fact"]):
        raise _err(path, where, f"bad fact id {raw['fact']!r}")
    return Gate(raw["fact"], raw["equals"])


def _condition(raw: Any, path: str, where: str) -> Condition:
    if not isinstance(raw, dict):
        raise _err(path, where, "a fact condition must be an inline table")
    extra = set(raw) - _COND_KEYS
    if extra:
        raise _err(path, where, f"unknown condition keys {sorted(extra)}")
    fact = raw.get("fact")
    if not isinstance(fact, str) or not _FACT_ID.match(fact):
        raise _err(path, where, f"bad fact id {fact!r}")
    ops = [k for k in ("pass_if", "fail_if") if k in raw]
    if len(ops) != 1:
        raise _err(path, where, f"condition on {fact} needs exactly one of pass_if / fail_if")
    op = ops[0]
    when = _gate(raw["when"], path, where) if "when" in raw else None
    return Condition(fact, op, raw[op], raw.get("partial_if", _MISSING), when)


def _item(raw: Any, path: str, lists: Sequence[str]) -> ChecklistItem:
    if not isinstance(raw, dict):
        raise _err(path, "items", "each [[items]] entry must be a table")
    iid = _str(raw, "id", path, "item")
    where = f"item {iid}"
    extra = set(raw) - _ITEM_KEYS
    if extra:
        raise _err(path, where, f"unknown keys {sorted(extra)}")
    lst = _str(raw, "list", path, where)
    if lst not in lists:
        raise _err(path, where, f"list {lst!r} is not one of the document's lists {list(lists)}")
    sev = _str(raw, "severity", path, where).lower()
    if sev not in SEVERITIES:
        raise _err(path, where, f"severity must be one of {SEVERITIES}")
    decisions = [k for k in ("rules", "facts", "manual") if k in raw]
    if not (len(decisions) == 1 or decisions == ["rules", "facts"]):
        raise _err(path, where, f"needs one decision of rules / facts / manual, or rules + facts (has {decisions})")
    rules: Tuple[str, ...] = ()
    facts: Tuple[Condition, ...] = ()
    manual: Optional[str] = None
    if "rules" in raw:
        r = raw["rules"]
        if not isinstance(r, list) or not r or not all(isinstance(x, str) and x for x in r):
            raise _err(path, where, "rules must be a non-empty list of rule ids")
        if len(set(r)) != len(r):
            raise _err(path, where, "duplicate rule ids")
        rules = tuple(r)
    if "facts" in raw:
        f = raw["facts"]
        if not isinstance(f, list) or not f:
            raise _err(path, where, "facts must be a non-empty list of conditions")
        facts = tuple(_condition(c, path, where) for c in f)
    if "manual" in raw:
        manual = _str(raw, "manual", path, where)
    applies = raw.get("applies_if", [])
    if not isinstance(applies, list):
        raise _err(path, where, "applies_if must be a list of {fact, equals} tables")
    otherwise = raw.get("otherwise", "not-applicable")
    if otherwise not in ("not-applicable", "manual", "fail", "not-assessed"):
        raise _err(path, where, "otherwise must be not-applicable, manual, fail or not-assessed")
    hints = raw.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) and _FACT_ID.match(h) for h in hints):
        raise _err(path, where, "hints must be a list of fact ids")
    return ChecklistItem(
        id=iid,
        list=lst,
        text=_str(raw, "text", path, where),
        source_excerpt=_str(raw, "source_excerpt", path, where),
        severity=sev,
        rules=rules,
        facts=facts,
        manual=manual,
        applies_if=tuple(_gate(g, path, where) for g in applies),
        otherwise=otherwise,
        otherwise_note=_str(raw, "otherwise_note", path, where, required=False),
        hints=tuple(hints),
        note=_str(raw, "note", path, where, required=False),
    )


def parse_checklist(data: Dict[str, Any], path: str = "<memory>") -> Checklist:
    """Validate one decoded data file and build the Checklist."""
    extra = set(data) - _TOP_KEYS
    if extra:
        raise _err(path, "top level", f"unknown keys {sorted(extra)}")
    lists = data.get("lists")
    if not isinstance(lists, list) or not lists or not all(isinstance(x, str) for x in lists):
        raise _err(path, "top level", "'lists' must be a non-empty list of strings")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise _err(path, "top level", "no [[items]]")
    items = tuple(_item(r, path, lists) for r in raw_items)
    seen = set()
    for it in items:
        if it.id in seen:
            raise _err(path, f"item {it.id}", "duplicate item id")
        seen.add(it.id)
    return Checklist(
        id=_str(data, "id", path, "top level"),
        title=_str(data, "title", path, "top level"),
        source=_str(data, "source", path, "top level"),
        document=_str(data, "document", path, "top level"),
        lists=tuple(lists),
        items=items,
        path=path,
        url=_url(data, path),
    )


def _url(data: Dict[str, Any], path: str) -> str:
    url = _str(data, "url", path, "top level", required=False)
    if url and not re.match(r"^https://[^\s\"'<>]+$", url):
        raise _err(path, "top level", f"url must be an https:// address, got {url!r}")
    return url


#: Bump when how a checklist file is read into a document changes (the stored documents' key).
_FORMAT = b"mcpaudit-checklist-toml-1"


def _document(p: Path) -> Dict[str, Any]:
    """The TOML document of the file ``p``. Kept in the compact store (:mod:`mcpaudit.compact`)
    under the hash of the file's bytes and of the interpreter's version (``tomllib`` is the
    standard library's; with ``tomli``, before 3.11, every file is parsed): a changed file is
    parsed again, and a parse error is raised by the parser as before (errors are never stored).
    Parsing the bundled files cost ~0.008 s of CPU on every scan's serial tail (the checklist
    scores come after the engines); a stored document ~0.0003 s."""
    with open(p, "rb") as fh:
        raw = fh.read()

    def parse() -> Dict[str, Any]:
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ChecklistDataError(f"{p.name}: {exc}") from None

    if sys.version_info < (3, 11):  # pragma: no cover - depends on the interpreter
        return parse()
    from .. import compact

    return compact.memo("checklist:" + compact.digest(_FORMAT, sys.version.encode(), raw), parse)


@functools.lru_cache(maxsize=None)
def _load_all(data_dir: str) -> Tuple[Checklist, ...]:
    out = []
    for p in sorted(Path(data_dir).glob("*.toml")):
        out.append(parse_checklist(_document(p), p.name))
    ids = [c.id for c in out]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ChecklistDataError(f"duplicate checklist ids: {sorted(dupes)}")
    item_ids = [it.id for c in out for it in c.items]
    dupes = {i for i in item_ids if item_ids.count(i) > 1}
    if dupes:
        raise ChecklistDataError(f"item ids used by several checklists: {sorted(dupes)}")
    # documents in seed order (000, 001, ...), whatever the file names are
    out.sort(key=lambda c: (c.document, c.id))
    return tuple(out)


def list_checklist_ids() -> List[str]:
    """Ids of the bundled checklists, in document order."""
    return [c.id for c in _load_all(str(DATA_DIR))]


def _matches(cl: Checklist, key: str) -> bool:
    key = key.strip()
    if key == cl.id:
        return True
    # the seed number ("000", "3") or the seed file name also select a document
    num = cl.document.split("_", 1)[0]
    if key.isdigit() and num.isdigit() and int(key) == int(num):
        return True
    return key in (cl.document, Path(cl.document).stem, Path(cl.path).stem)


def load_checklists(selected: Optional[List[str]] = None) -> List[Checklist]:
    """The bundled checklists, in document order; ``selected`` keeps only those ids (a seed number
    such as ``"000"`` also selects its document). Unknown ids raise ``ValueError``."""
    every = list(_load_all(str(DATA_DIR)))
    if not selected:
        return every
    out: List[Checklist] = []
    for key in selected:
        hits = [c for c in every if _matches(c, key)]
        if not hits:
            raise ValueError(
                f"unknown checklist {key!r} (known: {', '.join(c.id for c in every)})"
            )
        for c in hits:
            if c not in out:
                out.append(c)
    return sorted(out, key=lambda c: (c.document, c.id))


def get_checklist(checklist_id: str) -> Checklist:
    """One checklist by id (or seed number); ``KeyError`` when unknown."""
    try:
        return load_checklists([checklist_id])[0]
    except ValueError as exc:
        raise KeyError(str(exc)) from None
