"""Authentication evidence by name in a TypeScript/JavaScript module (the catalog's
``http.auth-names``), kept only where the name is code.

The names are found with a regex over the module's text (cheap), then each hit is looked up in
the parse tree: a hit inside a string literal, a template string's text, a regular expression or
a comment is prose (``console.log(`Visit this URL to authenticate: ${url}`)``, a comment naming
``requireBearerAuth``) and is no evidence (the module an import names is code); nor is a request header *set* by the module
(``headers['Authorization'] = `Bearer ${token}` ``, ``req.headers.authorization = ...``): a client
sends that header to another service, it checks nobody. What is left (a call, a middleware, an
object key such as ``authenticate:``, a header read) is recorded as the module's auth records
(``{"kind": "name", "pos", "detail"}``), at most 21 of them.
"""

from __future__ import annotations

from typing import List

from .hookauth import hook_records
from .routerauth import router_guards
from .shorthandkeys import key_matches

#: nodes whose text is not code
_TEXT = frozenset({"string", "string_fragment", "template_string", "comment", "regex", "regex_pattern",
                   "jsx_text", "html_comment", "hash_bang_line"})
#: nodes that end a search upward: code again (a template's `${...}`), or a statement
_CODE = frozenset({"template_substitution", "expression_statement", "statement_block", "program",
                   "lexical_declaration", "variable_declaration", "return_statement"})
_ASSIGN = frozenset({"assignment_expression", "augmented_assignment_expression"})
_MAX = 20


def auth_names(mod) -> List[dict]:
    """The auth records of ``mod`` (a TsModule whose tree is parsed)."""
    low = mod.data.lower()
    surface = mod.M.surface
    root = mod.tree.root_node
    out: List[dict] = []
    # (a shorthand key `{ name, authenticate }` counts as `authenticate:`: shorthandkeys.py, ts54b)
    for m in key_matches(surface.auth_names_lower, surface.auth_prefixes_lower, low, root):
        if not is_code(root, m.start(), m.end()):
            continue
        line = low.count(b"\n", 0, m.start()) + 1
        detail = mod.data[m.start():m.end()].decode("utf-8", "replace")
        rec = {"kind": "name", "pos": (line, 1, line, 1), "detail": detail}
        if in_import(root, m.start()):
            rec["import"] = True  # the name imported: a use of it is the better evidence (rev52t)
        elif is_called(root, m.start(), m.end()):
            rec["call"] = True  # requireBearerAuth({ verifier }): the name at work (rev52t)
        out.append(rec)
        if len(out) > _MAX:
            break
    # a request router's own guard ahead of the transport (routerauth.py)
    out.extend({"kind": "guard", "pos": (line, 1, line, 1), "detail": cond}
               for line, cond in router_guards(mod.data, root)[:3])
    out.extend(hook_records(mod))  # addHook("onRequest", makeAuthHook(cfg)): hookauth.py
    return out


def is_code(root, start: int, end: int) -> bool:
    """Whether the text at bytes ``start``..``end`` of the module is code that can authenticate:
    not prose (a string, a comment) and not a header the module sets (an assignment's target)."""
    node = root.descendant_for_byte_range(start, min(start + 1, end))
    while node is not None and node.type not in _CODE:
        if node.type in _TEXT:
            # the module an import names is code (`from ".../middleware/bearerAuth.js"`)
            return _import_source(node)
        parent = node.parent
        left = parent.child_by_field_name("left") if parent is not None and parent.type in _ASSIGN else None
        if left is not None and (left.start_byte, left.end_byte) == (node.start_byte, node.end_byte) \
                and node.start_byte <= start and end <= node.end_byte:
            return False  # headers["authorization"] = ...: a header set, not read
        node = parent
    return True


def in_import(root, start: int) -> bool:
    """Whether byte ``start`` of the module lies in an import statement (``import { requireBearerAuth }
    from "..."``): the name is brought in there, and used (if at all) elsewhere."""
    node = root.descendant_for_byte_range(start, start + 1)
    while node is not None and node.type not in _CODE:
        if node.type == "import_statement":
            return True
        node = node.parent
    return False


def is_called(root, start: int, end: int) -> bool:
    """Whether the name at bytes ``start``..``end`` is what a call (or ``new``) calls:
    ``requireBearerAuth(...)``, ``auth.verifyToken(...)``."""
    node = root.descendant_for_byte_range(start, end)
    if node is None or node.type not in ("identifier", "property_identifier"):
        return False
    parent = node.parent
    if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("property") == node:
        node, parent = parent, parent.parent
    if parent is None or parent.type not in ("call_expression", "new_expression"):
        return False
    return parent.child_by_field_name("function" if parent.type == "call_expression" else "constructor") == node


def _import_source(node) -> bool:
    """Whether text node ``node`` is (in) the source string of an import or export statement."""
    while node is not None and node.type in ("string_fragment", "string"):
        if node.type == "string" and node.parent is not None and \
                node.parent.type in ("import_statement", "export_statement"):
            return True
        node = node.parent
    return False
