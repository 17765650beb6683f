"""The keyword a sink reads from a ``**mapping`` spread.

``launch(**options)`` hands the sink every item of ``options``; the row's keyword
(``args=``) is the item of that name. Values placed under other constant keys of the mapping
(``options = {"args": FLAGS, "proxy": proxy}``, a caller's keywords gathered by ``**kwargs``:
taintvalue.DICT_KEY) are not that keyword, here or once the linker binds what the mapping
holds: each value is read as item ``name`` (``Info.key``, as ``f(**arguments)`` names the item a
parameter takes), so the linker drops what sits under another key (taintvalue.item_of). A value
already read as an item of something else, or under no constant key, stays.

``dict(url=u, n=n)`` builds the mapping ``{"url": u, "n": n}``: each keyword's value under its
name (keyed_kwargs), as a dict display places it.
"""

from __future__ import annotations

from typing import Dict, Sequence

from .taintvalue import Taint, in_dict, item_of, union


def spread_item(dstar: Taint, names: Sequence[str]) -> Taint:
    """What keyword ``names`` (any of them) of a ``**`` spread of ``dstar`` may hold."""
    if not dstar:
        return dstar
    return union(*({label: (info if info.key else info.replace(key=name)) for label, info in item_of(dstar, name).items()}
                   for name in names))


def keyed_kwargs(fq: str, kw_args: Dict[str, Taint]) -> Dict[str, Taint]:
    """The keyword arguments of a call, each under its name when the call is the builtin
    ``dict(...)`` (the mapping it returns holds them so)."""
    if fq != "dict" or not kw_args:
        return kw_args
    return {k: in_dict(v, k) for k, v in kw_args.items()}
