"""The whole environment written to a log file (issue 12, py34b).

    with open("/tmp/mcp_server_debug.log", "w") as f:
        for key, value in os.environ.items():
            f.write(f"{key}={value}\\n")

Two parts, both for the ``secret-in-log`` family:

* a source, :func:`bind_env_dump`: the value variable of a ``for`` loop over a whole environment
  object's items (``os.environ.items()``, or ``for value in os.environ.values()``; the objects are
  the ``secret-env-mapping`` rows of rules/models/python/secrets.yaml), when the loop body tests
  no key (no ``if`` naming the key variable: a filter chooses what it writes, as a name prefix does
  in :mod:`.envprefix`), holds every variable of the process, its credentials among them. (The
  mapping copied whole for a child process, ``env = os.environ.copy()``, is not such a loop.)
* a sink, :func:`log_file`: a file object opened for writing (mode ``w``, ``a`` or ``x``) at a path
  that names a log: a literal whose file name ends in ``.log`` or names a log (``debug.log``,
  ``audit_trail.txt``), or a name that does (``LOG_FILE``, ``self.log_path``, ``logwords.py``). The
  interpreter gives such an object the class :data:`LOG_FILE`, the ``log-file`` receiver of
  rules/models/python/logging.yaml, whose ``write``/``writelines`` are log sinks like ``logging``.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N
from .logwords import is_log_name
from .positions import flat_body
from .taintvalue import Info, union

#: the class a file object opened for writing at a log path is given (a ``log-file`` constructor)
LOG_FILE = "builtins.open.log_file"

_OPENERS = frozenset({"open", "io.open", "builtins.open", "codecs.open"})
_WRITE_MODES = ("w", "a", "x")
_LOG_SUFFIXES = (".log", ".log.txt")
#: the label of the secret a whole-environment loop binds (envprefix.py's selection suffix)
_EVERY = "['*']"


def _mode(call: cst.Call) -> Optional[str]:
    for i, a in enumerate(call.args):
        if (a.keyword is not None and a.keyword.value == "mode") or (a.keyword is None and i == 1):
            return N.string_value(a.value)
    return "r"


def _log_path(node) -> bool:
    text = N.string_value(node)
    if text is not None:
        base = text.replace("\\", "/").rsplit("/", 1)[-1].lower()
        return base.endswith(_LOG_SUFFIXES) or is_log_name(base.split(".")[0])
    if isinstance(node, cst.Name):
        return is_log_name(node.value)
    if isinstance(node, cst.Attribute):
        return is_log_name(node.attr.value)
    return False


def log_file(fa, node) -> Optional[str]:
    """:data:`LOG_FILE` when ``node`` opens a log path for writing, else None."""
    if not isinstance(node, cst.Call) or not node.args or (fa.mod.dotted(node.func) or "") not in _OPENERS:
        return None
    mode = _mode(node)
    if not mode or not any(m in mode for m in _WRITE_MODES):
        return None
    return LOG_FILE if _log_path(node.args[0].value) else None


def _tests(body, name: str) -> bool:
    """Whether an ``if`` in the loop body names ``name``."""
    for stmt in N.walk_stmts(body):
        if isinstance(stmt, cst.If) and any(n.value == name for n in N.find_all(stmt.test, cst.Name)):
            return True
    return False


def bind_env_dump(fa, stmt: cst.For) -> None:
    """``for key, value in os.environ.items():`` with no test of ``key``: ``value`` holds every
    variable of the environment (see the module's docstring)."""
    it = stmt.iter
    if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and not it.args
            and it.func.attr.value in ("items", "values")):
        return
    env = fa.mod.dotted(it.func.value) or ""
    if env not in fa.M.secret_env_objects:
        return
    target = stmt.target
    if it.func.attr.value == "items":
        if not (isinstance(target, cst.Tuple) and len(target.elements) == 2
                and all(isinstance(e.value, cst.Name) for e in target.elements)):
            return
        key, value = (e.value.value for e in target.elements)
        if _tests(flat_body(stmt.body), key):
            return
    elif isinstance(target, cst.Name):
        value = target.value
    else:
        return
    label = f"{env}{_EVERY}"
    secret = {("s", label): Info(((fa.stmt, it, f"every variable of {env} (its credentials among them)"),))}
    fa.env[value] = union(fa.env.get(value) or {}, secret)


__all__ = ["LOG_FILE", "bind_env_dump", "log_file"]
