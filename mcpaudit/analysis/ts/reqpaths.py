"""Path-only URL fills in TypeScript/JavaScript: the policy of ``analysis/reqcreds.py``.

* where a value lands: a value after text that puts it in a URL's path (``/api/${x}`` given to a
  client with a base URL, `` `${base}/v2/${x}` ``, `` `https://api.x.com/${x}` ``) carries the
  ``url-path`` mark and the literal host (:func:`path_marks`), as in Python;
* ``x.split(".")[i]`` holds no '.' (splitpieces.py), so it cannot climb;
* the credential a request carries (:func:`ts_credential`): properties of the options objects of
  the call (``headers`` naming one, ``auth``), a server secret in any argument, or - on a client
  (``axios.create()``) - the client's construction options and the module's later settings
  (``client.defaults.headers``, interceptors).
"""

from __future__ import annotations

import re
from typing import Optional

from ..reqcreds import _PLAIN_HEADERS, host_mark
from ..urlpath import HOLE, IN_PATH, in_url_path
from . import nodes as N
from .interceptors import intercepted
from .listenhost import declared_value


def path_marks(before: str) -> frozenset:
    """``url-path`` and the literal host for a value placed after ``before`` (earlier values as
    holes); empty when that text does not put the value in a URL's path."""
    return IN_PATH | host_mark(before) if in_url_path(before) else frozenset()


def concat_text(fa, node) -> str:
    """The text of a string expression, each value as a hole: literals, templates and ``+``."""
    u = N.unwrap(node)
    if u is None:
        return HOLE
    cv = fa.const_of(u)
    if cv is not None:
        return cv
    if u.type == "template_string":
        out = []
        for ch in u.children:
            if ch.type == "template_substitution":
                out.append(HOLE)
            elif ch.type in ("string_fragment", "escape_sequence"):
                out.append(N._unescape(N.text(fa.data, ch)))
        return "".join(out)
    if u.type == "binary_expression":
        op = u.child_by_field_id(fa.F.operator)
        if op is not None and op.type == "+":
            return concat_text(fa, u.child_by_field_id(fa.F.left)) + concat_text(fa, u.child_by_field_id(fa.F.right))
    return HOLE


def _declared_object(fa, node, depth: int = 0):
    """An options object held in a local (``const init = {method, headers}``, then
    ``fetch(url, init)``): the object literal the nearest earlier declaration gives, through
    chains of locals (``const opts = init``)."""
    u = N.unwrap(node)
    while u is not None and u.type == "identifier" and depth < 3:
        u = N.unwrap(declared_value(fa.data, u))
        depth += 1
    return u


def _options_credential(fa, obj, M) -> Optional[str]:
    """The credential an options object names (``{headers: {Authorization}}``, ``{auth}``),
    written in the call or held in a local."""
    u = _declared_object(fa, obj)
    if u is None or u.type != "object":
        return None
    props = N.object_props(fa.data, u)
    for key in M.request_credential_keywords:
        if key in props:
            return f"the '{key}' option"
    for key in M.request_header_keywords:
        if key not in props:
            continue
        for h in _header_objects(fa, props[key]):
            if h is None or h.type != "object" or any(c.type == "spread_element" for c in h.named_children):
                return f"the '{key}' option"  # headers built elsewhere
            for name in N.object_props(fa.data, h):
                if name.lower() not in _PLAIN_HEADERS and M.is_secret_name(name.replace("-", "_")):
                    return f"the '{key}' option"
    for key in M.request_query_keywords:
        q = _declared_object(fa, props[key]) if key in props else None
        for name, v in (N.object_props(fa.data, q).items() if q is not None and q.type == "object" else ()):
            named = N.text(fa.data, N.unwrap(v)).rsplit(".", 1)[-1] if N.unwrap(v) is not None else ""
            if M.is_secret_name(name.replace("-", "_")) or (re.fullmatch(r"[\w$]+", named) and M.is_secret_name(named)):
                return f"the '{key}' option"
    return None


def _header_objects(fa, node, depth: int = 0) -> list:
    """The object literals a headers value may be (None for one not read): a literal, a local
    holding one, either branch of a ``?:``, or a property of a constant object declared in the
    module (``cond ? CRATES_CONFIG.headers : DOCS_CONFIG.headers``)."""
    u = _declared_object(fa, node)
    if u is not None and u.type == "ternary_expression" and depth < 3:
        return [h for side in ("consequence", "alternative")
                for h in _header_objects(fa, u.child_by_field_name(side), depth + 1)]
    if u is not None and u.type == "member_expression" and depth < 3:
        obj, prop = _declared_object(fa, u.child_by_field_name("object")), u.child_by_field_name("property")
        if obj is not None and obj.type == "object" and prop is not None:
            inner = N.object_props(fa.data, obj).get(N.text(fa.data, prop))
            return _header_objects(fa, inner, depth + 1) if inner is not None else [None]
        return [None]
    return [u]


