"""The Python linker, with the HTTP routes a project adds beside its MCP endpoint.

A route's endpoint (:mod:`.httproutes` records them) answers any client that reaches the port.
Its responses are checked like a tool's results: a configured secret in one (an OAuth client
secret from the environment, an API key from the settings) is handed to whoever asks, so it is
reported under ``secret-in-tool-result``. Tokens are left out (``handed-out`` in the routes'
vocabulary): a token endpoint answers with the tokens its flow obtained, by design. The
endpoint's own parameters (the request) are not caller input here: only its responses count.
"""

from __future__ import annotations

from typing import Set, Tuple

from ..catalog import catalog
from ..models import Confidence, FlowStep, Location, ToolInfo
from .bridgelink import BridgeLinks
from .bridgeunseen import UnseenBridges
from .capoverlap import CapabilityOverlap
from .offered import OfferedRaw
from .ownmethods import OwnMethods
from .paramrecv import ParamReceivers
from .promptargs import PromptArgs
from .schemachoices import SchemaChoices
from .classtools import ClassTools
from .factoryreturns import FactoryReturns
from .httproutes import KIND
from .inter import Linker, RawFinding
from .taintvalue import Taint


class PyLinker(OfferedRaw, CapabilityOverlap, ClassTools, FactoryReturns, PromptArgs, UnseenBridges, OwnMethods,
               BridgeLinks, ParamReceivers, SchemaChoices, Linker):
    """:class:`~mcpaudit.analysis.inter.Linker` plus the responses of HTTP routes, and the
    functions message bridges run for a tool (bridgelink.py)."""

    def run(self) -> None:
        super().run()
        self.run_routes()

    def run_routes(self) -> None:
        seen: Set[Tuple[str, str, str]] = set()
        for path in sorted(self.modules):
            for name, target, pos in getattr(self.modules[path], "routes", ()):
                res = self.resolve(path, None, target)
                if res is None:
                    continue
                tpath, fn, _ = res
                if (tpath, fn.qualname, name) in seen:
                    continue
                seen.add((tpath, fn.qualname, name))
                route = ToolInfo(name=name, kind=KIND, function=fn.qualname, location=Location(path, pos[0], pos[1]),
                                 framework="http")
                self.instantiate(tpath, fn, {}, 0, frozenset({f"{tpath}:{fn.qualname}"}), None, handler=route)

    def _report_return(self, path, fn, pos, t: Taint, handler: ToolInfo, how: str) -> None:
        if handler.kind != KIND:
            super()._report_return(path, fn, pos, t, handler, how)
            return
        if how != "returned":
            return  # an exception in an endpoint is a bare 500 unless the app runs in debug mode
        handed_out = catalog().python.surface.route_handed_out
        for label, info in t.items():
            if label[0] != "s" or info.is_clean("return") or (handed_out and handed_out.search(str(label[1]))):
                continue
            if not self.shown_secret(path, fn, pos, info, t, handler, how, label):
                continue
            self._add(RawFinding(
                "return", path, pos,
                f"HTTP route '{handler.name}' (added beside the MCP endpoint) returns a response containing "
                f"secret '{label[1]}' to any client that reaches it",
                Confidence.HIGH, handler.name, None,
                [FlowStep(Location(st.path or path, st.line, st.column), st.note) for st in info.steps],
                context=fn.qualname))
            return


__all__ = ["PyLinker"]
