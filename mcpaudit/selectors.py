"""The names ``select``, ``ignore`` and ``severity`` may use, and the refusal of any other.

A selector names a rule id of any engine, a tag of some rule, or a CWE (``cwe-78`` / ``CWE-78``,
matching a rule's CWE). A typo must not pass the gate silently ("No findings", exit 0): an
unknown name is a configuration error (exit 2) with the closest known names, as ruff answers
"Unknown rule selector". ``severity`` overrides are keyed by rule id only.

Bandit test ids are accepted when bandit knows the test at all, even one our profile turns off
(``ignore = ["B101"]`` copied from a bandit config is harmless); without an importable bandit,
any ``B`` + three digits id is accepted rather than refused on a guess.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .config import Config, ConfigError

__all__ = ["Vocabulary", "vocabulary", "check_config", "check_values", "unknown"]

_BANDIT_ID = re.compile(r"^B\d{3}$")
_CWE = re.compile(r"^cwe-\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Vocabulary:
    """Every name a selector may use."""

    rule_ids: FrozenSet[str]
    tags: FrozenSet[str]
    cwes: FrozenSet[str]  # upper case, "CWE-78"
    bandit_ids: Optional[FrozenSet[str]]  # every test bandit knows; None: bandit not importable

    def is_rule(self, name: str) -> bool:
        if name in self.rule_ids:
            return True
        if _BANDIT_ID.match(name):
            return self.bandit_ids is None or name in self.bandit_ids
        return False

    def knows(self, name: str) -> bool:
        """Whether ``name`` is a rule id, a tag or a CWE some rule has."""
        if self.is_rule(name) or name in self.tags:
            return True
        return bool(_CWE.match(name)) and name.upper() in self.cwes

    def suggest(self, name: str, rules_only: bool = False) -> List[str]:
        """Up to three known names closest to ``name``, best first."""
        pool = sorted(self.rule_ids | (self.bandit_ids or frozenset()))
        if not rules_only:
            pool += sorted(self.tags) + sorted(c.lower() for c in self.cwes)
        folded = [p for p in pool if p.lower() == name.lower() and p != name]
        close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
        return list(dict.fromkeys(folded + close))[:3]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of every registered engine's rules (read once per process)."""
    from .catalog import catalog
    from .engines import ENGINES

    metas, _errors = catalog().rule_metas(list(ENGINES))
    return Vocabulary(
        rule_ids=frozenset(m.id for m in metas),
        tags=frozenset(t for m in metas for t in m.tags),
        cwes=frozenset(c.upper() for m in metas for c in m.cwe),
        bandit_ids=_bandit_test_ids(),
    )


def _bandit_test_ids() -> Optional[FrozenSet[str]]:
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from bandit.core import extension_loader
    except Exception:  # bandit missing or broken: its engine reports that when it runs
        return None
    manager = extension_loader.MANAGER
    ids = {getattr(ext.plugin, "_test_id", None) for ext in manager.plugins}
    ids |= set(manager.blacklist_by_id)
    return frozenset(i for i in ids if isinstance(i, str))


def unknown(values: Iterable[str], vocab: Vocabulary, rules_only: bool = False
            ) -> List[Tuple[str, List[str]]]:
    """``(name, suggestions)`` for each of ``values`` the vocabulary does not know."""
    out = []
    for name in values:
        known = vocab.is_rule(name) if rules_only else vocab.knows(name)
        if not known:
            out.append((name, vocab.suggest(name, rules_only)))
    return out


def _message(where: str, bad: Sequence[Tuple[str, List[str]]], rules_only: bool) -> str:
    what = "rule id" if rules_only else "rule id or tag"
    parts = []
    for name, close in bad:
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        parts.append(f"unknown {what} {name!r}{hint}")
    return f"{where}: " + "; ".join(parts) + "; 'mcpaudit rules' lists every rule id and tag"


def check_values(values: Iterable[str], where: str, rules_only: bool = False,
                 vocab: Optional[Vocabulary] = None) -> None:
    """Raise :class:`ConfigError` naming ``where`` when any of ``values`` is unknown."""
    values = list(values)
    if not values:
        return  # nothing to check: do not load every engine's rules for it
    bad = unknown(values, vocab or vocabulary(), rules_only)
    if bad:
        raise ConfigError(_message(where, bad, rules_only))


def check_config(config: Config, vocab: Optional[Vocabulary] = None) -> None:
    """Refuse unknown names in the ``select``, ``ignore`` and ``severity`` of a loaded config
    file (the command line's values are checked where they are parsed)."""
    where = str(config.source) if config.source else "config"
    check_values(config.select, f"{where}: key 'select'", vocab=vocab)
    check_values(config.ignore, f"{where}: key 'ignore'", vocab=vocab)
    check_values(config.severity_overrides, f"{where}: key 'severity'", rules_only=True, vocab=vocab)
