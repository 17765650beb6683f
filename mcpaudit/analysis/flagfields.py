"""Flags read from an object's field: ``subprocess.Popen(cmd, shell=options.shell)``.

A keyword flag that is not a constant is "maybe" to the sink matcher. When it reads a field of an
object of a project class (``options: CommandOptions``, ``self.shell``) and that class gives the
field a constant default (``shell: bool = False`` in a dataclass, ``shell = False`` in a class
body), the value the call sees is that default unless some code sets the field: a construction
that passes it (by keyword, by position, or by ``**mapping``), an attribute store of that name
(``opts.shell = True``, ``self.shell = shell``), ``setattr``, ``dataclasses.replace(o, shell=...)``,
or another class body that declares it. Every module records its classes' constant defaults and
the settings it makes (:func:`collect`); the linker decides over the whole project
(:func:`flag_values`): when every value the field can hold is false, the call runs no shell.

The sink matcher records both readings of such a call: the shell sink and the argv sinks of the
same call, each marked with the field (``SinkRec.shell_field``; ``shell_off`` on the argv ones).
The linker keeps the reading the project's code allows (``Hierarchy.not_a_sink``) and, when the
flag is proven false, counts the call's lines, the keyword's among them, as sinks it followed and
found safe (:func:`off_flag_lines`): a pattern rule's ``shell=True`` there moves to the audit view
(:mod:`mcpaudit.agreement`).

Only the modules the deep analysis reads are searched for settings: at default confidence the
first pass leaves out modules no handler can reach (:mod:`mcpaudit.firstpass`), so a program's
own script that sets the flag, and that no tool calls into, does not count against it.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from ..lazycst import Visitor, cst

from . import cstnodes as N
from .positions import flat_body

#: constant words a flag can hold that do not turn it on
FALSE_WORDS = frozenset({"False", "None", "0"})
#: a setting whose value is not a constant
UNKNOWN = "?"
#: calls that copy a record with some fields changed: their keywords set those fields
_COPIERS = frozenset({"replace", "evolve", "_replace", "model_copy", "copy", "with_changes"})


def constant_word(node) -> str:
    """``True``/``False``/``None``/an integer's text, or :data:`UNKNOWN`."""
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return node.value
    if isinstance(node, cst.Integer):
        return "0" if node.value in ("0", "0x0", "0o0", "0b0") else "1"
    return UNKNOWN


def _last(func) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


def class_defaults(cls: cst.ClassDef) -> Dict[str, str]:
    """Constant defaults of the class body's fields (``shell: bool = False``, ``shell = False``)."""
    out: Dict[str, str] = {}
    for stmt in flat_body(cls.body):
        if isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name) and stmt.value is not None:
            out[stmt.target.value] = constant_word(stmt.value)
        elif isinstance(stmt, cst.Assign):
            for t in stmt.targets:
                if isinstance(t.target, cst.Name):
                    out[t.target.value] = constant_word(stmt.value)
    return out


