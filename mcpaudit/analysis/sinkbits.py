"""Small judgements the sink matcher makes about a call's text: a switch the code turns on itself,
the words of a split argv, ``eval`` globals that take the builtins away, and an interactive console
module whose prints answer its operator."""

from __future__ import annotations

import re

from ..lazycst import cst

from . import cstnodes as N


def truthy_constant(node) -> bool:
    """``True``, ``1``, ``2``: a switch turned on by the code itself (not by a variable)."""
    if isinstance(node, cst.Name):
        return node.value == "True"
    return isinstance(node, cst.Integer) and node.evaluated_value > 0


def split_words(split_of: str) -> str:
    return f"the caller's text is split into the argv ({split_of}): it chooses the program and its arguments"


def restricted_globals(call: cst.Call, values=None) -> bool:
    """``eval(x, {"__builtins__": {}})``: globals that take the builtins away - an attempt at a
    sandbox, which makes the call a vulnerability rather than a tool's purpose. ``values``: the
    dict literals local names were bound to (``ns = {...}; exec(code, ns)``)."""
    return _builtins_value(call, values) is not None


def _builtins_value(call: cst.Call, values):
    """The ``__builtins__`` entry of the globals a call to ``eval``/``exec`` is given."""
    args = [a for a in call.args if a.keyword is None and not a.star]
    g = args[1].value if len(args) > 1 else next(
        (a.value for a in call.args if a.keyword is not None and a.keyword.value == "globals"), None)
    if isinstance(g, cst.Name) and values:
        g = values.get(g.value)
    if not isinstance(g, cst.Dict):
        return None
    return next((e.value for e in g.elements
                 if isinstance(e, cst.DictElement) and N.string_value(e.key) == "__builtins__"), None)


#: builtins that hand back the whole interpreter: a module importer, code runners, attribute access
_ESCAPES = ("__import__", "eval", "exec", "compile", "open", "getattr", "globals", "vars", "breakpoint")


def kept_escapes(call: cst.Call, values=None) -> list:
    """The builtins of :data:`_ESCAPES` that restricted globals still hand to the code: the keys
    of a ``__builtins__`` dict literal, or the names a comprehension builds it from
    (``{n: getattr(builtins, n) for n in ["len", "__import__"]}``)."""
    b = _builtins_value(call, values)
    names = []
    if isinstance(b, cst.Dict):
        names = [N.string_value(e.key) for e in b.elements if isinstance(e, cst.DictElement)]
    elif isinstance(b, cst.DictComp) and isinstance(b.for_in.iter, (cst.List, cst.Tuple, cst.Set)):
        names = [N.string_value(e.value) for e in b.for_in.iter.elements]
    return [n for n in _ESCAPES if n in names]


def escape_detail(call: cst.Call, values=None) -> str:
    """Why restricted globals do not sandbox the code (the sink's detail)."""
    kept = kept_escapes(call, values)
    if kept:
        first = "__import__('os').system(...)" if "__import__" in kept else f"{kept[0]}()"
        return f"the restricted __builtins__ still hold {', '.join(kept)}: {first} reaches anything"
    given = _builtins_value(call, values)
    if given is not None and not (isinstance(given, cst.Dict) and not given.elements):  # dict(SAFE): restricted
        return "restricted __builtins__ do not sandbox it: ().__class__.__mro__ still reaches every class"
    return "globals without __builtins__ do not sandbox it: ().__class__.__mro__ reaches every class"


