"""Values a server is started with that the code takes from configuration rather than a literal
at the serving call: the bind address and the transport given as a function parameter (its
default, or what the module's callers pass), a local assigned from an environment variable
(``os.getenv("HOST", "0.0.0.0")``), ``value or settings.host``, or an attribute of a settings
object whose default is declared elsewhere in the project (a pydantic-settings field, a keyword
``host=os.environ.get("X_HOST", "127.0.0.1")`` given to a config constructor).

:func:`resolve` answers with a :class:`Chosen`: the constant value used unless the operator
passes another, the words that say where that default comes from, and the settings attribute
or environment variable behind it. :func:`project_settings` reads the project's setting defaults
(names about the bind address or the transport) for the project-wide resolution of attributes
(:func:`resolve_attr`, when the rules run).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from ..lazycst import cst

from ..sources import is_test_path
from .branchauth import unauthed_branch
from .cstnodes import find_all, module_calls, named_params, string_value

#: setting names whose defaults are recorded: the bind address and the transport
_SETTING_WORDS = ("host", "bind", "transport")
_ENV_GETTERS = ("os.getenv", "os.environ.get", "environ.get", "getenv")
_DEPTH = 4
from .loopback import LOOPBACK as _LOOPBACK


@dataclass
class Chosen:
    """A value chosen through configuration: ``text`` is its default (None: unknown), ``how``
    where that default is declared, ``attr`` a settings attribute still to resolve project-wide,
    ``env`` the environment variable that overrides it."""

    text: Optional[str] = None
    how: str = ""
    attr: Optional[str] = None
    env: Optional[str] = None
    #: a parameter's default: "<module path>\x1f<function>\x1f<parameter>", for the callers in
    #: other modules to be read once every file is known (entrycalls.py)
    via: Optional[str] = None

    def as_dict(self) -> Dict[str, Optional[str]]:
        return {"text": self.text, "how": self.how, "attr": self.attr, "env": self.env, "via": self.via}


def _enclosing(mod) -> Dict[int, cst.FunctionDef]:
    """The innermost function around each call of the module (by ``id``)."""
    out = mod.__dict__.get("_cfg_enclosing")
    if out is None:
        out = {}
        for fn in find_all(mod.module, cst.FunctionDef):  # outer first: inner functions overwrite
            for call in find_all(fn.body, cst.Call):
                out[id(call)] = fn
        mod.__dict__["_cfg_enclosing"] = out
    return out


def enclosing_function(mod, node) -> Optional[cst.FunctionDef]:
    """The innermost function whose body holds ``node`` (a statement), or None."""
    found = None
    for fn in find_all(mod.module, cst.FunctionDef):
        if any(n is node for n in find_all(fn.body, type(node))):
            found = fn  # outer first: the innermost is the last
    return found


def env_name(call) -> Optional[str]:
    """``os.getenv("X", ...)`` / ``os.environ.get("X", ...)``: the variable's name."""
    if not isinstance(call, cst.Call) or not call.args:
        return None
    func = call.func
    parts = []
    while isinstance(func, cst.Attribute):
        parts.append(func.attr.value)
        func = func.value
    if isinstance(func, cst.Name):
        parts.append(func.value)
    name = ".".join(reversed(parts))
    if not any(name == g or name.endswith("." + g) for g in _ENV_GETTERS):
        return None
    return string_value(call.args[0].value)


def _env_default(call) -> Optional[str]:
    args = [a for a in call.args if a.keyword is None]
    d = args[1].value if len(args) > 1 else next(
        (a.value for a in call.args if a.keyword is not None and a.keyword.value == "default"), None)
    return string_value(d) if d is not None else None


def param_default(node) -> Optional[str]:
    """A parameter's constant default: a literal, or typer's ``Option("x", ...)``/``Option(default=...)``."""
    text = string_value(node)
    if text is not None or not isinstance(node, cst.Call):
        return text
    d = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "default"), None)
    if d is None and node.args and node.args[0].keyword is None:
        d = node.args[0].value
    func = node.func.attr.value if isinstance(node.func, cst.Attribute) else getattr(node.func, "value", "")
    return string_value(d) if d is not None and func.endswith("Option") else None


