"""Choices a low-level tool's input schema declares, which the mcp SDK checks before its handler runs.

From mcp 1.10 on (python-sdk ``src/mcp/server/lowlevel/server.py``), the handler that
``@server.call_tool()`` registers looks the called tool up in what the ``list_tools`` handler
returned and runs ``jsonschema.validate(arguments, tool.inputSchema)`` before the decorated function
sees the arguments; a call that does not match gets an error result. So a property the called
tool's schema declares with an ``enum`` or a ``const`` (or an array of such items) holds one of the
listed values, and a ``boolean``, ``integer`` or ``number`` one holds no text: a value of it carries
no injection, as a FastMCP parameter typed ``Literal[...]``, an ``Enum`` or ``int`` does
(declared.py). The catalog's ``lowlevel-declaration`` row says from which release and under which
decorator keyword (``validate_input=False`` turns it off).

Not narrowed: a key the called tool's schema does not declare (JSON schema lets unknown properties
through), a handler registered any other way than by the decorator (the 2.x constructor's
``on_call_tool=`` and an assignment into ``request_handlers`` validate nothing), a project whose
declared mcp requirement allows only releases before 1.10 (a lock, a pin, a range bounded below it:
``depversion.predating``), and a finding the linker cannot tie to one tool.

How: the handler's arguments parameter gets one ``MODEL_FIELD`` mark per fixed key, naming the
tools whose schema fixes it (:func:`choice_marks`, through ``declared_clean``); reading the item
keeps them on that item only, a merge with another value's flow drops them, and a finding of a
tool the mark names is cleared (:func:`schema_narrowed`, the Python linker's ``_report``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

from ..lazycst import cst

from .cstnodes import string_value
from .taintvalue import ALL, MODEL_FIELD, Taint

#: JSON types whose values carry no text
_NO_TEXT = frozenset({"boolean", "integer", "number"})


def _choice(spec: cst.BaseExpression) -> bool:
    """A property schema written in place that admits only listed values or no text."""
    if not isinstance(spec, cst.Dict):
        return False
    keys = {string_value(e.key): e.value for e in spec.elements if isinstance(e, cst.DictElement)}
    if "enum" in keys or "const" in keys:
        return True
    kind = string_value(keys["type"]) if "type" in keys else None
    if kind in _NO_TEXT:
        return True
    return kind == "array" and "items" in keys and _choice(keys["items"])


def schema_choices(schema: cst.Dict) -> Tuple[str, ...]:
    """The properties of an input schema literal that hold one of its listed values (or no text)."""
    props = next((e.value for e in schema.elements if isinstance(e, cst.DictElement)
                  and string_value(e.key) == "properties" and isinstance(e.value, cst.Dict)), None)
    out = []
    for pe in props.elements if props is not None else ():
        name = string_value(pe.key) if isinstance(pe, cst.DictElement) else None
        if name and _choice(pe.value):
            out.append(name)
    return tuple(out)


def validates_input(call: Optional[cst.Call], keyword: str) -> bool:
    """``@server.call_tool()`` (a call) with no ``<keyword>=`` other than a literal True."""
    if call is None:
        return False
    for a in call.args:
        if a.keyword is None or a.keyword.value == keyword:
            if not (a.keyword is not None and isinstance(a.value, cst.Name) and a.value.value == "True"):
                return False
    return True


def _handler_choices(linker) -> Dict[Tuple[str, str, str], Dict[str, FrozenSet[str]]]:
    """(handler path, tool name, its arguments parameter) -> called tool -> the keys its schema fixes,
    for each validating low-level ``call_tool`` handler (computed once per linker)."""
    memo = linker.__dict__.get("_schema_choices")
    if memo is not None:
        return memo
    memo = linker.__dict__["_schema_choices"] = {}
    decl = _declaration()
    root = linker.__dict__.get("scan_root")
    validating = []
    for path, fn, tool, kind in linker.handlers:
        mod = linker.modules.get(path)
        rec = next((h for h in getattr(mod, "handlers", ()) if h.function == fn.qualname), None)
        if kind == "call_tool" and rec is not None and getattr(rec, "validates_input", False):
            validating.append((path, fn, tool, mod))
    for path, fn, tool, mod in validating:
        params = [p.name for p in fn.params if p.name not in ("self", "cls")]
        if len(params) < 2 or _predates(root, path, decl):
            continue
        # the tools the same module's list_tools declares, else the project's when it has one
        # validating handler (one server's list: another server's same-named tool is not this one's)
        own = [lt for lt in getattr(mod, "lowlevel_tools", ())]
        if not own and len(validating) != 1:
            continue
        listed = own or [lt for m in linker.modules.values() for lt in getattr(m, "lowlevel_tools", ())]
        fixed = {lt.name: frozenset(getattr(lt, "choices", ())) for lt in listed if getattr(lt, "choices", ())}
        if fixed:
            memo[(path, tool.name, params[1])] = fixed
    return memo


def _declaration() -> dict:
    from ..catalog import catalog

    return catalog().python.surface.lowlevel_declaration


def _predates(root, path: str, decl: dict) -> bool:
    """The project's declared mcp requirement allows only releases without the validation."""
    since = decl.get("validated-from")
    if not since:
        return True
    if root is None:
        return False
    from .depversion import predating

    return predating(Path(root, path), decl.get("package", "mcp"), since, stop=Path(root)) is not None


#: a pseudo-family an item of a validating handler's arguments carries (declared.py's MODEL_FIELD
#: mark turns into it when the item is read): the tools whose schema fixes that item
FOR_TOOL = "schema-fixed-for="


def choice_marks(linker, path: str, tool, param) -> FrozenSet[str]:
    """The marks of a validating low-level handler's arguments parameter: one MODEL_FIELD mark per
    key some tool's schema fixes, naming those tools. Reading the item (``taintvalue.item_of``) keeps
    them on that item only, and a merge with any other value's flow drops them (``meet``)."""
    fixed = _handler_choices(linker).get((path, tool.name, param.name))
    if not fixed:
        return frozenset()
    keys: Dict[str, list] = {}
    for name, fixes in fixed.items():
        for key in fixes:
            keys.setdefault(key, []).append(FOR_TOOL + name)
    return frozenset(MODEL_FIELD + key + "\x1f" + ",".join(sorted(tools)) for key, tools in keys.items())


def schema_narrowed(linker, t: Taint, tool: Optional[str]) -> Taint:
    """``t`` with each value that is an item the called tool's schema fixes (``arguments["provider"]``
    read in a handler of tool ``tool``, whose ``provider`` is an ``enum``) clean for every family."""
    if not t or not tool:
        return t
    mark, out = FOR_TOOL + tool, None
    for label, info in t.items():
        if mark in info.clean and ALL not in info.clean:
            out = dict(t) if out is None else out
            out[label] = info.replace(clean=info.clean | {ALL})
    return t if out is None else out


class SchemaChoices:
    """Mixed into the Python linker: a finding's flow narrowed by the called tool's schema."""

    def _report(self, path, fn, sink, t: Taint, env, hint, handler) -> None:
        return super()._report(path, fn, sink, schema_narrowed(self, t, hint), env, hint, handler)  # type: ignore[misc]


__all__ = ["FOR_TOOL", "SchemaChoices", "choice_marks", "schema_choices", "schema_narrowed", "validates_input"]
