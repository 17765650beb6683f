"""A launcher's own command-line secret printed back on its own terminal.

::

    class Tunnel:
        def __init__(self, port=8000, auth_token=None):
            self.auth_token = auth_token

        def setup_auth(self):
            ...
            print(f"could not set the token: {self.auth_token}")   # the operator's own --token

    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--token")
        args = parser.parse_args()
        Tunnel(auth_token=args.token).setup_auth()

    if __name__ == "__main__":
        main()

A module run as a program (it has an ``if __name__ == "__main__":`` block and parses its own
options with argparse or click) that prints a secret it was handed on its own command line shows
the operator the value they typed: the command line already holds it (shell history, ``ps``), and
``print`` writes to the terminal of the person who ran it, not a log another party reads. Such a
print goes to the audit view (``sinkbits.OPERATOR_ARGV``), unless a tool reaches it (decided at
link time, as for ``OPERATOR_CLI``). Logging calls stay logs.

The secret counts as the command line's when its label is ``args.<dest>`` of an option the module
declares, or ``self.<attr>`` of a class of the module whose ``__init__`` stores a parameter in that
attribute and every construction of the class in the module hands that parameter ``args.<dest>``
(or nothing, or a literal).
"""

from __future__ import annotations

from typing import Iterable, Optional, Set

from ..lazycst import cst

from . import cstnodes as N
from .configured import options


def _dests(mod) -> Set[str]:
    got = mod.__dict__.get("_argv_dests")
    if got is None:
        got = mod.__dict__["_argv_dests"] = {d for d, _kw in options(mod)} if (
            getattr(mod, "main_blocks", None) and ("parse_args" in mod.text or "click" in mod.text)) else set()
    return got


def argv_secrets(fa, labels: Iterable[str]) -> bool:
    """Whether every secret label (``label[1]`` of the taint) is a value of the module's own
    command line, in a module run as a program (see the module docstring)."""
    dests = _dests(fa.mod)
    names = list(labels)
    return bool(dests and names) and all(_from_argv(fa, name, dests) for name in names)


def _from_argv(fa, name: str, dests: Set[str]) -> bool:
    head, _, attr = name.rpartition(".")
    if not head or "." in head or "[" in name or "(" in name:
        return False
    if head != "self":
        return attr in dests
    return fa.cls is not None and _init_from_argv(fa.mod, fa.cls, attr, dests)


def _class(mod, qualname: str) -> Optional[cst.ClassDef]:
    if "." in qualname:
        return None
    return next((s for s in mod.module.body if isinstance(s, cst.ClassDef) and s.name.value == qualname), None)


def _init_param(cls: cst.ClassDef, attr: str):
    """(index after self, name) of the ``__init__`` parameter stored as ``self.<attr>``; None when
    the attribute is assigned anything else in ``__init__``."""
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if init is None:
        return None
    params = [p.name.value for p in init.params.params]
    found = None
    for assign in N.find_all(init.body, cst.Assign):
        for t in assign.targets:
            tgt = t.target
            if isinstance(tgt, cst.Attribute) and tgt.attr.value == attr and \
                    isinstance(tgt.value, cst.Name) and tgt.value.value == "self":
                val = assign.value
                if not (isinstance(val, cst.Name) and val.value in params[1:]) or found not in (None, val.value):
                    return None
                found = val.value
    return (params.index(found) - 1, found) if found else None


def _init_from_argv(mod, qualname: str, attr: str, dests: Set[str]) -> bool:
    cls = _class(mod, qualname)
    got = _init_param(cls, attr) if cls is not None else None
    if got is None:
        return False
    index, param = got
    built = [c for c in N.module_calls(mod) if isinstance(c.func, cst.Name) and c.func.value == qualname]
    if not built:
        return False
    for call in built:
        if any(a.star for a in call.args):
            return False
        given = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == param), None)
        positional = [a.value for a in call.args if a.keyword is None]
        if given is None and index < len(positional):
            given = positional[index]
        if given is None or N.is_literal(given):
            continue
        if not (isinstance(given, cst.Attribute) and isinstance(given.value, cst.Name) and given.attr.value in dests):
            return False
    return True