def complete_dicts(interp) -> dict:
    """The local dict displays (``opts = {"full_page": f}``) of the function being read, with the
    constant keys its statements assign added (``opts["type"] = "png"``); a dict given a computed
    key or changed by ``update``/``setdefault`` is left out. Spread as ``**opts``, each passes
    only those keys."""
    dicts = getattr(interp, "dicts", None) or {}
    if not dicts or getattr(interp, "fn", None) is None:
        return {}
    added: dict = {k: list(v.elements) for k, v in dicts.items() if isinstance(v, cst.Dict)}
    for node in N.find_all(interp.fn, cst.Assign):
        for t in node.targets:
            sub = t.target
            if isinstance(sub, cst.Subscript) and isinstance(sub.value, cst.Name) and sub.value.value in added:
                key = sub.slice[0].slice.value if len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index) else None
                if key is None or N.string_value(key) is None:
                    added.pop(sub.value.value)  # a computed key: any keyword may be in it
                else:
                    added[sub.value.value].append(cst.DictElement(key, node.value))
    for node in N.find_all(interp.fn, cst.Call):
        f = node.func
        if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.attr.value in ("update", "setdefault"):
            added.pop(f.value.value, None)
    return {k: cst.Dict(elements=v) for k, v in added.items()}


#: A module that reads the person at the terminal (``input()``, ``getpass.getpass()``) and holds no
#: MCP server (it imports no MCP SDK) is a command its operator runs by hand, such as a setup
#: wizard that logs in, generates a bearer token and prints it with the client configuration to
#: copy. What it prints to standard output is the command's answer to that person, on their own
#: terminal: not a log another party reads, and nothing a tool caller reaches. Logging calls
#: (``logger.info``) in the same module stay logs, and a print in a module that serves stays one.
_ASKS = re.compile(r"(?<![\w.])(?:input|getpass(?:\.getpass)?)\s*\(")


def operator_console(mod) -> bool:
    """Whether ``mod`` (an analysed module) is an interactive console of its operator."""
    got = mod.__dict__.get("_operator_console")
    if got is None:
        got = mod._operator_console = not mod.imports_mcp and bool(_ASKS.search(mod.text))
    return got


#: A subcommand of a command-line program (a click/typer/cyclopts ``@app.command`` function, or an
#: ``argparse`` handler named by ``set_defaults(func=...)``) in a module that imports no MCP SDK:
#: the operator runs it by hand (``slack-agent-cli debug show-config``) and what it prints goes to
#: their own terminal on request. Its prints of a secret are no log another party reads: audit view
#: (py56d), unless a tool reaches the print (its hint), the call is a logger's, or the command
#: starts a server (``mcp.run()``, ``uvicorn.run``: what it prints goes to the server's output).
OPERATOR_CLI = "operator CLI output"
#: A secret the program was handed on its own command line, printed back by it (argvsecrets.py)
OPERATOR_ARGV = "operator argv output"
_FUNC_DEFAULT = re.compile(r"set_defaults\(\s*(?:\w+\s*=\s*[^,()]+,\s*)*func\s*=\s*(\w+)")


def operator_cli_command(mod, fn) -> bool:
    """Whether ``fn`` (a cst function of ``mod``) is a subcommand of a command-line program of a
    module that imports no MCP SDK (see :data:`OPERATOR_CLI`)."""
    if fn is None or mod.imports_mcp:
        return False
    from .configured import _cli_command

    handlers = mod.__dict__.get("_cli_handlers")
    if handlers is None:
        handlers = mod._cli_handlers = frozenset(_FUNC_DEFAULT.findall(mod.text))
    if not (_cli_command(fn) or fn.name.value in handlers):
        return False
    return not any(_callee_name(c.func) in _SERVES for c in N.find_all(fn.body, cst.Call))


#: calls that start a server: a command that serves prints into the server's output (a log)
_SERVES = frozenset({"run", "serve", "serve_forever", "run_server", "start_server", "run_async", "run_sse_async",
                     "run_http_async", "run_stdio_async", "run_streamable_http_async"})


def _callee_name(func) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


#: builtins that build a code object from source text without running it: kept, the object reaches
#: ``exec``/``eval`` (sinks of their own); dropped, the call only checks the source's syntax
_COMPILES = frozenset({"compile", "builtins.compile"})


def syntax_check(fa, c) -> bool:
    """``compile(src, "<script>", "exec")`` as a statement of its own (in a ``try`` whose
    ``except SyntaxError`` reports the error): the code object is dropped, nothing runs (py32b)."""
    return c.fq in _COMPILES and isinstance(fa.stmt, cst.Expr) and fa.stmt.value is c.node
