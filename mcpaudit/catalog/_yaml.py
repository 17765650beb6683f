"""YAML reading for the catalog and the semgrep packs: libyaml's parser when PyYAML has it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_yaml(path: Path) -> Any:
    """The document of a YAML file (None for an empty one). Safe loading only."""
    import yaml

    with open(path, "r", encoding="utf-8") as fh:
        # libyaml's parser when PyYAML has it: every scan loads the rule packs and the models,
        # which took the pure-Python parser ~0.35 s
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class ModelError(ValueError):
    """A model file that cannot be used: the message names the file and the row."""