class _Settings(Visitor):
    """What a module's code sets fields to: ``(class or "*", field or "#n" or "**", word)``."""

    def __init__(self) -> None:
        self.out: Set[Tuple[str, str, str]] = set()

    def _store(self, target, value) -> None:
        for node in ([e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else [target]):
            if isinstance(node, cst.Attribute):
                self.out.add(("*", node.attr.value, constant_word(value) if value is not None else UNKNOWN))

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._store(t.target, node.value if not isinstance(t.target, (cst.Tuple, cst.List)) else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._store(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._store(node.target, None)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for attr, word in class_defaults(node).items():
            self.out.add((node.name.value, "=" + attr, word))  # a class body's own default

    def visit_Call(self, node: cst.Call) -> None:
        name = _last(node.func)
        if name == "setattr":
            key = N.string_value(node.args[1].value) if len(node.args) > 2 else None
            self.out.add(("*", key or "**", constant_word(node.args[2].value) if key else UNKNOWN))
            return
        copier = name in _COPIERS
        if not copier and not name[:1].isupper():
            return  # a class is CapWords (PEP 8): a function call sets no field
        owner = "*" if copier else name
        positional = 0
        for a in node.args:
            if a.star == "**":
                self.out.add((owner, "**", UNKNOWN))
            elif a.star == "*":
                self.out.add((owner, "#*", UNKNOWN))
            elif a.keyword is not None:
                self.out.add((owner, a.keyword.value, constant_word(a.value)))
                if copier and isinstance(a.value, cst.Dict):  # model_copy(update={"shell": True})
                    for e in a.value.elements:
                        key = N.string_value(e.key) if isinstance(e, cst.DictElement) else None
                        self.out.add(("*", key or "**", UNKNOWN))
            else:
                positional += 1
        if positional and not copier:
            self.out.add((owner, f"#{positional}", UNKNOWN))


def _setting_nodes():  # (a function: this module does not import libcst, mcpaudit/lazycst.py)
    return (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.ClassDef, cst.Call)


def collect(mod, body) -> Tuple[Dict[str, Dict[str, str]], FrozenSet[Tuple[str, str, str]]]:
    """The module's classes' constant field defaults, and every field setting its code makes.

    The settings walk (a visit of every node, 40 % of the deep analysis of a 100k-line corpus when
    run on every module) runs only in a module whose text says ``shell``: a flag keyword this
    module reads is ``shell=``, and a setting of it is ``shell=...``/``.shell = ...`` or a field
    named for it (``use_shell``). Known limit: a field of another name (``shell=opts.interactive``)
    set in a module that never says ``shell`` is not seen, and its default is then taken."""
    defaults = {cname: class_defaults(cls) for cname, cls in _classes(body)}
    v = _Settings()
    text = getattr(mod, "text", None)
    if text is None or "shell" in (text.lower() if isinstance(text, str) else text.decode("utf-8", "replace").lower()):
        # the nodes the visitor reads, found without libcst's visit (which rebuilds every node it
        # passes); the settings are a set, so the order the nodes come in does not matter
        kinds = _setting_nodes()
        for stmt in body:
            for node in N.nodes_of(stmt, kinds):
                getattr(v, "visit_" + type(node).__name__)(node)
    return {k: d for k, d in defaults.items() if d}, frozenset(v.out)


def _classes(body, prefix: str = ""):
    for stmt in body:
        if isinstance(stmt, cst.ClassDef):
            yield prefix + stmt.name.value, stmt
            yield from _classes(flat_body(stmt.body), prefix + stmt.name.value + ".")


# -- the summary side: the field a flag keyword reads -----------------------------------------

def flag_field(fa, call: cst.Call, kw: str) -> Optional[Tuple[str, str, int]]:
    """``(class, field, line of the keyword)`` when keyword ``kw`` of ``call`` reads a field of an
    object of a project class: ``shell=options.shell`` (``options: CommandOptions``), ``self.shell``."""
    value = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == kw), None)
    if not isinstance(value, cst.Attribute) or not isinstance(value.value, cst.Name):
        return None
    recv = value.value.value
    if recv == "self" and getattr(fa, "cls", None):
        t = fa.cls
    else:
        t = fa._receiver_type(value.value)
        if not t or not fa._is_project_type(t):
            return None
    at = fa.mod.pos_index.argument_line(fa.stmt, call, value)
    return t, value.attr.value, (at or fa.mod.pos(fa.stmt, call))[0]


def mark(sinks, field: Tuple[str, str, int], off: bool) -> None:
    for s in sinks:
        s.shell_field, s.shell_off = field, off


# -- the linker side ------------------------------------------------------------------------

def flag_values(linker, path: str, cls: str, attr: str) -> Optional[FrozenSet[str]]:
    """The constant words field ``attr`` of the project class ``cls`` (as named in ``path``) can
    hold over the whole project; None when one of them is not a constant or the class is unknown."""
    memo = linker.__dict__.setdefault("_flag_values", {})
    key = (path, cls, attr)
    if key not in memo:
        memo[key] = _values(linker, path, cls, attr)
    return memo[key]


def _values(linker, path: str, cls: str, attr: str) -> Optional[FrozenSet[str]]:
    ref = linker.class_ref(path, cls)
    if ref is None:
        return None
    lineage = [ref] + linker.ancestors(*ref)
    default = next((linker.modules[p].flag_defaults[c][attr] for p, c in lineage
                    if attr in (getattr(linker.modules[p], "flag_defaults", {}) or {}).get(c, {})), None)
    if default is None:
        return None
    names = {c.rsplit(".", 1)[-1] for _p, c in lineage}
    index = _init_index(linker, lineage, attr)
    words = {default}
    for mod in linker.modules.values():
        for owner, key, word in getattr(mod, "flag_sets", ()) or ():
            if key == "=" + attr and owner.rsplit(".", 1)[-1] not in names:
                words.add(word)  # another class declares it (a subclass may override the default)
            elif owner == "*" or owner in names:
                if key in (attr, "**", "#*") or (key[:1] == "#" and key[1:].isdigit() and (
                        index is None or int(key[1:]) > index)):
                    words.add(word if key == attr else UNKNOWN)
    return None if UNKNOWN in words else frozenset(words)


def _init_index(linker, lineage: List[Tuple[str, str]], attr: str) -> Optional[int]:
    """The position of ``attr`` among a record class's constructor arguments (None: unknown)."""
    order: List[str] = []
    for p, c in reversed(lineage):
        shape = (getattr(linker.modules[p], "class_shapes", {}) or {}).get(c)
        if shape is None or not shape.record:
            return None
        order.extend(shape.init)
    return order.index(attr) if attr in order else None


def flag_off(linker, path: str, field: Tuple[str, str, int]) -> bool:
    """The field's every value over the project is false: the flag is never on."""
    words = flag_values(linker, path, field[0], field[1])
    return words is not None and words <= FALSE_WORDS


def off_flag_lines(linker, path: str, sink, reported) -> Set[Tuple[str, int, str]]:
    """The lines of a shell sink whose flag is proven false, the keyword's among them: sinks the
    analysis followed and found safe (no shell runs there)."""
    field = getattr(sink, "shell_field", None)
    if not field or sink.shell_off or not flag_off(linker, path, field):
        return set()
    last = sink.pos[2] if len(sink.pos) > 2 and sink.pos[2] else sink.pos[0]
    lines = set(range(sink.pos[0], last + 1)) | {field[2]}
    return {(path, ln, "shell") for ln in lines if (path, ln) not in reported}


__all__ = ["collect", "flag_field", "flag_off", "flag_values", "mark", "off_flag_lines"]
