"""URLs whose scheme and host the code fixes, when the fixing text is not a literal in place.

Two shapes hide a fixed origin from the constant-prefix test (``narrowing.fixed_host_prefix``):

* **a constant of another module**: ``fetch(`${API}${endpoint}`)`` with ``export const API =
  "https://api.example.com/"`` in ``./config.ts`` (re-exported, or ``exports.API = ...`` in
  CommonJS). A module is analysed alone, so the value carries a mark in ``Info.clean`` naming the
  import and the constant text after it (:func:`host_mark`), an intersection over paths like any
  family, which the linker turns into ``ssrf`` when the constant with that text fixes the host
  (:meth:`HostConsts._stamp`); module-level string constants are in the summary (``consts``) so
  that a reference to one resolves like a reference to a table.
* **a variable built on a fixed origin**: ``const base = `https://id.example.com/${org}/_apis```
  then ``fetch(`${base}?${params}`)``. Whatever ``org`` holds (a value of the helper's other
  argument, not the caller's), the request goes to that host; the variable keeps the constant
  text it starts with (:func:`track_prefix`), which the interpreter's ``const_prefix`` reads.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ..narrowing import fixed_host_prefix
from ..reqcreds import host_mark as literal_host
from ..urlpath import IN_PATH
from ..taintvalue import HOST_REF, Info
from . import nodes as N

_STRING_PARTS = ("template_substitution", "string_fragment", "escape_sequence")


def _imported(fa, node) -> Optional[str]:
    """The reference (``<module>#<name>``) of a name imported from a project module that the
    module itself does not know the value of."""
    u = N.unwrap(node)
    if u is None or u.type not in ("identifier", "member_expression") or fa.const_of(u) is not None:
        return None
    d = fa.dotted(u)
    return d if d and "#" in d and not d.endswith("#") else None


def _substitution(node):
    inner = [x for x in node.named_children if x.type != "comment"]
    return inner[0] if inner else None


def host_ref(fa, node) -> Optional[Tuple[str, str]]:
    """(reference, constant text after it) for a string expression that starts with an imported
    name: `` `${API}/v1/${p}` `` -> (``<config>#API``, ``/v1/``); ``API + "/v1/" + p`` likewise."""
    u = N.unwrap(node)
    if u is None:
        return None
    if u.type == "template_string":
        parts = [c for c in u.children if c.type in _STRING_PARTS]
        if not parts or parts[0].type != "template_substitution":
            return None
        ref = _imported(fa, _substitution(parts[0]))
        if ref is None:
            return None
        rest = []
        for ch in parts[1:]:
            if ch.type == "template_substitution":
                inner = _substitution(ch)
                cv = fa.const_of(inner) if inner is not None else None
                if cv is None:
                    break
                rest.append(cv)
            else:
                rest.append(N._unescape(N.text(fa.data, ch)))
        return ref, "".join(rest)
    if u.type == "binary_expression":
        op = u.child_by_field_id(fa.F.operator)
        if op is None or op.type != "+":
            return None
        left = u.child_by_field_id(fa.F.left)
        ref = _imported(fa, left)
        if ref is not None:
            return ref, fa.const_prefix(u.child_by_field_id(fa.F.right))
        return host_ref(fa, left)  # (API + "/v1/") + p: the text after the name, as far as known
    return None


def host_mark(fa, node) -> Optional[str]:
    """The HOST_REF mark of a URL that starts with an imported name (None: it does not)."""
    hit = host_ref(fa, node)
    return f"{HOST_REF}{fa.mod.path}\x1f{hit[0]}\x1f{hit[1]}" if hit else None


def track_prefix(fa, name: str, node) -> None:
    """``name = <node>``: remember the fixed origin the value starts with when it is not a
    constant as a whole (``url_prefixes``, read by ``const_prefix``)."""
    fa.url_prefixes.pop(name, None)
    if node is None or fa.const_of(node) is not None:
        return
    prefix = fa.const_prefix(node)
    if prefix and fixed_host_prefix(prefix):
        fa.url_prefixes[name] = prefix


def merged_prefixes(fa, body: Dict[str, str], other: Dict[str, str]) -> None:
    """After an ``if`` whose two ways both go on: a variable's URL starts with a fixed origin when
    it does on both ways (the other way's, as before when both fix one). ``if (!/^https?:/.test(u))
    u = "https://docs.example.com/" + u`` gives ``u`` that origin on one way only: on the other it
    is the caller's whole URL, so it starts with no fixed origin after the ``if`` (ts56c)."""
    kept = {name: prefix for name, prefix in other.items() if body.get(name)}
    fa.url_prefixes.clear()
    fa.url_prefixes.update(kept)


class HostConsts:
    """Mixed into the TypeScript linker: HOST_REF marks read once modules are linked (module
    constants resolve like tables: ``TsLinker.lookup``)."""

    _host_memo: Dict[str, bool]

    def _fixes_host(self, mark: str) -> bool:
        memo = self.__dict__.setdefault("_host_memo", {})
        if mark not in memo:
            mpath, ref, rest = mark[len(HOST_REF):].split("\x1f")
            val = self.string(mpath, "r:" + ref)  # type: ignore[attr-defined]
            memo[mark] = val is not None and fixed_host_prefix(val + rest)
        return memo[mark]

    def _stamp(self, info: Info, path: str) -> Info:
        info = super()._stamp(info, path)  # type: ignore[misc]
        marks = [c for c in info.clean if c.startswith(HOST_REF)]
        if not marks:
            return info
        clean = info.clean.difference(marks)
        fixed = [m for m in marks if self._fixes_host(m)]
        if fixed:  # what follows the constant fills the path under its host (reqcreds.py)
            clean |= IN_PATH | self._host_of(fixed[0])
        return info.replace(clean=clean)

    def _host_of(self, mark: str) -> frozenset:
        mpath, ref, rest = mark[len(HOST_REF):].split("\x1f")
        return literal_host((self.string(mpath, "r:" + ref) or "") + rest)  # type: ignore[attr-defined]
