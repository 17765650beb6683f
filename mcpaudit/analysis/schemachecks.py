"""JSON-schema validation is a check of a value's shape, not of its content.

A server that validates a tool's arguments against a JSON schema before dispatching them
(``validate = fastjsonschema.compile(tool.inputSchema)``, then ``validate(arguments)``;
``jsonschema.validate(arguments, schema)``; ``Draft7Validator(schema).validate(arguments)``)
refuses a value of the wrong type, a missing required key or an unknown enum member: a path is
still any string, a URL any URL. Such a call is not "a validator mcpaudit cannot see into" (a
weak check that lowers a finding, or keeps a declared purpose from being its capability): it is
read here and cleans nothing. The calls that build or run such a validator are the models'
``schema-checks`` (``rules/models/python/builtins.yaml``). Recognised:

* the call itself (``jsonschema.validate(arguments, schema)``);
* a name bound in the function or at module level to a validator built by one
  (``validate(arguments)``), and ``.validate`` / ``.is_valid`` / ``.iter_errors`` of such a name or
  of the building call;
* an attribute named like a field the module fills with one (``input_validator=
  fastjsonschema.compile(meta.inputSchema)`` as a keyword, or ``entry.input_validator =
  fastjsonschema.compile(...)``), called through any object (``tool_entry.input_validator(args)``).

Limit: a ``pattern`` or ``format`` keyword in the schema is a content check of its own that this
reading does not look into.
"""

from __future__ import annotations

from typing import FrozenSet

from ..lazycst import cst

from . import cstnodes as N
from .astsandbox import ast_validator

_RUN_METHODS = frozenset({"validate", "is_valid", "iter_errors"})


def _builds(fa, node) -> bool:
    """``node`` is a call of a schema check (a validator built, or one run)."""
    return isinstance(node, cst.Call) and (fa.mod.dotted(node.func) or "") in fa.M.schema_checks


def _bound(fa, name: str) -> bool:
    value = fa.local_values.get(name)
    if value is None:
        value = fa.mod.module_values.get(name)
    return _builds(fa, value)


def _fields(fa) -> FrozenSet[str]:
    """Attribute and keyword names the module fills with a built schema validator (memoised)."""
    memo = fa.mod.__dict__.get("_schema_fields")
    if memo is None:
        names = set()
        for arg in N.find_all(fa.mod.module, cst.Arg):
            if arg.keyword is not None and _builds(fa, arg.value):
                names.add(arg.keyword.value)
        for stmt in N.find_all(fa.mod.module, cst.Assign):
            if _builds(fa, stmt.value):
                names.update(t.target.attr.value for t in stmt.targets if isinstance(t.target, cst.Attribute))
        memo = fa.mod.__dict__["_schema_fields"] = frozenset(names)
    return memo


def schema_check(fa, call: cst.Call) -> bool:
    """``call`` validates its argument against a JSON schema (see the module's docstring)."""
    if not fa.M.schema_checks:
        return False
    func = call.func
    if _builds(fa, call):
        return True
    if isinstance(func, cst.Name):
        return _bound(fa, func.value)
    if not isinstance(func, cst.Attribute):
        return False
    base = func.value
    if func.attr.value in _RUN_METHODS and (_builds(fa, base) or (isinstance(base, cst.Name) and _bound(fa, base.value))):
        return True
    return func.attr.value in _fields(fa)


def read_validator(fa, call: cst.Call) -> bool:
    """A validator-named call mcpaudit reads itself: an AST-walking sandbox check
    (astsandbox.py) or a JSON-schema check (no content check at all)."""
    return ast_validator(fa.mod, call) or schema_check(fa, call)
