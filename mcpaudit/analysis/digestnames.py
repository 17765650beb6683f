"""A file named by a digest in a folder the caller moves: the caller cannot name the file (issue 12).

    def _get_cache_key(self, owner, repo, path, tag):
        return hashlib.md5(f"{owner}/{repo}/{path}/{tag}".encode()).hexdigest()

    def _get_cache_path(self, owner, repo, path, tag) -> Path:
        sub = self.cache_dir / owner / repo / (tag or "latest")
        sub.mkdir(parents=True, exist_ok=True)             # the caller's folder: reported
        return sub / f"{self._get_cache_key(owner, repo, path, tag)}.cache"

    open(cache_path).read(); open(cache_path, "w").write(text)   # hash-named: audit view

The caller's ``tag`` moves the folder (``../``), but the file's name is a digest of the inputs
(``hashlib.*().hexdigest()``, ``uuid4().hex``, ``secrets.token_hex()``), with at most constant
text around it and no separator: no existing file the caller could want (``~/.bashrc``,
``authorized_keys``) has that name, so opening it reads only the tool's own cache files and
writing it creates one more of them. Such a read or write is kept in the audit view with a note
(argvlow.lowered); creating or removing the folder itself is not lowered (the folder is the
caller's: a ``mkdir``/``rmtree`` of it is reported as before).

:func:`digest_name` recognises the final component: a digest call, an f-string or ``+`` of digest
values and constant text without a separator, a local of the function assigned only such values,
or a call of a same-module function or method (``self._get_cache_key(...)``) whose every
``return`` is one. ``folder / name`` and ``os.path.join(folder, name)`` mark the joined value
(:data:`DIGEST_NAME`, dropped with ``.parent`` as fixednames.FIXED_NAME is).
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body
from .taintvalue import Info, Taint

#: clean mark: the path's last component is a digest the code computed (not a sink family)
DIGEST_NAME = "~digest-name"
NOTE = ("audit view: the file's name is a digest the code computes, so the caller moves its folder but "
        "cannot name an existing file")

_DIGEST_METHODS = frozenset({"hexdigest"})
_DIGEST_CALLS = frozenset({"secrets.token_hex", "secrets.token_urlsafe", "uuid.uuid4", "uuid.uuid1"})
_SEPARATORS = ("/", "\\", "..")


def _plain_text(s: Optional[str]) -> bool:
    return s is not None and not any(c in s for c in _SEPARATORS)


def digest_name(fa, node, depth: int = 0) -> bool:
    """Whether ``node`` is a file name made of a digest (see the module's docstring)."""
    if node is None or depth > 3:
        return False
    if isinstance(node, cst.Call):
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _DIGEST_METHODS:
            return True
        fq = fa.mod.dotted(func) or ""
        if fq in _DIGEST_CALLS:
            return True
        if fq == "str" and len(node.args) == 1:
            return digest_name(fa, node.args[0].value, depth + 1)
        return _digest_function(fa, func, depth)
    if isinstance(node, cst.Attribute) and node.attr.value == "hex" and isinstance(node.value, cst.Call):
        return (fa.mod.dotted(node.value.func) or "") in _DIGEST_CALLS  # uuid.uuid4().hex
    if isinstance(node, cst.FormattedString):
        exprs = [p for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
        texts = [p.value for p in node.parts if isinstance(p, cst.FormattedStringText)]
        return bool(exprs) and all(_plain_text(t) for t in texts) and \
            all(digest_name(fa, p.expression, depth + 1) for p in exprs)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        sides = [node.left, node.right]
        digests = [s for s in sides if digest_name(fa, s, depth + 1)]
        return bool(digests) and all(s in digests or _plain_text(N.string_value(s)) for s in sides)
    if isinstance(node, cst.Name) and fa.fn is not None:
        values = _assigned(fa.fn, node.value)
        return bool(values) and all(digest_name(fa, v, depth + 1) for v in values)
    return False


def _assigned(fn: cst.FunctionDef, name: str):
    out = []
    for stmt in N.walk_stmts(flat_body(fn.body)):
        if isinstance(stmt, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name
                                                for t in stmt.targets):
            out.append(stmt.value)
        elif isinstance(stmt, (cst.AnnAssign, cst.AugAssign)) and isinstance(stmt.target, cst.Name) \
                and stmt.target.value == name:
            if stmt.value is None or isinstance(stmt, cst.AugAssign):
                return []
            out.append(stmt.value)
    return out


def _digest_function(fa, func, depth: int) -> bool:
    """A same-module function (``key(...)``) or method of this class (``self._key(...)``) every
    ``return`` of which is a digest name."""
    fn = None
    if isinstance(func, cst.Name):
        fn = next((s for s in flat_body(fa.mod.module) if isinstance(s, cst.FunctionDef) and s.name.value == func.value), None)
    elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self" \
            and fa.cls is not None:
        cls = next((s for s in flat_body(fa.mod.module) if isinstance(s, cst.ClassDef) and s.name.value == fa.cls), None)
        fn = next((s for s in flat_body(cls.body) if isinstance(s, cst.FunctionDef)
                   and s.name.value == func.attr.value), None) if cls is not None else None
    if fn is None:
        return False
    returns = [r.value for r in N.find_all(fn.body, cst.Return)]
    inner = type("_Fn", (), {"fn": fn, "mod": fa.mod, "cls": fa.cls})()
    return bool(returns) and all(r is not None and digest_name(inner, r, depth + 1) for r in returns)


def mark_digest(t: Taint) -> Taint:
    return {label: info.replace(clean=info.clean | {DIGEST_NAME}) for label, info in t.items()} if t else t


def is_digest_named(info: Info) -> bool:
    return DIGEST_NAME in info.clean


__all__ = ["DIGEST_NAME", "NOTE", "digest_name", "is_digest_named", "mark_digest"]
