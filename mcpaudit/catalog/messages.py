"""Message rows (``messages`` in ``rules/models/python``): a message whose shape says what its
receiver does with one of its fields. A Jupyter ``execute_request`` (``header.msg_type``) runs
its ``content.code`` in the kernel it is sent to, whichever transport carries it (a kernel
websocket, ZMQ): the dict display that builds one is where the code reaches the kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Tuple

from ._yaml import ModelError


@dataclass(frozen=True)
class MessageModel:
    """``when``: (key path, the string constant there) that identify the message; ``value``:
    the key path of the value that reaches the family's sink. Paths are the keys of nested dict
    displays."""

    family: str
    when: Tuple[Tuple[Tuple[str, ...], str], ...]
    value: Tuple[str, ...]
    label: str


class MessageRows:
    """Mixed into the Python models' loader (``families``, ``m``, ``example``)."""

    def row_messages(self, row: Dict[str, Any], where: str) -> None:
        family, when, value = row.get("family"), row.get("when"), row.get("value")
        if family not in self.families:
            raise ModelError(f"{where}: unknown family {family!r}")
        if not isinstance(when, dict) or not when or not isinstance(value, str) or not isinstance(row.get("label"), str):
            raise ModelError(f"{where}: a message row needs when (key path: constant), value (key path) and label")
        self.m.messages.append(MessageModel(family, tuple((tuple(k.split(".")), str(v)) for k, v in when.items()),
                                            tuple(value.split(".")), row["label"]))
        self.example(row, where, "messages", (), family)
