"""A module constant named without a credential word but read from a credential's environment
variable (issue 14, ts56c): ``const KEY = process.env.ALPHAVANTAGE_API_KEY;``. The variable's
name says what the value is, so the constant is that secret wherever the module's functions read
it (``expressions._name``), as ``const apiKey = ...`` is by its own name.

Taken: a top-level ``const``/``let``/``var`` whose value is a read of a secret environment object
(``process.env``, ``Deno.env``: the models' ``secret-env`` rows) with a credential's name,
optionally behind ``!``, ``as string``, parentheses, or a ``||``/``??`` fallback.
"""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N

_FALLBACK = frozenset({"||", "??"})


def secret_env_const(fa, name: str) -> Optional[str]:
    """The environment variable (``process.env.ALPHAVANTAGE_API_KEY``) the module constant ``name``
    holds, when its name is a credential's and ``name`` is not a parameter or a local of ``fa``."""
    if name in fa.param_names or name in getattr(fa, "locals", ()):
        return None
    return _index(fa).get(name)


def _index(fa) -> Dict[str, str]:
    mod = fa.mod
    got = mod.__dict__.get("_secret_env_consts")
    if got is None:
        got = {}
        for s in mod.body_statements:
            if s.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for d in s.named_children:
                name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if name is None or name.type != "identifier":
                    continue
                env = _env_read(fa, d.child_by_field_name("value"))
                if env is not None:
                    got[N.text(mod.data, name)] = env
        mod.__dict__["_secret_env_consts"] = got
    return got


def _env_read(fa, node) -> Optional[str]:
    u = N.unwrap(node)
    while u is not None and u.type == "binary_expression" and \
            N.text(fa.data, u.child_by_field_name("operator")) in _FALLBACK:
        u = N.unwrap(u.child_by_field_name("left"))
    parts = N.member_parts(fa.data, u) if u is not None and u.type == "member_expression" else None
    if not parts or len(parts) < 2:
        return None
    base, key = ".".join(parts[:-1]), parts[-1]
    if base in fa.M.secret_env_objects and fa.M.is_secret_env(key):
        return f"{base}.{key}"
    return None


__all__ = ["secret_env_const"]
