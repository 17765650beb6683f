"""Whether a whole argument mapping written to a log can carry a credential.

A log line of a handler's whole argument mapping (``logger.debug(f"args: {kwargs}")``) leaks a
credential only when one can be in it: the mapping holds what the tools it came from take. A
specific tool's mapping (a FastMCP tool's ``**kwargs``) holds that tool's parameters, so it is a
leak only when the tool takes one named for a credential (``password``, ``api_key``). The mapping
a low-level ``call_tool`` dispatcher (or a ``get_prompt``/``read_resource`` one) receives holds
any tool's arguments, and a low-level tool's parameters are those of its schema, not of the
function that runs it: the project-wide evidence decides (the linker's ``takes_credentials``:
some declared schema names a credential, or the schemas cannot be read at all).
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..catalog import catalog
from ..models import ToolInfo
from .taintvalue import Taint

#: handler kinds whose mapping carries the arguments of every tool (or prompt, resource)
_DISPATCHERS = frozenset({"call_tool", "get_prompt", "read_resource"})


def _tools_by_name(linker) -> Dict[str, List[ToolInfo]]:
    memo = linker.__dict__.get("_tools_by_name")
    if memo is None or memo[0] != len(linker.tools):
        index: Dict[str, List[ToolInfo]] = {}
        for t in linker.tools:
            index.setdefault(t.name, []).append(t)
        memo = linker._tools_by_name = (len(linker.tools), index)
    return memo[1]


def mapping_carries_credentials(linker, mapping: Taint, path: Optional[str] = None) -> bool:
    """Whether the argument mapping tainted ``mapping`` (labels ``("src", tool, param)``) can
    hold a credential: some tool it came from takes a credential-named parameter, or it came from
    a dispatcher (or from no tool this can name) on a server whose tools may take one."""
    tools = {label[1] for label in mapping if label[0] == "src"}
    if not tools:
        return linker.takes_credentials
    index = _tools_by_name(linker)
    for name in tools:
        known = index.get(name)
        if not known or any(t.kind in _DISPATCHERS or t.framework == "lowlevel" for t in known):
            if linker.takes_credentials and _server_may_take(linker, known or (), path):
                return True
            continue
        if any(credential_param(p) for t in known for p in t.parameters):
            return True
    return False


def _server_may_take(linker, known, path: Optional[str]) -> bool:
    """Whether the server the low-level tools ``known`` belong to may take a credential: when
    each is declared with a readable schema in a module whose every ``Tool(...)`` schema is
    readable (and none is named at run time), what that module's tools take decides; a project
    may hold several servers, and another one's ``password`` parameter is not in this mapping.
    A dispatcher's own mapping (no tool of that name is listed) is read in the module ``path``
    of the log line. Anything else leaves the project-wide evidence (``takes_credentials``)."""
    if known and all(t.kind == "tool" and t.framework == "lowlevel" for t in known):
        paths = {t.location.path for t in known}
    elif path and all(t.kind in _DISPATCHERS for t in known):  # a dispatcher's own name (other modules' too)
        paths = {path}
    else:
        return True
    for path in paths:
        mod = linker.modules.get(path)
        tools = getattr(mod, "lowlevel_tools", None)
        if not tools or getattr(mod, "unnamed_tool_params", None) or any(not (lt.params or lt.types) for lt in tools):
            return True
        if any(credential_param(p) for t in linker.tools if t.location.path == path for p in t.parameters):
            return True
    return False


#: declared parameter types whose values are flags or numbers, never a credential's text
#: (``include_cookies: boolean`` says whether to include the cookies, it is none of them)
_NOT_TEXT = frozenset({"bool", "int", "float", "boolean", "integer", "number"})


def credential_param(p) -> bool:
    """A tool parameter named for a credential that can hold one (not a flag or a number)."""
    return catalog().python.is_secret_name(p.name) and (p.annotation or "") not in _NOT_TEXT


__all__ = ["credential_param", "mapping_carries_credentials"]