def _passed(call: cst.Call, fn: cst.FunctionDef, pname: str):
    """What ``call`` passes for ``fn``'s parameter ``pname``: the argument, None when it passes
    nothing for it, ``False`` when it cannot be told (``*args``/``**kwargs``)."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == pname:
            return a.value
    if any(a.star for a in call.args):
        return False
    names = [p.name.value for p in [*fn.params.posonly_params, *fn.params.params]]
    if names and names[0] in ("self", "cls") and isinstance(call.func, cst.Attribute):
        names = names[1:]
    positional = [a for a in call.args if a.keyword is None]
    if pname in names and names.index(pname) < len(positional):
        return positional[names.index(pname)].value
    return None


def _callers(mod, fn: cst.FunctionDef) -> List[cst.Call]:
    """The module's calls of ``fn``: ``fn(...)``; for a method, ``self.fn(...)`` or
    ``obj.fn(...)`` on a local name (not ``module.fn(...)`` of an imported module, nor
    ``self.other.fn(...)``: another object's method of the same name)."""
    name = fn.name.value
    params = named_params(fn)
    method = bool(params) and params[0].name.value in ("self", "cls")
    out = []
    for c in module_calls(mod):
        if not method and isinstance(c.func, cst.Name) and c.func.value == name:
            out.append(c)
        elif method and isinstance(c.func, cst.Attribute) and c.func.attr.value == name \
                and isinstance(c.func.value, cst.Name) and c.func.value.value not in mod.imports:
            out.append(c)
    return out


_CASE = ("lower", "upper", "strip", "casefold")


def _module_value(mod, name: str):
    """The value of the module's last top-level assignment to ``name`` (None: none)."""
    found = None
    for stmt in mod.module.body:
        for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
                    isinstance(small.targets[0].target, cst.Name) and small.targets[0].target.value == name:
                found = small.value
    return found


def _cli_command(fn: cst.FunctionDef) -> bool:
    """A click/typer command (``@app.command()``, ``@click.option``): its parameters are options,
    whose defaults are used unless the operator passes a value."""
    for deco in fn.decorators:
        expr = deco.decorator.func if isinstance(deco.decorator, cst.Call) else deco.decorator
        name = expr.attr.value if isinstance(expr, cst.Attribute) else getattr(expr, "value", "")
        if name in ("command", "option", "callback"):
            return True
    return False


def _local_value(fn: cst.FunctionDef, name: str):
    """The value of the function's last plain assignment to ``name`` (None: none)."""
    found = None
    for node in find_all(fn.body, cst.Assign):
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                and node.targets[0].target.value == name:
            found = node.value
    return found


def resolve(mod, fn: Optional[cst.FunctionDef], node, depth: int = 0, seen: Optional[dict] = None) -> Optional[Chosen]:
    """The value ``node`` (an expression in ``fn``, or at module level) has unless configuration
    says otherwise; None when nothing is known."""
    seen = {} if seen is None else seen
    if node is None or depth > _DEPTH:
        return None
    text = string_value(node)
    if text is not None:
        return Chosen(text)
    if isinstance(node, cst.Name):
        known = mod.string_constants.get(node.value)
        if known is not None:
            return Chosen(known)
        if fn is not None and any(p.name.value == node.value for p in named_params(fn)):
            return _param(mod, fn, node.value, depth, seen)
        value = _local_value(fn, node.value) if fn is not None else None
        if value is None:
            value, fn = _module_value(mod, node.value), None  # HOST = os.getenv(...) at module level
        return resolve(mod, fn, value, depth + 1, seen) if value is not None else None
    if isinstance(node, cst.Attribute):
        from .surface import option_defaults

        text = option_defaults(mod).get(node.attr.value)
        if text is not None:
            return Chosen(text, f"the default of its --{node.attr.value.replace('_', '-')} option")
        return Chosen(None, attr=node.attr.value)
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        return resolve(mod, fn, node.right, depth + 1, seen)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _CASE \
            and isinstance(node.func.value, cst.Call):
        node = node.func.value  # os.getenv("X_TRANSPORT", "stdio").lower()
    if isinstance(node, cst.Call):
        env = env_name(node)
        if env:
            d = _env_default(node)
            return Chosen(d, f"the default of environment variable {env}" if d is not None else "", env=env)
    return None


def _param(mod, fn: cst.FunctionDef, pname: str, depth: int, seen: dict) -> Optional[Chosen]:
    """A parameter's value unless configured: what the module's callers pass for it (each
    resolved in its own function), else its default."""
    param = next(p for p in named_params(fn) if p.name.value == pname)
    key = (id(fn), pname)
    if key in seen:
        return seen[key]  # resolved already (two callers in one function), or a cycle: None
    seen[key] = None
    seen[key] = got = _param_values(mod, fn, param, pname, depth, seen)
    return got


def _param_values(mod, fn: cst.FunctionDef, param: cst.Param, pname: str, depth: int, seen: dict) -> Optional[Chosen]:
    enclosing = _enclosing(mod)
    values: List[Chosen] = []
    unpassed = False
    for call in _callers(mod, fn):
        arg = _passed(call, fn, pname)
        if arg is False:
            return None
        if arg is None:
            unpassed = True
            continue
        got = resolve(mod, enclosing.get(id(call)), arg, depth + 1, seen)
        if got is None:
            return None
        values.append(got)
    if (unpassed or _cli_command(fn)) and param.default is not None:
        # the default is used only where a caller is seen not to pass the value: a function
        # called from no module here may be called from another with a value of its own
        d = param_default(param.default)
        if d is None:
            return None
        values.append(Chosen(d, f"the default of {fn.name.value}()'s {pname} parameter",
                             via="\x1f".join((mod.path, fn.name.value, pname))))
    if not values:
        return None
    return worst(values)


def worst(values: Iterable[Chosen]) -> Chosen:
    """Of several possible defaults, one that is not loopback if any (the widest exposure)."""
    values = list(values)
    return next((v for v in values if v.text is not None and v.text not in _LOOPBACK), values[0])


def _wanted(name: str) -> bool:
    low = name.lower()
    return any(w in low for w in _SETTING_WORDS)


_SETTINGS_TEXT = re.compile(r"(?i)(?:host|bind|transport)\w*\s*[:=]")


def project_settings(files: Dict[str, str]) -> List[dict]:
    """The project's setting defaults about the bind address or the transport, by name: pydantic-
    style class fields (``host: str = Field(default="127.0.0.1")``, with the class's
    ``env_prefix``), keywords and assignments whose value is an environment variable with a
    default (``bind_host=os.environ.get("X_BIND_HOST", "127.0.0.1")``). Read with ``ast`` from
    every Python file whose text may hold one (a module the deep analysis skips declares
    settings too)."""
    out: List[dict] = []
    for path, text in sorted(files.items()):
        if not path.endswith(".py") or not _SETTINGS_TEXT.search(text) or is_test_path(path):
            continue
        envs = "getenv" in text or "environ" in text
        fields = "Field" in text or "Settings" in text or "BaseModel" in text
        if not (envs or fields):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if envs and isinstance(node, ast.keyword) and node.arg and _wanted(node.arg):
                _env_setting(out, path, node.arg, node.value)
            elif envs and isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    name = t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else None
                    if name and _wanted(name) and node.value is not None:
                        _env_setting(out, path, name, node.value)
            if fields and isinstance(node, ast.ClassDef):
                _class_fields(out, path, node)
            if envs and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _wanted(node.name):
                # @property def host(self): return os.getenv("X_HOST", "127.0.0.1")
                body = [b for b in node.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant))]
                if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
                    _env_setting(out, path, node.name, body[0].value)
    return out


