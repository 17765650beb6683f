"""Whether a tool argument named just ``token`` holds a credential (issue 14).

    export const listWebhooksSchema = z.object({
      token: z.string().optional().default('current').describe('Token to list webhooks for'),
    });
    export async function listWebhooks(args: z.infer<typeof listWebhooksSchema>, ctx) {
      ctx.logger.info({ token: args.token }, 'Listing webhooks');

A field named ``apiToken`` or ``accessToken`` says what it is; a bare ``token`` is as often a
pagination cursor ("Pagination token from the previous page"), a text token or a selector (Trello
reads the token ``current`` as the server's own). As in Python (``credparams.credential_parameter``,
with the same catalog words, secrets.yaml ``auth-words``), a bare ``token`` field of a handler's
argument counts as a credential only when its schema's description speaks of authentication
("API token used to authenticate"), and never when the schema gives it a short plain word as its
default (``.default('current')``, ``default: "me"``): a selector, not a secret.

The schema is the one the parameter's type names (``z.infer<typeof S>``), else one written in the
same statement as the handler (an inline ``server.tool("x", {...}, async (args) => ...)``), else
every ``token`` field of the module's schemas. A module that declares no such field gives no
description: no credential, as in Python.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from . import nodes as N

#: a schema field named token: ``token: z.string()...`` or ``token: { type: "string", ... }``
_FIELD = re.compile(rb"""(?<![\w$.])["']?token["']?\s*:\s*(?=z\s*\.|\{)""")
_DESCRIBE = re.compile(r"""\.describe\(\s*(["'`])(.*?)\1\s*\)""", re.S)
_DEFAULT = re.compile(r"""\.default\(\s*(["'`])(.*?)\1\s*\)""")
#: a default that selects (current, me, self, all), not a credential written in the code
_SELECTOR = re.compile(r"[a-z]{1,12}")

Field = Tuple[Optional[str], Optional[int], str, Optional[str]]  # (schema const, statement start, desc, default)


def bare_token(key: Optional[str]) -> bool:
    return key is not None and key.lower() == "token"


def credential_token(fa, param: str) -> bool:
    """Whether the field ``token`` of the handler parameter ``param`` of ``fa`` (a TsFunction)
    holds a credential, by what its schema says of it. A schema imported from another module of
    the project, and a module that declares no ``token`` field itself (the tool definitions kept
    in another module), are read from every module's fields (:func:`exported_token_fields`)."""
    fields = _fields(fa.mod)
    schema = _annotated_schema(fa, param)
    chosen = [f for f in fields if schema is not None and f[0] == schema]
    if not chosen and schema is not None and schema not in fa.mod.schema_nodes:
        verdict = _imported(fa.mod, schema)
        if verdict is not None:
            return verdict
    if not chosen and fa.node is not None:
        here = _statement(fa.node).start_byte
        chosen = [f for f in fields if f[1] == here]
    if not chosen and not fields:
        return "1" in _shared(fa.mod).values()  # no token field here: the project's decide (rev51t)
    return any(_credential(desc, default) for _schema, _start, desc, default in (chosen or fields))


def _credential(desc: str, default: Optional[str]) -> bool:
    words = _auth_words()
    return bool(words is not None and words.search(desc)) and not (default is not None and _SELECTOR.fullmatch(default))


#: the shared fact (``extra_imports``): ``<module key>#<schema const>=1`` (or ``=0``) for each
#: schema of the project with a ``token`` field, 1 when that field is a credential
TOKENS = "\x00tokenfields"


def exported_token_fields(files) -> Dict[str, str]:
    """``{TOKENS: "src/schemas#S=1\\x1f..."}`` over ``(relpath, bytes)`` pairs: every schema's
    ``token`` field, credential or not (a field outside a named schema: ``<module key>#``)."""
    from .module import module_key
    from .parse import parse

    out: Dict[str, str] = {}
    for rel, data in files:
        if not data or b"token" not in data or not _FIELD.search(data):
            continue
        for schema, _start, desc, default in _fields_of(data, parse(data, rel).root_node):
            key = f"{module_key(rel)}#{schema or ''}"
            out[key] = max(out.get(key, "0"), "1" if _credential(desc, default) else "0")
    return {TOKENS: "\x1f".join(f"{k}={v}" for k, v in sorted(out.items()))} if out else {}


def _shared(mod) -> Dict[str, str]:
    memo = mod.__dict__.get("_token_shared")
    if memo is None:
        raw = (getattr(mod, "extra_imports", None) or {}).get(TOKENS, "")
        memo = mod._token_shared = dict(item.rpartition("=")[::2] for item in raw.split("\x1f") if "=" in item)
    return memo


def _imported(mod, schema: str) -> Optional[bool]:
    """What another module's schema imported under the name ``schema`` says of its ``token``
    field; None when it is not a project schema with one."""
    target = mod.imports.get(schema)
    if not target or "#" not in target:
        return None
    shared = _shared(mod)
    if target.startswith("*"):  # a path alias: matched by suffix
        found = [v for k, v in shared.items() if k.endswith(target[1:])]
        return ("1" in found) if found else None
    return (shared[target] == "1") if target in shared else None


def given_cursor(fa, v) -> bool:
    """A local ``token`` that holds only a handler parameter's field (``const { token } = args``)
    whose schema does not say it is a credential."""
    params = {lb[1] for lb in v} if v and all(lb[0] in ("p", "pf") for lb in v) else ()
    return bool(params) and all(p in fa.param_names and not credential_token(fa, p) for p in params)


def _auth_words():
    from ...catalog import catalog

    return catalog().python.auth_words  # one list for both languages (secrets.yaml auth-words)


def _fields(mod) -> List[Field]:
    """Every ``token`` field of a schema in the module, memoised."""
    memo = mod.__dict__.get("_token_fields")
    if memo is None:
        memo = mod._token_fields = _fields_of(mod.data, mod.tree.root_node)
    return memo


def _fields_of(data: bytes, root) -> List[Field]:
    out: List[Field] = []
    for m in _FIELD.finditer(data) if b"token" in data else ():
        pair = root.descendant_for_byte_range(m.start(), m.start() + 1)
        for _ in range(3):  # the key's identifier (or string fragment), up to its pair
            if pair is None or pair.type == "pair":
                break
            pair = pair.parent
        if pair is None or pair.type != "pair" or pair.start_byte != m.start():
            continue
        value = N.unwrap(pair.child_by_field_name("value"))
        if value is None:
            continue
        desc, default = _described(data, value)
        out.append((_schema_const(data, pair), _statement(pair).start_byte, desc, default))
    return out


def _described(data: bytes, value) -> Tuple[str, Optional[str]]:
    """(description, string default) of a zod chain or a JSON-schema object."""
    if value.type == "object":
        props = N.object_props(data, value)
        desc = N.string_value(data, N.unwrap(props["description"])) if "description" in props else None
        default = N.string_value(data, N.unwrap(props["default"])) if "default" in props else None
        return desc or "", default
    text = N.text(data, value)
    d, f = _DESCRIBE.search(text), _DEFAULT.search(text)
    return (d.group(2) if d else ""), (f.group(2) if f else None)


def _schema_const(data: bytes, node) -> Optional[str]:
    """The name of the ``const`` whose value holds ``node`` (``const S = z.object({...})``)."""
    while node is not None and node.type != "variable_declarator":
        if N.is_function(node):
            return None
        node = node.parent
    name = node.child_by_field_name("name") if node is not None else None
    return N.text(data, name) if name is not None and name.type == "identifier" else None


def _statement(node):
    """The top-level statement that holds ``node``."""
    while node.parent is not None and node.parent.type != "program":
        node = node.parent
    return node


def _annotated_schema(fa, param: str) -> Optional[str]:
    """``S`` of a parameter typed ``z.infer<typeof S>`` (``z.input``, ``z.output``)."""
    params = fa.node.child_by_field_name("parameters") if fa.node is not None else None
    for p in params.named_children if params is not None else ():
        pattern, ann = p.child_by_field_name("pattern"), p.child_by_field_name("type")
        if pattern is not None and ann is not None and N.text(fa.data, pattern) == param:
            m = re.search(r"\btypeof\s+([A-Za-z_$][\w$]*)", N.text(fa.data, ann))
            return m.group(1) if m else None
    return None


__all__ = ["TOKENS", "bare_token", "credential_token", "exported_token_fields", "given_cursor"]
