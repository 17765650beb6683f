"""A path confined to a root found at run time, which the operator enabled with an opt-in file.

A permission check of this shape lets the caller name any path inside a project folder whose
root holds a file of a fixed name the operator wrote (``project.toml``), and nothing else::

    root = find_root(p)                      # a folder above the normalised p (dirname walk,
                                             # ``git rev-parse --show-toplevel`` run in it)
    if not os.path.exists(os.path.join(root, "project.toml")):
        return False, "not enabled"          # or raise

``p`` is confined for paths past the check (the folders it can reach are the enabled projects).
The same holds when ``p`` was checked to lie inside ``root`` (``relpath``/``commonpath``/
``relative_to``/``startswith(root + sep)`` on its resolved form) and ``root`` holds the opt-in file.
A root that is merely derived from ``p`` by another function is followed through the summaries:
a function's ``ancestor_of`` says which parameter every returned value is a folder above, and
``confines`` which parameter a containment check put inside every returned value; a call of
another module's function is verified when modules are linked (:mod:`.checkref`, mode
``ancestor``).
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Optional, Set, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .narrowing import CHECK_REF, UNVERIFIED
from .taintvalue import Taint

#: (the variable a value is a folder above, once normalised; "" or the weak reason carrying the
#: link-time reference of the other module's function that found it)
Ancestry = Tuple[str, str]

_WRAPPERS = frozenset({"strip", "rstrip", "decode"})


class RootChecks:
    """Mixed into the function interpreter (needs ``env``, ``mod``, ``params``, ``M``)."""

    def _init_roots(self) -> None:
        self.confined: Dict[str, Set[str]] = {}  # root variable -> variables a containment check put inside it
        self.marked_roots: Set[str] = set()  # roots required to hold an opt-in file
        self.marker_paths: Dict[str, str] = {}  # config = os.path.join(root, "NAME") -> root
        self.ancestors: Dict[str, Ancestry] = {}  # root = find_root(p) -> (p, how it is verified)
        self.returned_confines: Optional[FrozenSet[str]] = None  # parameters inside every returned root
        self.returned_ancestors: Optional[Dict[str, str]] = None  # parameters every returned value is above

    # -- assignments and returns ------------------------------------------------------------

    def note_root_var(self, name: str, value_node, call: Optional[cst.Call]) -> None:
        self.confined.pop(name, None)
        self.marked_roots.discard(name)
        self.marker_paths.pop(name, None)
        self.ancestors.pop(name, None)
        if value_node is None:
            return
        root = self._marker_root(value_node)
        if root:
            self.marker_paths[name] = root
            return
        anc = self._ancestor(value_node)
        if anc:
            self.ancestors[name] = anc
        local = self.mod.functions.get(call.func.value) if call is not None and isinstance(call.func, cst.Name) else None
        if local is not None and local.confines:  # root = project_root(p): p is inside what it returns
            inside = {N.var_of(arg) for arg in self._args_for(call, local, local.confines)}
            inside.discard(None)
            if inside:
                self.confined[name] = set(inside)

    def note_root_return(self, value) -> None:
        confined = self.confines(value)
        self.returned_confines = confined if self.returned_confines is None else self.returned_confines & confined
        anc = self._ancestor(value) if value is not None else None
        got = {anc[0]: anc[1]} if anc and any(p.name == anc[0] for p in self.params) else {}
        prev = self.returned_ancestors
        self.returned_ancestors = got if prev is None else {k: v for k, v in got.items() if prev.get(k) == v}

    def confines(self, value) -> FrozenSet[str]:
        """``return root``: the parameters a containment check put inside the returned root."""
        if self.fn is None or not isinstance(value, cst.Name) or value.value not in self.confined:
            return frozenset()
        labels: Set = set()
        for var in self.confined[value.value]:
            labels.update(self.env.get(var) or {})
        return frozenset(p.name for p in self.params if ("p", p.name) in labels)

    @staticmethod
    def _args_for(call: cst.Call, local, names) -> list:
        positional = [p.name for p in local.params if p.kind == "pos"]
        args = [a for a in call.args if a.keyword is None and not a.star]
        return [args[i].value for i, pname in enumerate(positional[:len(args)]) if pname in names]

    # -- a folder above a path --------------------------------------------------------------

    def _ancestor(self, node) -> Optional[Ancestry]:
        """What ``node`` is a folder above (or the normalised form of), and how that is known."""
        if isinstance(node, cst.Await):
            node = node.expression
        if isinstance(node, cst.Name):
            return self.ancestors.get(node.value)
        if isinstance(node, cst.Attribute):
            if node.attr.value in self.M.path_parents or node.attr.value == "stdout":
                return self._ancestor(node.value)  # p.parent; the output of a top-folder command
            return None
        if isinstance(node, cst.IfExp):
            a, b = self._ancestor(node.body), self._ancestor(node.orelse)
            if a and b and a[0] == b[0] and not (a[1] and b[1] and a[1] != b[1]):
                return (a[0], a[1] or b[1])
            return None
        if not isinstance(node, cst.Call):
            return None
        return self._call_ancestor(node)

    def _call_ancestor(self, call: cst.Call) -> Optional[Ancestry]:
        func, M = call.func, self.M
        fq = self.mod.dotted(func) or ""
        args = [a.value for a in call.args if a.keyword is None and not a.star]
        if isinstance(func, cst.Attribute) and func.attr.value in _WRAPPERS:
            return self._ancestor(func.value)
        if fq == "str" and len(args) == 1:
            return self._ancestor(args[0])
        if fq in M.resolver_calls and args:  # abspath(p): p itself, normalised
            var = N.var_of(args[0])
            return self._ancestor(args[0]) or ((var, "") if var else None)
        if isinstance(func, cst.Attribute) and func.attr.value in M.resolver_methods:
            inner = func.value
            if isinstance(inner, cst.Call) and inner.args and (self.mod.dotted(inner.func) or "") in ("pathlib.Path", "pathlib.PurePath"):
                inner = inner.args[0].value
            var = N.var_of(inner)
            return self._ancestor(inner) or ((var, "") if var else None)
        if fq in M.path_parents and args:
            return self._ancestor(args[0])  # only a folder above what is already known
        top = self._toplevel_cwd(call, args)
        if top is not None:
            return self._ancestor(top)
        return self._helper_ancestor(call, fq, args)

    def _toplevel_cwd(self, call: cst.Call, args) -> Optional[cst.CSTNode]:
        """``run(["git", "rev-parse", "--show-toplevel"], cwd=d)`` (any runner): ``d``."""
        if not args or not isinstance(args[0], (cst.List, cst.Tuple)):
            return None
        words = tuple(N.string_value(e.value) for e in args[0].elements[:4] if isinstance(e, cst.Element))
        if not any(words[:len(cmd)] == cmd for cmd in self.M.toplevel_commands):
            return None
        return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "cwd"), None)

    def _helper_ancestor(self, call: cst.Call, fq: str, args) -> Optional[Ancestry]:
        """``find_root(p)``: a function of this module whose summary says it returns a folder
        above its parameter; another module's function, verified when modules are linked."""
        local = self.mod.functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
        if local is not None:
            positional = [p.name for p in local.params if p.kind == "pos"]
            hits = [(arg, local.ancestor_of[positional[i]]) for i, arg in enumerate(args)
                    if i < len(positional) and positional[i] in local.ancestor_of]
        elif (isinstance(call.func, cst.Attribute) or fq) and args and N.var_of(args[0]):
            name = call.func.attr.value if isinstance(call.func, cst.Attribute) else fq.rsplit(".", 1)[-1]
            weak = self.unverified(call, name, 0, "ancestor")
            if CHECK_REF not in weak or call.args[0].keyword is not None or call.args[0].star:
                return None
            hits = [(args[0], f"inside a folder found by {name}() that holds an opt-in file {UNVERIFIED}"
                     + CHECK_REF + weak.split(CHECK_REF, 1)[1])]
        else:
            return None
        if not hits:
            return None
        arg, how = hits[0]
        var = N.var_of(arg)
        if not var:
            return None
        known = self.ancestors.get(var)
        if known is None:
            return (var, how)
        if known[1] and how:
            return None  # two unverified steps: one reference only
        return (known[0], known[1] or how)

    # -- the opt-in file --------------------------------------------------------------------

    def _marker_root(self, node) -> Optional[str]:
        """``root`` of ``os.path.join(root, NAME)`` / ``root / NAME`` / ``Path(root, NAME)`` with a
        fixed ``NAME`` (a literal or a module constant)."""
        def fixed(n) -> bool:
            return N.string_value(n) is not None or (isinstance(n, cst.Name) and n.value in self.mod.string_constants)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            return node.left.value if isinstance(node.left, cst.Name) and fixed(node.right) else None
        call = node.expression if isinstance(node, cst.Await) else node
        if not isinstance(call, cst.Call) or len(call.args) < 2:
            return None
        fq = self.mod.dotted(call.func) or ""
        if not (fq in self.M.joins and fq != "urllib.parse.urljoin"):
            return None
        first = call.args[0].value
        if isinstance(first, cst.Name) and all(fixed(a.value) for a in call.args[1:]):
            return first.value
        return None

    def marker_narrowings(self, cond: cst.Call) -> Optional[list]:
        """``os.path.exists(os.path.join(root, NAME))`` / ``(root / NAME).is_file()`` being true:
        ``root`` holds the opt-in file; what is inside ``root`` is confined."""
        fq = self.mod.dotted(cond.func) or ""
        target = None
        if fq in ("os.path.exists", "os.path.isfile", "os.path.isdir") and cond.args:
            target = cond.args[0].value
        elif isinstance(cond.func, cst.Attribute) and cond.func.attr.value in ("exists", "is_file", "is_dir"):
            target = cond.func.value
        if target is None:
            return None
        root = self.marker_paths.get(target.value) if isinstance(target, cst.Name) else self._marker_root(target)
        if root is None:
            return None
        self.marked_roots.add(root)
        why = "inside a folder that holds an opt-in file"
        out = [(var, frozenset({"path"}), None, why, {}) for var in sorted(self.confined.get(root, ())) if self.env.get(var)]
        anc = self.ancestors.get(root)
        if anc and self.env.get(anc[0]):
            out.append((anc[0], frozenset() if anc[1] else frozenset({"path"}), anc[1] or None, why, {}))
        return out

    def confined_keep(self, var: str, roots) -> Taint:
        """A resolved value checked to lie inside ``roots``: remember it. What the value keeps
        of the caller (:meth:`root_labels`): nothing when that root holds an opt-in file."""
        roots = [r.left if isinstance(r, cst.BinaryOperation) and isinstance(r.operator, cst.Add) else r for r in roots]
        root_vars = {c[0] for c in (self.checked_path(r) for r in roots) if c}
        if len(root_vars) == 1:
            root = next(iter(root_vars))
            self.confined.setdefault(root, set()).add(var)
            if root in self.marked_roots:
                return {}
        return self.root_labels(roots)
