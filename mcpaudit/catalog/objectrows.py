"""The ``object-sinks`` section of the TypeScript models: properties of an options object that a
library reads as a file path or fetches as a URL wherever the object is built (nodemailer's
attachment ``{ filename, path }``: the path is read from disk, or fetched when it is an http(s)
URL), loaded into ``TsModels.object_sinks``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Pattern

from ._yaml import ModelError

_KEYS = {"library", "within", "marks", "property", "family", "file-url", "label", "detail", "example", "expect"}


@dataclass(frozen=True)
class ObjectSink:
    """An object literal with ``prop`` and one of ``marks`` (the other properties that say what
    the object is for), an element of a list held under a name ``within`` matches (a property,
    a variable, or the function that returns the list), is that library's object when some module of the project imports
    ``library``; the value of ``prop`` reaches ``family`` (``file_url``: a URL the library also
    reads from disk when it is a bare path)."""

    library: str
    within: Pattern[str]  # the name that holds the list the object is an element of
    marks: FrozenSet[str]
    prop: str
    family: str
    file_url: bool
    label: str
    detail: str


class ObjectRows:
    """Mixed into the TypeScript model loader: ``section_object_sinks``."""

    def section_object_sinks(self, value: List[Dict[str, Any]], name: str, section: str) -> None:
        for i, row in enumerate(value or ()):
            where = f"{name} {section}[{i}]"
            if set(row) - _KEYS or not all(row.get(k) for k in ("library", "within", "marks", "property", "family", "label")):
                raise ModelError(f"{where}: library, within, marks, property, family, label, optionally file-url, detail")
            if row["family"] not in self.families:
                raise ModelError(f"{where}: unknown family {row['family']!r}")
            self.m.object_sinks.append(ObjectSink(str(row["library"]), re.compile(str(row["within"])), frozenset(map(str, row["marks"])), str(row["property"]),
                                                  str(row["family"]), bool(row.get("file-url")), str(row["label"]),
                                                  str(row.get("detail") or "")))
            self.example(row, where, section, (), row["family"])
