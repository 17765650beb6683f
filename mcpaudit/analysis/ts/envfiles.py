"""A file of environment variables read as a secret source (issue 14, ts56b).

    const envPath = resolve(__dirname, "..", ".env");
    const text = readFileSync(envPath, "utf-8");
    const m = text.match(/^LLM_CONFIGS\\s*=\\s*(\\[[\\s\\S]*?\\])\\s*$/m);
    console.log("Raw LLM_CONFIGS content:", m[1]);        // every configured apiKey

A ``.env`` file (``secret-files`` in rules/models/typescript/secrets.yaml: its names, the templates
that are not one, the calls that read a file's text and the loaders that read one themselves)
holds the operator's variables, the credentials among them. Its text read whole is secret-bearing
as ``process.env`` read whole is (the same label suffix, ``wholeenv.WHOLE``: medium, and a
property read by a name that is no secret drops it, ``parsed.PORT``); string methods keep it (a
line of it, a regex group), ``dotenv.parse`` keeps it (a ``keeps-secrets`` summary). A loader's
result (``dotenv.config()``) holds the variables in one field only (``.parsed``, not ``.error``):
label ``("s", what, FIELD + "parsed")``, turned into the whole-file label by a read of that field
(:func:`field_read`, called by ``secretcalls.secret_values``).

The path is judged by its last part the author wrote: a string, the last argument of a join
(``path.resolve``/``path.join``), the text after a template's last substitution, or a local or
module constant initialised with one of these (one level of names)."""

from __future__ import annotations

from typing import Optional

from ..taintvalue import Info, Taint
from ..wholeenv import WHOLE
from . import nodes as N

#: the third part of a loader's result label: the field that holds the file's variables follows
FIELD = "env-field:"


def last_part(fa, node, depth: int = 0) -> Optional[str]:
    """The last part of a path expression the author wrote (see the module docstring)."""
    u = N.unwrap(node)
    if u is None or depth > 3:
        return None
    s = N.string_value(fa.data, u)
    if s is not None:
        return s.replace("\\", "/").rsplit("/", 1)[-1]
    t = u.type
    if t == "template_string":
        frags = [c for c in u.named_children if c.type != "comment"]
        if frags and frags[-1].type == "string_fragment":
            return N.text(fa.data, frags[-1]).rsplit("/", 1)[-1]
        return None
    if t == "binary_expression":
        return last_part(fa, u.child_by_field_name("right"), depth + 1)
    if t == "call_expression":
        fn = N.unwrap(u.child_by_field_name("function"))
        args = [a for a in N.args_of(u) if a.type != "comment"]
        if fn is None or not args or (fa.dotted(fn) or "").replace("()", "") not in fa.M.joins:
            return None
        return last_part(fa, args[-1], depth + 1)
    if t == "identifier":
        value = N.declared_value(fa.data, u)
        return last_part(fa, value, depth + 1) if value is not None else None
    return None


def is_env_file(fa, node) -> Optional[str]:
    """The name of the ``.env`` file a path expression names, or None."""
    ef = fa.M.env_files
    name = last_part(fa, node) if ef is not None else None
    if not name or not ef.names.match(name) or ef.templates.search(name):
        return None
    return name


def env_file_read(fa, node, fq: str, arg_nodes) -> Optional[Taint]:
    """What a reader call (``readFileSync(".env")``) or a loader call (``dotenv.config()``)
    returns when it reads a file of environment variables, else None."""
    ef = fa.M.env_files
    fq = fq.replace("()", "")
    if ef is None:
        return None
    if fq in ef.loaders:
        what = f"the .env file {fq}() loads{WHOLE}"
        return {("s", what, FIELD + ef.loaders[fq]): Info((fa.step(node, f"the variables of a .env file read by {fq}()"),))}
    if fq not in ef.readers or not arg_nodes:
        return None
    name = is_env_file(fa, arg_nodes[0])
    if name is None:
        return None
    return {("s", f"{name} file{WHOLE}"): Info((fa.step(node, f"the whole '{name}' file read by {fq}()"),))}


def field_read(t: Taint, key: str) -> Taint:
    """The labels of a loader's result read through the field that holds the file's variables
    (``result.parsed``): that file whole."""
    return {("s", label[1]): info for label, info in t.items()
            if label[0] == "s" and len(label) == 3 and label[2] == FIELD + key}


#: a cut of more characters than this is no mask (a mask keeps a key's first or last few)
_MASK_SPAN = 16


def whole_part(recv: Taint) -> Taint:
    """``text.match(re)`` of a whole file or environment: a group of it may be any of its lines,
    so the whole-file labels stay (a match of one secret, a connection URL's host, drops them as
    any other call outside the project does)."""
    return {lb: i for lb, i in recv.items() if lb[0] == "s" and str(lb[1]).endswith(WHOLE)}


def long_cut(fa, recv: Taint, arg_nodes) -> Taint:
    """``text.substring(0, 100)``, ``JSON.stringify(process.env).slice(0, 500)``: the labels of a
    whole file or environment that a cut by constant bounds keeps, when it keeps more characters
    than a mask does (``key.slice(-4)`` and ``token.substring(0, 8)`` stay masks)."""
    whole = whole_part(recv)
    if not whole:
        return {}
    nums = []
    for a in arg_nodes:
        u = N.unwrap(a)
        try:
            nums.append(int(N.text(fa.data, u).replace("_", ""), 0))
        except (TypeError, ValueError):
            return {}
    if len(nums) == 1:
        return whole if nums[0] >= 0 else {}  # text.slice(10): all but the first characters
    return whole if nums[0] >= 0 and nums[1] - nums[0] > _MASK_SPAN else {}


__all__ = ["FIELD", "env_file_read", "field_read", "is_env_file", "last_part", "long_cut", "whole_part"]
