"""An injection into a sink whose raw form another tool of the server offers: nothing beyond that
tool's capability.

A browser server whose ``execute_script`` tool evaluates any JavaScript the caller writes in the
page (its capability, code-execution at ``client.Runtime.evaluate()``) may have a
``click_element`` tool that pastes a CSS selector into a quoted script string for the same
``Runtime.evaluate``. The selector breaks out of its string, but what it can then run is what
``execute_script`` runs anyway: the same caller, the same evaluator. The same holds for a table
name pasted into a query beside an ``execute_sql`` tool on the same driver call, or an argument
spliced into a shell line beside a ``run_command`` tool. Such a finding (of a family marked
``offered-raw`` in families.yaml) goes to the audit view and names the tool that offers the raw
sink, when every tool reaching it is another than that one and the capability reaches the same
sink call (the same callee, its receiver's last name and method: ``Runtime.evaluate()``) in the
same file (the same client code, not another server of a monorepo) with no check on the way. A finding past a check the raw tool also passes, or in a sink the raw tool never
reaches, stays.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, Optional, Tuple

from ..catalog import catalog
from ..models import Confidence
from .toolflows import reaching_tools

#: ``tool 'who' passes parameter 'p' to <sink>: <words>`` (reportmsg.py)
_SINK = re.compile(r"passes parameter '[^']*' to (.+?): ")


def _callee(label: str) -> str:
    """``client.Runtime.evaluate()`` -> ``Runtime.evaluate()``: the sink call without the name the
    receiver was given in one function (``client.Runtime``, a destructured ``Runtime``)."""
    return ".".join(label.split(".")[-2:])


def _sink_of(message: str) -> Optional[str]:
    m = _SINK.search(message)
    return _callee(m.group(1)) if m else None


def note_built(linker, f, info):
    """Note a finding ``f`` whose value was built into the sink's input (a selector pasted into a
    script): the kind the raw tool beside it makes nothing of. One handed over as is
    (``eval(expression)`` in a calculator) stays: the tool runs any code while it says it does
    not. Returns ``f``."""
    if info.built:
        linker.built_flows.add((f.family, f.path, f.pos[0]))
    return f


class OfferedRaw:
    """Mixed into the linkers (``findings``, ``reaching``, ``capabilities``)."""

    def run(self) -> None:
        super().run()
        families = catalog().families
        built = self.built_flows
        raw: Dict[Tuple[str, str, str], Dict[str, str]] = {}  # (capability, file, callee) -> tool -> its sink
        for (tool, capability, _origin), cap in self.capabilities.items():
            if cap.behind is None:
                for where in cap.sinks:
                    raw.setdefault((capability, where.rsplit(":", 1)[0], _callee(cap.sink)), {})[tool] = cap.sink
        for key, f in list(self.findings.items()):
            fam = families.get(f.family)
            if fam is None or not fam.offered_raw or not fam.capability or f.confidence <= Confidence.LOW \
                    or key not in built:
                continue
            sink = _sink_of(f.message)
            offering = raw.get((fam.capability, f.path, sink)) if sink else None
            tools = reaching_tools(self, key, f)
            if not offering or not tools or tools & set(offering):
                continue
            other = sorted(offering)[0]
            self.findings[key] = replace(f, confidence=Confidence.LOW, message=(
                f"{f.message}; tool '{other}' already hands its caller's own input to {offering[other]} as is "
                f"(its capability): nothing beyond it (audit view)"))


__all__ = ["OfferedRaw"]
