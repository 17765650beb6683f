"""mcpaudit's own rules: one class per module, module name == rule id with '-' → '_'."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Dict, List, Type

from ..rule import Rule


@lru_cache(maxsize=None)
def all_rules() -> Dict[str, Type[Rule]]:
    """Every rule class, keyed by id, discovered from this package's modules."""
    rules: Dict[str, Type[Rule]] = {}
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        found = [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule
            and obj.__module__ == module.__name__
        ]
        if len(found) != 1:
            raise RuntimeError(f"{module.__name__} must define exactly one Rule, found {len(found)}")
        rule = found[0]
        if rule.ID.replace("-", "_") != mod.name:
            raise RuntimeError(f"rule id {rule.ID!r} does not match its module {mod.name!r}")
        rules[rule.ID] = rule
    return rules


def rule_ids() -> List[str]:
    return sorted(all_rules())