def _ast_env(node) -> Optional[Tuple[str, Optional[str]]]:
    """``os.getenv("X", "d")`` / ``os.environ.get("X", "d")`` as ``(X, d)``."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    name = ast.unparse(node.func) if hasattr(ast, "unparse") else ""
    if not any(name == g or name.endswith("." + g) for g in _ENV_GETTERS):
        return None
    env = node.args[0].value if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) else None
    if env is None:
        return None
    d = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"), None)
    return env, d.value if isinstance(d, ast.Constant) and isinstance(d.value, str) else None


def _env_setting(out: List[dict], path: str, name: str, value) -> None:
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "lower" \
            and isinstance(value.func.value, ast.Call):
        value = value.func.value  # os.environ.get("X_TRANSPORT", "stdio").lower()
    got = _ast_env(value)
    if got is not None and got[1] is not None:
        out.append({"name": name, "default": got[1], "env": got[0], "path": path, "line": value.lineno})


def _class_fields(out: List[dict], path: str, cls: ast.ClassDef) -> None:
    prefix = ""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            for k in stmt.value.keywords:
                if k.arg == "env_prefix" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                    prefix = k.value.value
    for stmt in cls.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None
                and _wanted(stmt.target.id)):
            continue
        value = stmt.value
        if isinstance(value, ast.Call):
            value = next((k.value for k in value.keywords if k.arg == "default"), value.args[0] if value.args else None)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            name = stmt.target.id
            out.append({"name": name, "default": value.value, "env": (prefix + name).upper() if prefix else None,
                        "path": path, "line": stmt.lineno})


def resolve_attr(chosen: Optional[dict], settings: List[dict]) -> Optional[dict]:
    """A chosen value whose default is a settings attribute, resolved against the project's
    setting records (one default for that name, or the same default everywhere): a copy with
    ``text``, ``how`` and ``env`` filled in; the value itself otherwise."""
    if not chosen or chosen.get("text") is not None or not chosen.get("attr"):
        return chosen
    rows = [s for s in settings if s.get("name") == chosen["attr"]]
    defaults = {s["default"] for s in rows}
    if len(defaults) != 1:
        return chosen
    row = rows[0]
    env = row.get("env")
    where = f"{row['path']}:{row['line']}"
    how = f"the default of the {chosen['attr']} setting ({where}" + (f", environment variable {env})" if env else ")")
    return {**chosen, "text": row["default"], "how": how, "env": env or chosen.get("env")}


def _config_test(mod, fn: Optional[cst.FunctionDef], test) -> bool:
    """A test made only of names that are not the module's globals or imports (``if verifier:``,
    ``if not api_key:``): a local or parameter set from configuration; a test on object state,
    a call or a module constant may be enforced elsewhere and is not judged."""
    if fn is None or find_all(test, (cst.Attribute, cst.Call, cst.Subscript)):
        return False
    names = [n.value for n in find_all(test, cst.Name)]
    glob = set(mod.top_names) | set(mod.imports) | {"None", "True", "False"}
    return bool(names) and not any(n in glob for n in names)


def optional_auth(mod, call: cst.Call, value, line: int) -> dict:
    """Whether the auth object a server constructor is given is there only when configuration
    asks for it: ``auth=provider if os.getenv(...) else None`` (``optional``: the condition),
    a constructor inside ``if verifier:`` on a local or parameter (``optional``), or a local made
    by a call (``auth = make_auth(settings.provider)``) whose function may return None
    (``maybe_none``: the function's name, decided once every file is read: :func:`settle`)."""
    from .surface import condition_at  # the surface mixes this module in

    if isinstance(value, cst.IfExp):
        for branch, other in ((value.body, value.orelse), (value.orelse, value.body)):
            if isinstance(branch, cst.Name) and branch.value == "None":
                from .cstnodes import CODEGEN

                return {"optional": CODEGEN.code_for_node(value.test).strip()}
    # (an assignment ``mcp.auth = verifier`` is looked up as the statement it is)
    fn = _enclosing(mod).get(id(call)) if isinstance(call, cst.Call) else enclosing_function(mod, call)
    cond = condition_at(mod, line)
    if cond is not None and _config_test(mod, fn, cond):
        from .cstnodes import CODEGEN

        return {"optional": CODEGEN.code_for_node(cond).strip()}
    branch = unauthed_branch(mod, fn, call) if cond is not None and isinstance(call, cst.Call) else None
    if branch:  # if mode == OAUTH: FastMCP(auth=...) else: FastMCP(): branchauth.py
        return branch
    if isinstance(value, cst.Name):  # auth = None, then set only under a condition (noneauth.py)
        from .noneauth import none_unless_set, parsed

        unset = none_unless_set(parsed(mod), value.value, line)
        if unset is not None:
            return {"optional": f"{value.value} is set only under a condition (line {unset[1]})",
                    "optional_why": f"no branch sets it ({value.value} = None at line {unset[0]}; set only under a condition at line {unset[1]})"}
    made = _local_value(fn, value.value) if fn is not None and isinstance(value, cst.Name) else value
    if isinstance(made, cst.Call):
        func = made.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        if name:
            return {"maybe_none": name}
    return {}


def _returns_none(tree: ast.AST, name: str) -> Optional[int]:
    """The line of an explicit ``return None`` (or bare ``return``) of the function ``name``
    defined in ``tree`` (not in a function nested in it)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            stack = list(node.body)
            while stack:
                n = stack.pop()
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    continue
                if isinstance(n, ast.Return) and (n.value is None or isinstance(n.value, ast.Constant) and n.value.value is None):
                    return n.lineno
                stack.extend(ast.iter_child_nodes(n))
    return None


def settle(project) -> None:
    """Decide what needs every file: the settings attributes a serving site's bind address or
    transport comes from (:func:`resolve_attr`), and the auth a constructor is given from a
    function that may return None (then optional: ``make_auth() returns None at auth.py:38``)."""
    from .entrycalls import settle_entry_calls

    wanted = [a for a in project.auth_evidence if a.get("maybe_none")]
    choices = [s for s in project.http_servers if (s.get("host_choice") or {}).get("attr")
               or (s.get("transport_choice") or {}).get("attr")]
    texts = {p: f.text for p, f in project.files.items() if f.text is not None}
    settle_entry_calls(project, texts)  # a parameter's default, against its other modules' callers
    if not wanted and not choices:
        return
    if choices:
        settings = project_settings(texts)
        for s in choices:
            s["transport_choice"] = resolve_attr(s.get("transport_choice"), settings)
            host = resolve_attr(s.get("host_choice"), settings)
            s["host_choice"] = host
            if host and host.get("text") is not None and s.get("host") is None:
                s["host"], s["host_default"] = host["text"], True
    for a in wanted:
        name = a["maybe_none"]
        for path, text in sorted(texts.items()):
            if f"def {name}" not in text:
                continue
            try:
                line = _returns_none(ast.parse(text), name)
            except (SyntaxError, ValueError):
                continue
            if line is not None:
                a["optional"] = f"{name}() returns None ({path}:{line}) unless configured"
                a["optional_why"] = f"{name}() returns None at {path}:{line}"
                break


_AUTH_SETTING = re.compile(r"(?i)^(?:auth_?token|api_?key|access_?token|bearer_?token|auth_?secret|server_?token|mcp_?token)$")


def unused_auth_setting(files: Dict[str, str]) -> Optional[dict]:
    """A settings field meant to authenticate the server's callers (``auth_token``, ``api_key``
    declared in a class of settings) that no code reads (no ``.auth_token`` anywhere, nor the
    name in a ``getattr``): configured or not, it protects nothing. ``{"name", "path", "line"}``."""
    for path, text in sorted(files.items()):
        if not path.endswith(".py") or is_test_path(path) or "Settings" not in text and "Field" not in text:
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for stmt in cls.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) \
                        and _AUTH_SETTING.match(stmt.target.id):
                    name = stmt.target.id
                    read = re.compile(rf"\.{name}\b|[\"']{name}[\"']")
                    if not any(read.search(t) for p, t in files.items() if p.endswith(".py") and not is_test_path(p)):
                        return {"name": name, "path": path, "line": stmt.lineno}
    return None


def host_chosen(mod, fn: Optional[cst.FunctionDef], node) -> Optional[Chosen]:
    """:func:`resolve` for a bind address; when nothing is known, a click command's option read
    from an environment variable (``envvar="MCP_HOST"``): its value unknown here, the variable
    named (a deployment file may set it)."""
    got = resolve(mod, fn, node)
    if got is not None or fn is None or not isinstance(node, cst.Name) or not _cli_command(fn) \
            or not any(p.name.value == node.value for p in named_params(fn)):
        return got
    env = option_envvars(mod).get(node.value)
    return Chosen(None, env=env) if env else None


def option_envvars(mod) -> Dict[str, str]:
    """The environment variables the module's click options are read from when set
    (``@click.option("--host", default="127.0.0.1", envvar="MCP_HOST")``), by parameter name."""
    out = mod.__dict__.get("_option_envvars")
    if out is None:
        out = mod.__dict__["_option_envvars"] = {}
        for dest, kwargs in options(mod):
            env = string_value(kwargs["envvar"]) if "envvar" in kwargs else None
            if env:
                out.setdefault(dest, env)
    return out


def options(mod) -> List[Tuple[str, Dict[str, cst.BaseExpression]]]:
    """The module's command-line options (argparse ``add_argument``, click ``option``): the name
    their value is read under, and the call's keywords."""
    if "add_argument" not in mod.text and "option" not in mod.text:
        return []
    out = []
    for call in module_calls(mod):
        if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in ("add_argument", "option")):
            continue
        kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        flags = [string_value(a.value) or "" for a in call.args if a.keyword is None]
        names = [f for f in flags if f.startswith("--")] or [f for f in flags if f.startswith("-")] or flags
        dest = string_value(kwargs["dest"]) if "dest" in kwargs else (names[0].lstrip("-").replace("-", "_") if names else None)
        if dest:
            out.append((dest, kwargs))
    return out
