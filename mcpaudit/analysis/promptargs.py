"""The arguments a low-level server's prompts declare, read like tool schemas.

A ``get_prompt`` handler receives ``arguments``: a mapping of the arguments of the prompt the
client asked for, which the ``Prompt(...)`` objects ``list_prompts`` returns declare
(``arguments=[PromptArgument(name="language"), ...]``). A handler that logs the whole mapping
writes a credential only if some prompt takes one. :func:`declared_prompt_args` reads every
``Prompt(...)`` of a module: the names of its declared arguments, or None when they are not a
literal list of ``PromptArgument(name=<literal>)``. :func:`prompt_mapping_clean` says when the
whole ``arguments`` mapping of a ``get_prompt`` handler cannot carry a credential: the project
declares prompts, every one's arguments are literal, and none is named for a credential.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..lazycst import Visitor, cst

from ..catalog import catalog
from . import cstnodes as N
from .visitorder import visit

_PROMPT = ("mcp.types.Prompt", "types.Prompt")
_ARGUMENT = "PromptArgument"


def _arg(call: cst.Call, keyword: str, position: int):
    for i, a in enumerate(call.args):
        if (a.keyword is not None and a.keyword.value == keyword) or (a.keyword is None and not a.star and i == position):
            return a.value
    return None


def _names(node) -> Optional[Tuple[str, ...]]:
    """The literal names of a literal list of ``PromptArgument(name=...)`` (``[]``: none)."""
    if node is None or (isinstance(node, cst.Name) and node.value == "None"):
        return ()
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    out = []
    for e in node.elements:
        v = e.value if isinstance(e, cst.Element) else None
        if not (isinstance(v, cst.Call) and N.dotted_text(v.func).split(".")[-1] == _ARGUMENT):
            return None
        name = N.string_value(_arg(v, "name", 0))
        if name is None:
            return None
        out.append(name)
    return tuple(out)


class _Prompts(Visitor):
    def __init__(self, mod):
        self.mod, self.out = mod, []

    def visit_Call(self, node: cst.Call) -> None:
        fq = self.mod.dotted(node.func) or ""
        if fq in _PROMPT or fq.endswith(".types.Prompt"):
            self.out.append(_names(_arg(node, "arguments", 3)))


def declared_prompt_args(mod, body) -> List[Optional[Tuple[str, ...]]]:
    """Each ``Prompt(...)`` of the module: its declared argument names (None: not literal)."""
    if "Prompt(" not in mod.text:
        return []
    v = _Prompts(mod)
    for node in body if isinstance(body, (list, tuple)) else (body,):
        visit(node, v)
    out, v.mod = v.out, None
    return out


def prompt_mapping_clean(linker, mapping: dict) -> bool:
    """Whether a logged whole mapping is the ``arguments`` of a ``get_prompt`` handler whose
    project declares only prompts without credential arguments."""
    tools = {label[1] for label in mapping if label[0] == "src" and len(label) > 2 and label[2] == "arguments"}
    if not tools or len(tools) != len({label[1] for label in mapping if label[0] == "src"}):
        return False
    prompt_handlers = {tool.name for _p, _fn, tool, kind in linker.handlers if kind == "get_prompt"}
    if not tools <= prompt_handlers:
        return False
    declared = [d for m in linker.modules.values() for d in getattr(m, "prompt_args", ())]
    if not declared or any(d is None for d in declared):
        return False
    secret = catalog().python.is_secret_name
    return not any(secret(n) for d in declared for n in d)




class PromptArgs:
    """Mixed into the Python linker: a ``get_prompt`` handler's whole ``arguments`` mapping is no
    credential carrier when the project's prompts declare none (:func:`prompt_mapping_clean`)."""

    def _report_log(self, path, fn, sink, t, env, hint) -> None:
        if sink.whole and any(n in env and prompt_mapping_clean(self, env[n]) for n in sink.whole):
            env = {k: v for k, v in env.items() if not (k in sink.whole and prompt_mapping_clean(self, v))}
        super()._report_log(path, fn, sink, t, env, hint)


__all__ = ["PromptArgs", "declared_prompt_args", "prompt_mapping_clean"]
