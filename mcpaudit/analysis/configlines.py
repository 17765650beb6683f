"""A caller's value written as a line of a configuration file (issue 12, py57f).

    lines = [f"{k}={v}" for k, v in values.items()]
    env_path.write_text("\\n".join(lines) + "\\n")

A ``.env``, ini, conf, properties or hand-built TOML/YAML file is read back one line at a time: a
value holding a newline ends its own line and adds settings of the caller's choice (a switch the
tool promised it cannot change, a credential, an ``[section]``). Three parts, for the
``config-line`` family (rule ``tool-config-line-injection``):

* the file: :func:`config_file` gives a file object opened for writing (mode ``w``, ``a`` or
  ``x``) at a configuration path the class :data:`CONFIG_FILE`; :func:`config_target` tells a
  ``write_text`` receiver (or such a file object) that names one. What names a configuration file
  is data: the ``config-file`` receiver's ``name-pattern`` (rules/models/python/configfiles.yaml),
  searched in a literal's base name (``.env``, ``app.ini``) and in a variable's or attribute's last
  name (``env_path``, ``self.config_file``);
* the line: :func:`line_built` - the text written is built (an f-string, ``%``, ``+``, a list of
  such lines joined with ``"\\n"``, through the function's local assignments) with a non-constant
  part right after ``=``, ``:`` or ``[``: the value part of a ``KEY=VALUE`` / ``key: value`` /
  ``[section]`` line. Free text (a note's body) is no setting and is left alone;
* the refusal: :func:`newline_refused` - ``if "\\n" in v: raise`` (the value is one line past it),
  a narrowing of the family; ``json.dumps``/``shlex.quote`` (quoting) are the family's sanitizer
  rows, a number or a bool carries nothing, ``re.fullmatch`` of a one-line pattern narrows as any
  allow-list. Writers that quote or indent a value themselves (``dotenv.set_key``, ``configparser``)
  are no sink rows at all.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N

#: the class a file object opened for writing at a configuration path is given
CONFIG_FILE = "builtins.open.config_file"
#: the receiver class whose name-pattern says what names a configuration file (models data)
RECEIVER = "config-file"
FAMILY = "config-line"
_OPENERS = frozenset({"open", "io.open", "builtins.open", "codecs.open"})
_WRITE_MODES = ("w", "a", "x")
#: a constant part of a line that ends right before a value: ``KEY=``, ``key: ``, ``[``
_BEFORE_VALUE = ("=", ":", "[")
_NEWLINES = ("\n", "\r")
_DEPTH = 4


def _pattern(fa):
    rc = fa.M.receivers.get(RECEIVER)
    return rc.name_pattern if rc is not None else None


def _names_config(fa, node, depth: int = 0) -> bool:
    """Whether ``node`` (a path expression) names a configuration file."""
    pat = _pattern(fa)
    if pat is None or node is None or depth > _DEPTH:
        return False
    text = N.string_value(node)
    if text is not None:
        return bool(pat.search(text.replace("\\", "/").rsplit("/", 1)[-1]))
    if isinstance(node, cst.Name):
        if pat.search(node.value):
            return True
        local = fa.local_values.get(node.value)
        return local is not None and _names_config(fa, local, depth + 1)
    if isinstance(node, cst.Attribute):
        return bool(pat.search(node.attr.value))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return _names_config(fa, node.right, depth + 1)  # home / ".env"
    if isinstance(node, cst.Call) and node.args:
        d = fa.mod.dotted(node.func) or ""
        if d.endswith(("Path", "PurePath", "os.path.join", "str", "open")) or d in _OPENERS:
            return _names_config(fa, node.args[-1].value if "join" in d else node.args[0].value, depth + 1)
    return False


def _mode(call: cst.Call) -> Optional[str]:
    for i, a in enumerate(call.args):
        if (a.keyword is not None and a.keyword.value == "mode") or (a.keyword is None and i == 1):
            return N.string_value(a.value)
    return "r"


def config_file(fa, node) -> Optional[str]:
    """:data:`CONFIG_FILE` when ``node`` opens a configuration path for writing, else None."""
    if not isinstance(node, cst.Call) or not node.args or (fa.mod.dotted(node.func) or "") not in _OPENERS:
        return None
    mode = _mode(node)
    if not mode or not any(m in mode for m in _WRITE_MODES):
        return None
    return CONFIG_FILE if _names_config(fa, node.args[0].value) else None


def config_target(fa, method: str, recv_node) -> bool:
    """Whether ``recv_node.<method>(...)`` writes a configuration file: a file object opened at one
    (``write``/``writelines``), or a path that names one (``write_text``)."""
    if recv_node is None:
        return False
    if method in ("write", "writelines"):
        d = fa.mod.dotted(recv_node, fa.types) or ""
        name = recv_node.value if isinstance(recv_node, cst.Name) else None
        return CONFIG_FILE in (d, fa.types.get(name or "", "")) or config_file(fa, recv_node) is not None
    return _names_config(fa, recv_node)


def target_name(fa, recv_node) -> str:
    """The file's name in a message: a literal's base name, else the variable that holds it."""
    node = recv_node
    for _ in range(_DEPTH):
        text = N.string_value(node) if node is not None else None
        if text is not None:
            return text.replace("\\", "/").rsplit("/", 1)[-1]
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            node = node.right
        elif isinstance(node, cst.Call) and node.args:
            node = node.args[0].value
        elif isinstance(node, cst.Name) and node.value in fa.local_values:
            node = fa.local_values[node.value]
        else:
            break
    code = cst.Module([]).code_for_node(recv_node) if recv_node is not None else "the file"
    return code if len(code) <= 40 else code[:37] + "..."


def _replaces_newline(node) -> bool:
    """``v.replace("\\n", " ")`` (anywhere in a chain of calls on ``v``): the value's newlines are gone."""
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if node.func.attr.value == "replace" and node.args and "\n" in (N.string_value(node.args[0].value) or ""):
            return True
        node = node.func.value
    return False


