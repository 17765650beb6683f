"""The catalog: one place that knows every rule of every engine and every library model.

* **Rules** — our cst rules (``mcpaudit/checks``), our semgrep packs (``rules/semgrep``) and the
  bandit tests our profile enables (``rules/bandit.yaml``), as :class:`~mcpaudit.models.RuleMeta`.
* **Families** — what a taint flow can do at a sink (``rules/families.yaml``); each is reported
  by exactly one cst rule, whose class names it in ``FAMILY``.
* **Hazards** — which findings of different engines are the same problem when they share a line
  (``rules/hazards.yaml``), for merging.
* **Models** — sources, sinks, sanitizers and summaries of library functions
  (``rules/models/<language>/*.yaml``), which the analysis interprets.
* **Checklist references** — which checklist items each rule decides (the checklist data).

Merging, checklist scoring, ``mcpaudit rules``/``explain``, SARIF rule metadata and the generated
``docs/rules.md`` all read it; ``tests/test_catalog.py`` proves the pieces agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from ..resources import rules_dir
from . import snapshot
from ._yaml import load_yaml
from .models import ModelError, PythonModels, TsModels, load_python_models, load_ts_models

if TYPE_CHECKING:  # pragma: no cover
    from ..models import EngineError, Finding, RuleMeta

#: Where rule documentation lives; ``#<rule-id>`` anchors ``docs/rules.md``.
DOCS_URL = "https://github.com/mcpaudit/mcpaudit/blob/main/docs/rules.md"

_BANDIT_ID = re.compile(r"^B\d{3}$")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Family:
    """A taint family: the sinks of one kind of hazard, and the cst rule that reports them."""

    id: str
    words: str
    rule: str  # cst rule id
    capability: Optional[str] = None  # what a tool that uses such a sink as is can do
    declared_by: Tuple[str, ...] = ()  # word stems by which a tool says it has that capability
    # word stems by which a text speaks of local files (path: "file", "folder"), not of URLs
    local_by: Tuple[str, ...] = ()
    # word stems by which a parameter's description confines what it declares ("inside the
    # reports folder", "relative to the workspace"): no declaration of any value
    confined_by: Tuple[str, ...] = ()
    # an injection into a sink whose raw form another tool of the server offers (a selector
    # pasted into a script beside an execute_script tool) adds nothing to that tool's capability
    offered_raw: bool = False
    # word stems by which a parameter's own description confines its value even where the tool
    # declares the capability ("paths relative to the root of the documentation site": a path on
    # that site, not a URL of any host): the flow of such a parameter is no declared purpose
    param_confines: Tuple[str, ...] = ()

    def declared(self, *texts: Optional[str]) -> bool:
        """Whether a tool's name, description or parameter says it does this (always, when the
        family lists no words)."""
        return not self.declared_by or said(self.declared_by, texts)

    def local(self, *texts: Optional[str]) -> bool:
        """Whether a text speaks of local files (the family's ``local-by`` words)."""
        return said(self.local_by, texts)


def said(stems: Sequence[str], texts: Iterable[Optional[str]]) -> bool:
    """Whether the words of ``texts`` (snake_case and camelCase split, case ignored) hold one of
    ``stems``: a stem ending in ``*`` matches every word it starts, any other itself and its plural."""
    words = {w.lower() for t in texts if t for w in _WORD.findall(_CAMEL.sub(r"\1 \2", t))}
    for d in stems:
        if d.endswith("*") and any(w.startswith(d[:-1]) for w in words):
            return True
        if not d.endswith("*") and (d in words or d + "s" in words):
            return True
    return False


class Catalog:
    """Rules, families, hazards and models, loaded once per process from ``rules/``."""

    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root is not None else rules_dir()
        self.families = self._families()
        self.hazard_of_cwe, self.hazard_of_bandit = self._hazards()
        self._python: Optional[PythonModels] = None
        self._typescript: Optional[TsModels] = None
        self._metas: Dict[str, List["RuleMeta"]] = {}

    # -- families and hazards ---------------------------------------------------------
    def _families(self) -> Dict[str, Family]:
        from ..checks import all_rules

        doc = load_yaml(self.root / "families.yaml") or {}
        by_family: Dict[str, str] = {}
        for rid, cls in sorted(all_rules().items()):
            if cls.FAMILY:
                if cls.FAMILY in by_family:
                    raise ModelError(f"family {cls.FAMILY!r} is reported by two rules: {by_family[cls.FAMILY]}, {rid}")
                by_family[cls.FAMILY] = rid
        out: Dict[str, Family] = {}
        for fid, spec in doc.items():
            if fid not in by_family:
                raise ModelError(f"families.yaml: no cst rule reports family {fid!r}")
            out[fid] = Family(fid, str(spec.get("words", fid)), by_family[fid], spec.get("capability"),
                              tuple(str(w).lower() for w in spec.get("declared-by", ())),
                              tuple(str(w).lower() for w in spec.get("local-by", ())),
                              tuple(str(w).lower() for w in spec.get("confined-by", ())),
                              bool(spec.get("offered-raw", False)),
                              tuple(str(w).lower() for w in spec.get("param-confines", ())))
        missing = set(by_family) - set(out)
        if missing:
            raise ModelError(f"families.yaml does not define: {', '.join(sorted(missing))}")
        return out

    def _hazards(self) -> Tuple[Dict[str, str], Dict[str, str]]:
        doc = load_yaml(self.root / "hazards.yaml") or {}
        cwe: Dict[str, str] = {}
        bandit: Dict[str, str] = {}
        for hazard, spec in doc.items():
            for c in spec.get("cwe", ()):
                cwe[c] = hazard
            for b in spec.get("bandit", ()):
                bandit[b] = hazard
        return cwe, bandit

    @property
    def family_ids(self) -> FrozenSet[str]:
        return frozenset(self.families)

    def capability_rules(self) -> Dict[str, str]:
        """capability name -> its rule id (``capability-<name>``)."""
        from ..checks import all_rules

        return {cls.CAPABILITY: rid for rid, cls in all_rules().items() if getattr(cls, "CAPABILITY", None)}

    def family_rule(self, family: str) -> str:
        """The cst rule id that reports ``family``."""
        return self.families[family].rule

    def hazards(self, finding: "Finding") -> Set[str]:
        """What a finding is about, for merging: its CWE's hazards, and for bandit its test's."""
        out = {self.hazard_of_cwe.get(c, c) for c in finding.cwe} or {finding.rule_id}
        if finding.engine == "bandit" and finding.rule_id in self.hazard_of_bandit:
            out.add(self.hazard_of_bandit[finding.rule_id])
        return out

    # -- models -----------------------------------------------------------------------
    @property
    def python(self) -> PythonModels:
        """The Python library models (``rules/models/python``)."""
        if self._python is None:
            where, families = self.root / "models" / "python", self.family_ids
            self._python = snapshot.load("python", where, families, lambda: load_python_models(where, families),
                                         PythonModels)
        return self._python

    @property
    def typescript(self) -> TsModels:
        """The TypeScript/JavaScript library models (``rules/models/typescript``)."""
        if self._typescript is None:
            where, families = self.root / "models" / "typescript", self.family_ids
            self._typescript = snapshot.load("typescript", where, families, lambda: load_ts_models(where, families),
                                             TsModels)
        return self._typescript

    # -- rules ------------------------------------------------------------------------
    def rule_metas(self, engines: Sequence[str]) -> Tuple[List["RuleMeta"], List["EngineError"]]:
        """Every rule of ``engines`` (registry order); an engine whose rules cannot be listed is
        an error, the others are still listed."""
        from ..engines import selected
        from ..models import EngineError

        metas: List["RuleMeta"] = []
        errors: List[EngineError] = []
        seen = set()
        for engine in selected(engines):
            try:
                # engines that report the same rules (cst and ts) list them once, as the first's
                metas += [m for m in engine.rule_metas() if m.id not in seen]
                seen.update(m.id for m in metas)
            except Exception as exc:  # a broken pack must not hide the others
                errors.append(EngineError(engine.name, f"{engine.rules_error}: {exc}"))
        return metas, errors

    def _engine_metas(self, engine) -> List["RuleMeta"]:
        if isinstance(engine, str):
            from ..engines import ENGINES

            engine = ENGINES[engine]
        if engine.name not in self._metas:
            self._metas[engine.name] = engine.rule_metas()
        return self._metas[engine.name]

    def engine_of(self, rule_id: str) -> Optional[str]:
        """The engine a rule id belongs to (bandit test ids are recognised by shape)."""
        for name in ("cst", "semgrep"):
            try:
                if any(m.id == rule_id for m in self._engine_metas(name)):
                    return name
            except Exception:
                continue
        if _BANDIT_ID.match(rule_id):
            return "bandit"
        return None

    def known_rule_ids(self, engines: Iterable[str] = ("cst", "semgrep")) -> Set[str]:
        """The ids of every rule of ``engines``."""
        return {m.id for name in engines for m in self._engine_metas(name)}

    def checklist_refs(self) -> Dict[str, List[Tuple[str, str, str]]]:
        """rule id -> the checklist items it decides, as (checklist id, item id, item text)."""
        from ..checklists import load_checklists

        out: Dict[str, List[Tuple[str, str, str]]] = {}
        for cl in load_checklists():
            for item in cl.items:
                for rid in item.rules:
                    out.setdefault(rid, []).append((cl.id, item.id, item.text))
        return out

    def family_sinks(self, family: str) -> List[str]:
        """The functions and methods the Python models list as sinks of ``family``."""
        from .models import KIND_FAMILIES

        m = self.python

        def reports(s) -> bool:
            return s.family == family or family in KIND_FAMILIES.get(s.kind, ())

        calls = sorted(fq for fq, s in m.sink_calls.items() if reports(s))
        methods = sorted({f".{name}()" if name != "*" else f"<{s.receiver}>.<any method>()"
                          for names, s in m.sink_methods if reports(s) for name in names})
        return [f"{c}()" for c in calls] + methods


@lru_cache(maxsize=None)
def catalog() -> Catalog:
    """The catalog of the bundled ``rules/`` directory (one per process)."""
    return Catalog()


def help_uri(rule_id: str) -> str:
    """Where a rule's documentation lives (``docs/rules.md#<rule-id>``)."""
    return f"{DOCS_URL}#{rule_id}"


__all__ = ["Catalog", "DOCS_URL", "Family", "ModelError", "PythonModels", "TsModels", "catalog", "help_uri"]
