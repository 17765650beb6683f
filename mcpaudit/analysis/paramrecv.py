"""Methods called on a parameter with no annotation, typed by what the function's callers pass.

``async def _tool_stop_build(client, args): client.stop_build(args["job"], n)``, called as
``handler(client, arguments)`` by a ``call_tool`` that looked ``handler`` up in a table, after
``client = await get_cached_client(settings)``: the parameter holds whatever object the callers
hand in, here the ``JenkinsClient`` a project factory built (and kept in a module-level cache the
getter returns). A parameter annotated with a project class is typed already (resolution.py); an
unannotated one was a library receiver, so the project method (and the sinks it reaches) was
never followed.

* Module side, :func:`param_receiver_target`: ``p.method(...)`` on a plain parameter ``p`` of the
  function (no annotation, never rebound in it, not ``self``/``cls``, a method no ``str``,
  ``bytes``, ``dict``, ``list``, ``set`` or number has) is recorded as a call of ``<arg>p.method``,
  the library call it was otherwise (its sinks kept unless the linker finds the method:
  ``unless_target``, as for other receivers that may be the project's).
* Linker side, :class:`ParamReceivers`: such a call lands in ``method`` of each project class the
  calls of the function pass for ``p``: an argument that is (or holds) the result of a call of
  a project class, of a factory that returns one (its ``return_classes`` or annotation), or of a
  function that returns what such a call made (``return cached`` after ``cached = make()``, a
  module-level cache included), followed through at most three such functions.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .callsiteindex import call_site_index
from .dispatch import IMPORTED_TABLE
from .guards import assigned_names_in
from .retkeys import keyed_label

#: the prefix of a call target whose receiver is a parameter of the calling function
MARK = "<arg>"
#: methods of the builtin value types: a parameter they are called on holds data, not a project object
_BUILTIN = frozenset(m for t in (str, bytes, dict, list, set, tuple, int, float, bool)
                     for m in dir(t) if not m.startswith("_"))
_DEPTH = 3
_MAX = 8


def param_receiver_target(fa, func) -> Optional[str]:
    """``<arg>p.method`` for a call ``p.method(...)`` on a plain parameter ``p`` of the function
    (see the module's docstring); None otherwise."""
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)) or fa.fn is None:
        return None
    name, method = func.value.value, func.attr.value
    if name in ("self", "cls") or method in _BUILTIN or method.startswith("_"):
        return None
    param = next((p for p in fa.params if p.name == name), None)
    if param is None or param.annotation or param.kind not in ("pos", "kwonly") or param.context:
        return None
    if name in fa.types or name in fa.local_values or name in assigned_names_in(fa.mod, fa.fn):
        return None
    return f"{MARK}{name}.{method}"


def _made_keys(taint) -> List[int]:
    """The indexes of the calls whose results a value holds (``("c", idx)`` labels)."""
    return sorted(k[1] for k in taint if isinstance(k, tuple) and (len(k) == 2 or keyed_label(k)) and k[0] == "c"
                  and isinstance(k[1], int))  # a field read of the result holds it as before (retkeys.py)


class ParamReceivers:
    """Mixed into the Python linker: targets ``<arg>p.method`` land in the methods of the classes
    the function's callers pass for ``p``."""

    def resolve_all(self, path: str, caller, target: str) -> list:
        if target.startswith(MARK):
            return self.param_receiver_hits(path, caller, target)
        return super().resolve_all(path, caller, target)

    def param_receiver_hits(self, path: str, caller, target: str) -> list:
        if caller is None:
            return []
        memo = self.__dict__.setdefault("_param_recv_memo", {})
        key = (path, caller.qualname, target)
        if key not in memo:
            memo[key] = []  # guards recursion
            memo[key] = self._param_receiver_hits(path, caller, target)
        return memo[key]

    def _param_receiver_hits(self, path: str, caller, target: str) -> list:
        name, _, method = target[len(MARK):].partition(".")
        index = next((i for i, p in enumerate(caller.params) if p.name == name), None)
        if index is None:
            return []
        kind = caller.params[index].kind
        out: list = []
        seen = set()
        for spath, sfn, rec, is_method in self._call_sites().get((path, caller.qualname), ()):
            # a method's call leaves out its self/cls (a staticmethod's first parameter is passed)
            pos = index - 1 if is_method and index > 0 and caller.params[0].name in ("self", "cls") else index
            taint = rec.kwargs.get(name) or (rec.args[pos] if kind == "pos" and 0 <= pos < len(rec.args) else None)
            for idx in _made_keys(taint or {}):
                for hit in self._made_methods(spath, sfn, idx, method, 0):
                    k = (hit[0], hit[1].qualname)
                    if k not in seen and len(out) < _MAX:
                        seen.add(k)
                        out.append((hit[0], hit[1], True))
        return out

    def _made_methods(self, path: str, fn, idx: int, method: str, depth: int) -> list:
        """``method`` of the project classes whose objects the call ``fn.calls[idx]`` returns."""
        rec = fn.calls.get(idx)
        if rec is None or depth > _DEPTH or rec.target.startswith(MARK):
            return []
        hit = self.resolve(path, fn, rec.target)
        if hit is None:
            return []
        hpath, made = hit[0], hit[1]
        if made.name == "__init__" and made.cls:
            got = self.resolve(hpath, None, f"{made.cls}.{method}")
            return [got] if got is not None else []
        out = []
        for cls in (*made.return_classes, *((made.return_type.replace("()", ""),) if made.return_type else ())):
            got = self.resolve(hpath, None, f"{cls}.{method}")
            if got is not None:
                out.append(got)
        if out:
            return out
        for _pos, taint in made.returns:  # return cached (cached = make_client()): what that call made
            for k in _made_keys(taint):
                out += self._made_methods(hpath, made, k, method, depth + 1)
        return out

    def _call_sites(self) -> Dict[Tuple[str, str], List[tuple]]:
        """(path, qualname) of a project function -> the calls that pass it the result of a call
        (the only arguments :meth:`_made_methods` can type), resolved once per link; a dispatch
        through a table (its target names no function) is kept whatever its name."""
        wanted = self.__dict__.get("_param_recv_wanted")
        if wanted is None:
            wanted = self.__dict__["_param_recv_wanted"] = self._receiver_callees()

        def keep(rec) -> bool:
            if rec.target.startswith(MARK):
                return False
            if not rec.target.endswith(IMPORTED_TABLE) and rec.target.split(".")[-1] not in wanted:
                return False
            return any(_made_keys(a) for a in (*rec.args, *rec.kwargs.values()))
        return call_site_index(self, "_param_recv_sites", keep, every=True)

    def _receiver_callees(self) -> frozenset:
        """The names of the functions that call a method on a plain parameter."""
        return frozenset(fn.name for mod in self.modules.values() for fn in mod.functions.values()
                         if any(r.target.startswith(MARK) for r in fn.calls.values()))


__all__ = ["MARK", "ParamReceivers", "param_receiver_target"]
