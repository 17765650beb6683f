"""Environment variables selected by a computed name: a prefix filter over the whole environment.

``{k: v for k, v in os.environ.items() if k.startswith("OPENDAL_")}`` collects every variable of
one family - the service's options, its access keys and passwords among them (``OPENDAL_S3_
SECRET_ACCESS_KEY``), whose names are not known here, so no name says which is a secret. Such a
selection is taken to hold a secret: logged or returned whole, it leaks the credentials it holds.
The environment objects are the ``secret-env-mapping`` rows of rules/models/python/secrets.yaml;
the iteration is ``.items()`` with a ``startswith`` test on the key in the comprehension (the whole environment unfiltered is left alone: copied for a child process).
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import Info, union


_SELECTED = "*']"  # the end of the label of such a selection: os.environ['OPENDAL_*']


def _prefix(test, key: str) -> Optional[str]:
    """``key.startswith("PREFIX")`` (or a test made of it with ``and``): the prefix."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _prefix(test.left, key) or _prefix(test.right, key)
    if not (isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value == "startswith"
            and isinstance(test.func.value, cst.Name) and test.args):
        return None
    if test.func.value.value != key:
        return None
    text = N.string_value(test.args[0].value)
    return text or (N.const_prefix(test.args[0].value) or None)


def bind_env_prefix(fa, comp: cst.CompFor) -> None:
    """Give the value variable of a comprehension over the environment filtered by a name prefix
    (``for k, v in os.environ.items() if k.startswith("STORE_")``) the secret it holds (the
    unpacking itself gives a secret only to a variable named for one)."""
    it = comp.iter
    if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and it.func.attr.value == "items"):
        return
    env, target = fa.mod.dotted(it.func.value) or "", comp.target
    if not (isinstance(target, cst.Tuple) and len(target.elements) == 2):
        return
    key, value = (e.value for e in target.elements)
    if not isinstance(key, cst.Name) or not isinstance(value, cst.Name):
        return
    if env not in fa.M.secret_env_objects:
        # the items of such a selection (a module's OPTIONS, narrowed again per service)
        secret = {k: v for k, v in fa.ev(it.func.value).items() if k[0] == "s" and str(k[1]).endswith(_SELECTED)}
    else:
        prefix = next((p for p in (_prefix(c.test, key.value) for c in comp.ifs) if p), None)
        label = f"{env}['{prefix}{_SELECTED}" if prefix else None
        secret = {("s", label): Info(((fa.stmt, comp, f"secret variables {label} selected by prefix"),))} if label else {}
    if secret:
        fa.env[value.value] = union(fa.env.get(value.value) or {}, secret)


__all__ = ["bind_env_prefix"]
