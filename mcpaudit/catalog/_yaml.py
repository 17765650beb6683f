"""YAML reading for the catalog, the semgrep packs and the bandit profile.

Every scan reads the same ~50 YAML files (the library models, ``families.yaml``,
``hazards.yaml``, the semgrep packs twice, the bandit profile twice). Parsing them cost ~0.07 s
of CPU even with libyaml's parser (PyYAML builds every node in Python), and importing PyYAML
~0.01-0.03 s more, on every cold scan. So each parsed document is kept in the compact store
(:mod:`mcpaudit.compact`) under the hash of the file's text, of the loader and of PyYAML's
installed files: a file whose text changed is parsed as before, and parse errors are raised by
the same parser as before (they are never stored).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

from .. import compact

#: Bump when how a document is parsed changes.
_FORMAT = b"mcpaudit-yaml-1"
_PARSER: Optional[bytes] = None


def _parser_id() -> bytes:
    """What a parse depends on besides the text: PyYAML's installed files, libyaml's binding
    among them (found, not imported: importing PyYAML is part of what the store saves)."""
    from importlib.util import find_spec

    parts = [_FORMAT]
    try:
        spec = find_spec("yaml")
        for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.is_file():
                    st = entry.stat()
                    parts.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}".encode())
    except Exception:
        parts.append(b"?")
    return b"\0".join(parts)


def _parse(text: str, safe_loader: bool) -> Any:
    import yaml

    if safe_loader:
        return yaml.safe_load(text)
    # libyaml's parser when PyYAML has it: the pure-Python one took ~0.35 s for every scan's files
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_yaml(path: Path, safe_loader: bool = False) -> Any:
    """The document of a YAML file (None for an empty one). Safe loading only: libyaml's parser
    when PyYAML has it, or PyYAML's pure-Python ``safe_load`` with ``safe_loader``. Reading the
    file or parsing it raises as it always did (``OSError``, ``UnicodeDecodeError``,
    ``yaml.YAMLError``)."""
    global _PARSER
    with open(path, "r", encoding="utf-8") as fh:
        text = fh.read()
    if _PARSER is None:
        _PARSER = _parser_id()
    key = "yaml:" + compact.digest(_PARSER, b"safe" if safe_loader else b"csafe",
                                   text.encode("utf-8", "surrogatepass"))
    return compact.memo(key, lambda: _parse(text, safe_loader))


def is_yaml_error(exc: BaseException) -> bool:
    """Whether ``exc`` is PyYAML's parse error (without importing PyYAML for a stored file)."""
    yaml = sys.modules.get("yaml")
    return yaml is not None and isinstance(exc, yaml.YAMLError)


class ModelError(ValueError):
    """A model file that cannot be used: the message names the file and the row."""