def _client_credential(fa, recv, M) -> Optional[str]:
    """The credential a client (``axios.create(...)`` bound to a name of the module) carries;
    "" when its construction is read and carries none, None when it is not found."""
    u = N.unwrap(recv)
    if u is None or u.type not in ("identifier", "member_expression"):
        return None
    name = N.text(fa.data, u)
    last = name.rsplit(".", 1)[-1]
    later = re.compile(rb"\b" + re.escape(last.encode()) + rb"\s*\.\s*(defaults\s*\.\s*(headers|auth)|interceptors)\b")
    if later.search(fa.data):
        return "the client's default headers"
    if last in intercepted(fa.mod):
        return "the header an interceptor of the client's sets on every request"
    ctor = built_as(fa, name, "_client_ctors", kinds=("call_expression", "new_expression"))
    if ctor is None or ctor.type == "new_expression" and not _package_class(fa, ctor):
        return None  # a project class may add a key in its own constructor
    args = ctor.child_by_field_name("arguments")
    first = [a for a in args.named_children if a.type != "comment"][:1] if args is not None else []
    if not first:  # new X(): a class may read its key from the environment by itself
        return None if ctor.type == "new_expression" else ""
    found = _options_credential(fa, first[0], M)
    if found:
        return found.replace("the '", "the client's '")
    u0 = N.unwrap(first[0])
    return "" if u0 is not None and u0.type == "object" else None


def _package_class(fa, ctor) -> bool:
    """``new Axios({...})``: the class is a package's import (not a project class, whose
    constructor may add a key of its own)."""
    cls = N.unwrap(ctor.child_by_field_name("constructor"))
    head = N.text(fa.data, cls).split(".", 1)[0] if cls is not None else ""
    d = fa.mod.imports.get(head, "")
    return bool(d) and "#" not in d


def _class_node(fa, cls: Optional[str]):
    """The declaration of the module's class ``cls`` (None when not one class of that name)."""
    if not cls:
        return None
    found, stack = [], [fa.mod.tree.root_node]
    while stack:
        n = stack.pop()
        if n.type in ("class_declaration", "abstract_class_declaration"):
            nm = n.child_by_field_name("name")
            if nm is not None and N.text(fa.data, nm) == cls:
                found.append(n)
            continue
        stack.extend(n.named_children)
    return found[0] if len(found) == 1 else None


def built_as(fa, name: str, memo_name: str, kinds=("call_expression",)):
    """The call (``kinds``) that builds ``name`` (``client``, ``this.http``: its last part), once
    per module and name in the module's ``memo_name`` table. ``this.http`` of a class: that
    class's own assignment (two client classes of one module may name their fields alike, one
    with the key and one without)."""
    last = name.rsplit(".", 1)[-1]
    memo = fa.mod.__dict__.setdefault(memo_name, {})
    cls = fa.cls.split(".")[-1] if name.startswith("this.") and getattr(fa, "cls", None) else None
    if (cls, last) not in memo:
        memo[(cls, last)] = _constructor(fa, _class_node(fa, cls) or fa.mod.tree.root_node, last, kinds=kinds)
    return memo[(cls, last)]


def _constructor(fa, root, name: str, kinds=("call_expression",)):
    """The one ``name = <call>`` (a declaration or an assignment) of the module (``kinds``: also
    ``new X()``)."""
    if root is None:
        return None
    found = []
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            left, right = n.child_by_field_name("name"), n.child_by_field_name("value")
        elif n.type == "assignment_expression":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        else:
            stack.extend(n.named_children)
            continue
        if left is not None and right is not None and N.text(fa.data, left).rsplit(".", 1)[-1] == name:
            found.append(N.unwrap(right))
        stack.extend(n.named_children)
    value = found[0] if len(found) == 1 else None
    while value is not None and value.type == "await_expression":
        value = N.unwrap(value.named_children[0]) if value.named_children else None
    return value if value is not None and value.type in kinds else None


def request_sent(fa, c, url_node) -> list:
    """The taints of what a request ``c`` sends besides its URL ``url_node``: its other
    arguments, the other properties of an options object that holds the URL (``{ url, headers
    }``), and the client it is sent through (sentcreds.py). The URL's own are left out: what the
    URL carries is its own flow (a secret spliced into it, an address the service returned)."""
    out = [c.recv]
    for i, a in enumerate(c.args):
        t = c.taints[i] if i < len(c.taints) else {}
        u = N.unwrap(a)
        if a is url_node or u is url_node:
            continue
        if u is not None and u.type == "object" and url_node is not None and \
                u.start_byte <= url_node.start_byte and url_node.end_byte <= u.end_byte:
            out.extend(fa.ev_quiet(v) for k, v in N.object_props(fa.data, u).items()
                       if not (v.start_byte <= url_node.start_byte and url_node.end_byte <= v.end_byte))
            continue
        out.append(t)
    return out


def ts_credential(fa, c, model, url_node) -> str:
    """The credential of the server's that the request ``c`` carries ("" when none is seen)."""
    M = fa.M
    for i, a in enumerate(c.args):
        found = _options_credential(fa, a, M)
        if found:
            return found
        t = c.taints[i] if i < len(c.taints) else {}
        if any(label[0] == "s" for label in t):
            return "a secret of the server's in the URL" if a is url_node else "a secret of the server's it sends"
    if model.receiver is None or c.recv_node is None:
        return ""
    found = _client_credential(fa, c.recv_node, M)
    return "the client's own settings" if found is None else found


__all__ = ["concat_text", "path_marks", "request_sent", "ts_credential"]