def _value_part(fa, node) -> bool:
    """A non-constant part whose newlines were not replaced (in place, or where the local was bound)."""
    if isinstance(node, cst.Name) and _replaces_newline(fa.local_values.get(node.value)):
        return False  # v = v.replace("\n", " ").strip()
    return not N.is_literal(node) and not _replaces_newline(node)


def line_built(fa, node, depth: int = 0) -> bool:
    """Whether the text ``node`` writes is built with a non-constant value part of a setting line
    (see the module's docstring)."""
    if node is None or depth > _DEPTH:
        return False
    if isinstance(node, cst.Name):
        local = fa.local_values.get(node.value)
        return local is not None and line_built(fa, local, depth + 1)
    if isinstance(node, cst.FormattedString):
        before = ""
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                before = part.value
            elif isinstance(part, cst.FormattedStringExpression):
                if before.rstrip(" \t").endswith(_BEFORE_VALUE) and _value_part(fa, part.expression):
                    return True
                before = ""
        return False
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Modulo):
            fmt = N.string_value(node.left) or ""
            return any(s in fmt for s in ("=%s", "= %s", ": %s", "[%s", "={", "= {")) and _value_part(fa, node.right)
        if isinstance(node.operator, cst.Add):
            left = N.string_value(node.left)
            if left is not None and left.rstrip(" \t").endswith(_BEFORE_VALUE) and _value_part(fa, node.right):
                return True
            return line_built(fa, node.left, depth + 1) or line_built(fa, node.right, depth + 1)
        return False
    if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
        return line_built(fa, node.elt, depth + 1)
    if isinstance(node, (cst.List, cst.Tuple)):
        return any(line_built(fa, e.value, depth + 1) for e in node.elements)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if node.func.attr.value == "join" and node.args:
            return line_built(fa, node.args[0].value, depth + 1)
        if node.func.attr.value in ("encode", "strip", "rstrip"):
            return line_built(fa, node.func.value, depth + 1)
        if node.func.attr.value == "format" and N.string_value(node.func.value) is not None:
            fmt = N.string_value(node.func.value) or ""
            return any(s in fmt for s in ("={", "= {", ": {", "[{")) and any(_value_part(fa, a.value) for a in node.args)
    return False


def newline_refused(fa, var: Optional[str], literal: Optional[str]):
    """``if "\\n" in v: raise``: past it ``v`` is one line (a narrowing of the family)."""
    if not var or literal is None or not any(nl in literal for nl in _NEWLINES) or not fa.env.get(var):
        return []
    return [(var, frozenset({FAMILY}), None, "newline refused")]


__all__ = ["CONFIG_FILE", "FAMILY", "config_file", "config_target", "line_built", "newline_refused", "target_name"]
