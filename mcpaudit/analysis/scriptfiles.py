"""Code written to a file, then run by an interpreter (the Python side of ``ts/scriptfiles.py``).

``with open(script_path, "w") as f: f.write(code)`` (or ``open(p, "w").write(code)``,
``Path(p).write_text(code)``, or a shell script ``echo '{code}' > /app/{name}``), then, in the same
function, a command line that names an interpreter and that file:
``subprocess.run(["python", script_path])``, ``container.exec_run(cmd=["python", "/app/script.py"])``
after the file was copied there. The interpreter runs the text written, so the caller's text in it
is code: the command sink reports the code family (code injection, or the tool's code-execution
capability), with the TypeScript engine's message: "the file 'X' is run by python, with the
caller's text written in it".

A wrapper: a script the function writes whose text runs the written file by an interpreter
(``python /app/script.py`` in a ``run.sh`` it writes next to it) runs the caller's text when it
is run itself, by any command line that names it (``["/app/run.sh"]``, ``["timeout", "9",
"/app/run.sh"]``).

The file is matched by the variable naming it in both calls, or by its file name: the name the
write gives it (``os.path.join(tmp, "script.py")``, ``f"/app/{name}"``) and the last segment of a
path the command names (``/app/script.py``, the same file copied into or mounted in a container).
The interpreters are the ``script-programs`` of the process models.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, NamedTuple, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .argvwrites import script_runner
from .progreturns import helper_calls, interpreter_value, path_program
from .taintvalue import Taint, add_step

_WRITERS = frozenset({"write", "writelines", "write_text", "write_bytes"})
_OPENERS = frozenset({"open", "io.open", "builtins.open", "codecs.open", "aiofiles.open"})
_PATHS = frozenset({"Path", "pathlib.Path", "PosixPath", "pathlib.PosixPath", "anyio.Path"})
#: temporary files opened for writing by default, named by their handle's ``.name``
_TEMP_FILES = frozenset({"tempfile.NamedTemporaryFile", "aiofiles.tempfile.NamedTemporaryFile"})

Key = Tuple[str, str]


class Written(NamedTuple):
    shown: str  # the file's name in messages (its variable, or its file name)
    taint: Taint  # the caller's text written in it
    whole: bool  # written as is (``write(code)``), not built into a larger text
    prog: Optional[str] = None  # a wrapper: the interpreter its text runs the written file with


def note_written(fa, call: cst.Call, method: Optional[str], recv_node, pos_args: List[Taint]) -> None:
    """``f.write(code)`` and friends: remember the file the caller's text goes to (or the
    wrapper that runs such a file)."""
    if method not in _WRITERS or not call.args or recv_node is None:
        return
    if not (pos_args and pos_args[0]) and not fa.__dict__.get("script_files"):
        return  # neither the caller's text nor a wrapper of a file that holds it
    path = _write_target(fa, recv_node, method)
    keys = _file_keys(fa, path) if path is not None else []
    if keys:
        _record(fa, call, keys, call.args[0].value, pos_args[0] if pos_args else {})


def note_run(fa, model, c) -> None:
    """A command sink ``c``: a shell script that writes the caller's text into a file (``echo
    '...' > f``), and a command line that runs a written file by an interpreter."""
    if model.family != "shell":
        return
    node, taint = c.arg(model.arg)
    if node is None:
        return
    files = fa.__dict__.get("script_files")
    if files and model.kind == "argv-splat":  # create_subprocess_exec(py, script): the argv
        node = cst.List([cst.Element(a.value) for a in c.positional])
    hit = _runs(fa, node, files) if files else None
    _shell_writes(fa, c, node, taint)
    if hit is None:
        return
    prog, elem, w = hit
    before = len(fa.sinks)
    fa._sink("code", c.label(model), c.node, w.taint, elem,
             detail=f"the file '{w.shown}' is run by {prog}, with the caller's text written in it")
    for sink in fa.sinks[before:]:
        sink.program_from = fa.__dict__.pop("_run_by_helper", ())
        sink.verbatim = w.whole  # the file holds the value as is (write(code)), whatever names the file


def _record(fa, call, keys: List[Key], content, t: Taint) -> None:
    files: Dict[Key, Written] = fa.__dict__.setdefault("script_files", {})
    shown = keys[0][1]
    if t:
        whole = isinstance(content, (cst.Name, cst.Attribute, cst.Subscript))
        w = Written(shown, add_step(t, (fa.stmt, call, f"written to the file '{shown}'")), whole)
    else:
        inner = _wrapped(fa, _text_of(fa, content), files) if files else None
        if inner is None:
            for k in keys:
                files.pop(k, None)  # the file now holds the server's own text
            return
        prog, w = inner
        w = Written(w.shown, w.taint, w.whole, prog)
    for k in keys:
        files[k] = w


def _shell_writes(fa, c, node, taint: Taint) -> None:
    """``["sh", "-c", f"echo '{code}' > /app/{name}"]``: the script writes into that file."""
    gate = fa.mod.__dict__.get("_echo_redirects")
    if gate is None:  # a module with no such text has none (read once per module)
        gate = fa.mod._echo_redirects = bool(re.search(r"\b(echo|printf|cat)\b[^\n]*>", fa.mod.text))
    if not gate:
        return
    elems = [e.value for e in node.elements if isinstance(e, cst.Element)] \
        if isinstance(node, (cst.List, cst.Tuple)) else [node]
    for e in elems:
        text = _text_of(fa, e)
        got = _redirect(text) if text and re.match(r"\s*(echo|printf|cat)\b", text) else None
        name = posixpath.basename(got[1].strip("'\"")) if got else ""
        if name:
            _record(fa, c.node, [("name", name)], _Text(got[0]), taint)


def _redirect(text: str) -> Optional[Tuple[str, str]]:
    """(what comes before, the file) of the first output redirection outside quotes."""
    state = None
    for i, ch in enumerate(text):
        if state is None and ch in "'\"":
            state = ch
        elif state is not None and ch == state:
            state = None
        elif state is None and ch == ">":
            m = re.match(r">?\s*([^\s;&|<>]+)", text[i + 1:])
            return (text[:i], m.group(1)) if m and not m.group(1).startswith("&") else None
    return None


class _Text:
    """Text already resolved (a shell script's part before its redirection)."""

    def __init__(self, text: str):
        self.text = text


def _wrapped(fa, text: Optional[str], files) -> Optional[Tuple[str, Written]]:
    """(interpreter, the written file) when ``text`` runs a written file by an interpreter."""
    if not text:
        return None
    words = re.split(r"[\s;&|()$`\"']+", text)
    for prog, operand in zip(words, words[1:]):
        if posixpath.basename(prog) in fa.M.script_programs:
            w = files.get(("name", posixpath.basename(operand)))
            if w is not None and w.prog is None:
                return posixpath.basename(prog), w
    return None


def _runs(fa, node, files) -> Optional[Tuple[str, cst.CSTNode, Written]]:
    """(interpreter, the element naming the file, the file) of an argv list (or a command line)
    whose program is an interpreter and that names a written file, or that names a wrapper."""
    if isinstance(node, cst.Name) and isinstance(fa.local_values.get(node.value), (cst.BinaryOperation, cst.List, cst.Tuple)):
        node = fa.local_values[node.value]  # cmd = RUNNERS[lang]["command"] + [path] (or a list); run(cmd)
    table = table_argv(fa, node)
    if table is not None:
        progs, node = table
        words = [(None, None)] + [(_text_of(fa, e.value), e.value) for e in node.elements if isinstance(e, cst.Element)]
    elif isinstance(node, (cst.List, cst.Tuple)):
        words = [(_text_of(fa, e.value), e.value) for e in node.elements if isinstance(e, cst.Element)]
    else:
        words = [(w, node) for w in (_text_of(fa, node) or "").split()]
    if not words:
        return None
    prog = " or ".join(progs) if table is not None else posixpath.basename(words[0][0] or "")
    helper: tuple = ()
    if table is None and not words[0][0] and isinstance(node, (cst.List, cst.Tuple)):
        # the last segment of a path built here (venv / "bin" / "python"), or a helper's result
        prog = path_program(fa, words[0][1]) or interpreter_value(fa, words[0][1]) or ""
        helper = () if prog else helper_calls(fa, words[0][1], lambda n: _last_bound(fa, n, (cst.Await, cst.Call)))
        prog = prog or ("the program " + helper[0] + "() returns" if helper else "")
    for i, (text, elem) in enumerate(words):
        for key in _operand_keys(fa, text, elem):
            w = files.get(key)
            if w is not None and w.prog is not None and (not i or prog in fa.M.script_programs
                                                          or prog in fa.M.launcher_programs):
                return w.prog, elem, w  # a wrapper, run as the program (or by a shell, a launcher)
            if w is None or not i:
                continue
            if table is None and not helper and prog not in fa.M.script_programs:
                runner = script_runner(fa.M, [x[0] for x in words], i)  # msfconsole -r FILE: argvwrites.py
                if runner is not None:
                    return runner, elem, w
            if table is not None or prog in fa.M.script_programs or helper:
                fa.__dict__["_run_by_helper"] = helper  # settled by the linker (progreturns.py)
                return prog, elem, w
    return None


def table_argv(fa, node) -> Optional[Tuple[List[str], cst.CSTNode]]:
    """``RUNNERS[lang]["command"] + [path]`` (the lookup may be a local bound to
    ``RUNNERS[lang]``): the interpreters of a module table's entries (``{"python": {"command":
    ["python3"]}, ...}``) that a key the function computes picks, and the list after them. The
    caller who picks the key picks any entry, so an entry whose program is an interpreter runs
    the file; a table of formatters (``black``, ``prettier``) names none and is not a runner."""
    if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)
            and isinstance(node.right, (cst.List, cst.Tuple))):
        return None
    progs = []
    for entry in _table_entries(fa, node.left):
        if isinstance(entry, (cst.List, cst.Tuple)) and entry.elements:
            prog = posixpath.basename(N.string_value(entry.elements[0].value) or "")
            if prog in fa.M.script_programs and prog not in progs:
                progs.append(prog)
    return (progs, node.right) if progs else None


def _table_entries(fa, node, depth: int = 0) -> List[cst.CSTNode]:
    """The values ``node`` may take when it looks an entry up in a module-level dict by a key
    that is not a constant (``TABLE[key]``, ``TABLE[key]["field"]``, ``cfg["field"]`` with
    ``cfg = TABLE[key]`` bound before in the function)."""
    if depth > 3 or not isinstance(node, cst.Subscript) or len(node.slice) != 1 \
            or not isinstance(node.slice[0].slice, cst.Index):
        return []
    key = node.slice[0].slice.value
    base = node.value
    if isinstance(base, cst.Name) and N.string_value(key) is None:
        table = fa.mod.module_values.get(base.value) if base.value not in fa.env else None
        if isinstance(table, cst.Dict) and base.value not in fa.mod.rebound_globals:
            return [e.value for e in table.elements if isinstance(e, cst.DictElement)]
        return []
    field = N.string_value(key)
    if field is None:
        return []
    if isinstance(base, cst.Name):
        bound = _bound_lookup(fa, base.value)
        base = bound if bound is not None else base
    out = []
    for entry in _table_entries(fa, base, depth + 1):
        for e in entry.elements if isinstance(entry, cst.Dict) else ():
            if isinstance(e, cst.DictElement) and N.string_value(e.key) == field:
                out.append(e.value)
    return out


def _last_bound(fa, name: str, kinds) -> Optional[cst.BaseExpression]:
    """The value last assigned to ``name`` before the current statement, when it is one of ``kinds``."""
    if fa.fn is None or fa.stmt is None:
        return None
    found = None
    for node in N.find_all(fa.fn, (cst.Assign, type(fa.stmt))):
        if node is fa.stmt:
            break
        if isinstance(node, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name
                                                for t in node.targets):
            found = node.value if isinstance(node.value, kinds) else None
    return found


def _bound_lookup(fa, name: str) -> Optional[cst.Subscript]:
    """The subscript last assigned to ``name`` before the current statement (``cfg = TABLE[k]``)."""
    return _last_bound(fa, name, cst.Subscript)


def _operand_keys(fa, text: Optional[str], elem) -> List[Key]:
    if isinstance(elem, cst.Call) and len(elem.args) == 1 and (fa.mod.dotted(elem.func) or "") in ("str", "os.fspath"):
        elem = elem.args[0].value  # str(script)
    keys = [("var", elem.value)] if isinstance(elem, cst.Name) else []
    held = (fa.local_values.get(elem.value) or _last_bound(fa, elem.value, (cst.Attribute, cst.Call))) \
        if isinstance(elem, cst.Name) else elem
    while isinstance(held, cst.Call) and len(held.args) == 1 and (fa.mod.dotted(held.func) or "") in _PATHS | {"str", "os.fspath"}:
        held = held.args[0].value  # path = Path(tmp.name)
    if isinstance(held, cst.Attribute) and held.attr.value == "name":  # tmp.name, or path = tmp.name
        keys.append(("var", N.CODEGEN.code_for_node(held)))
    if text and len(text.split()) > 1:
        return keys  # a script's text, not a file's name
    base = posixpath.basename(text or "")
    return keys + ([("name", base)] if base and not base.startswith("-") else [])


def _write_target(fa, recv_node, method: str):
    """The path expression a writer call writes to: ``open(p, "w").write``, ``f.write`` with
    ``f`` opened for writing around the call, ``Path(p).write_text``, ``p.write_text``."""
    if method in ("write_text", "write_bytes"):
        if isinstance(recv_node, cst.Call) and (fa.mod.dotted(recv_node.func) or "") in _PATHS and recv_node.args:
            return recv_node.args[0].value
        return recv_node
    if isinstance(recv_node, cst.Call):
        path = _opened_for_writing(fa, recv_node)
        return None if path is recv_node else path  # NamedTemporaryFile().write(): no name to run it by
    if isinstance(recv_node, cst.Name):
        path = _handle(fa, recv_node.value)
        if isinstance(path, cst.Call):  # with NamedTemporaryFile() as tmp: the file is tmp.name
            return cst.Attribute(value=recv_node, attr=cst.Name("name"))
        return path
    return None


def _opened_for_writing(fa, call) -> Optional[cst.CSTNode]:
    if isinstance(call, cst.Await):
        call = call.expression
    temp = isinstance(call, cst.Call) and (fa.mod.dotted(call.func) or "") in _TEMP_FILES
    if not isinstance(call, cst.Call) or not (temp or (fa.mod.dotted(call.func) or "") in _OPENERS and call.args):
        return None
    mode = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "mode"), None)
    at = 0 if temp else 1  # NamedTemporaryFile(mode="w+b", ...): the call itself stands for the file
    if mode is None and len(call.args) > at and call.args[at].keyword is None:
        mode = call.args[at].value
    text = N.string_value(mode) if mode is not None else ("w+b" if temp else None)
    return (call if temp else call.args[0].value) if text and ("w" in text or "a" in text or "x" in text) else None


def _handle(fa, name: str) -> Optional[cst.CSTNode]:
    """The path ``name`` was opened for writing with: the ``with open(p, "w") as name`` around
    the current statement, else the last ``name = open(p, "w")`` of the function."""
    if fa.fn is None:
        return None
    found = None
    for node in N.find_all(fa.fn, (cst.With, cst.Assign)):
        if isinstance(node, cst.Assign):
            path = _opened_for_writing(fa, node.value)
            if path is not None and any(isinstance(t.target, cst.Name) and t.target.value == name for t in node.targets):
                found = path
            continue
        for item in node.items:
            path = _opened_for_writing(fa, item.item)
            if path is not None and item.asname is not None and isinstance(item.asname.name, cst.Name) \
                    and item.asname.name.value == name and any(s is fa.stmt for s in N.find_all(node, type(fa.stmt))):
                return path
    return found


def _file_keys(fa, path) -> List[Key]:
    """How a command line may name the file: its variable, and its file name."""
    keys: List[Key] = []
    if isinstance(path, cst.Name):
        keys.append(("var", path.value))
        path = fa.local_values.get(path.value)
    if isinstance(path, cst.Attribute):  # a temporary file's tmp.name
        return keys + [("var", N.CODEGEN.code_for_node(path))]
    name = _file_name(fa, path) if path is not None else None
    return keys + ([("name", name)] if name else [])


def _file_name(fa, node) -> Optional[str]:
    """The file name a path expression ends in: ``"s.py"``, ``os.path.join(d, "s.py")``,
    ``Path(d) / "s.py"``, ``f"/app/{name}"`` (as ``{name}``)."""
    if isinstance(node, cst.Call) and node.args:
        node = node.args[-1].value
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        node = node.right
    base = posixpath.basename(_text_of(fa, node, depth=2) or "")
    return base if base and ("." in base or "{" in base) else None


def _bound_text(fa, name: str):
    """The string (or f-string) last assigned to ``name`` before the current statement."""
    return _last_bound(fa, name, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.Call))


#: reads of an environment variable whose second argument is the value when it is unset
_ENV_READS = frozenset({"os.getenv", "os.environ.get"})


def _env_default(fa, name: str):
    """The constant default of a module-level ``NAME = os.getenv("X", "manim")`` (the program
    the server runs unless its operator names another), for a name this function does not bind."""
    value = fa.mod.module_values.get(name)
    if name in fa.env or not isinstance(value, cst.Call) or fa.mod.dotted(value.func) not in _ENV_READS \
            or len(value.args) != 2 or N.string_value(value.args[1].value) is None:
        return None
    return value.args[1].value


def _text_of(fa, node, depth: int = 0) -> Optional[str]:
    """A string expression's text, an f-string's placeholders written as ``{expr}`` unless they
    name a local string this function bound (followed through ``.replace()``/``.strip()``)."""
    if isinstance(node, _Text):
        return node.text
    if isinstance(node, cst.Name) and depth < 10:
        bound = fa.local_values.get(node.value) or _bound_text(fa, node.value) or _env_default(fa, node.value)
        return _text_of(fa, bound, depth + 1) if bound is not None else None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value in ("replace", "strip", "format", "rstrip", "lstrip") and depth < 10:
        return _text_of(fa, node.func.value, depth + 1)
    text = N.string_value(node)
    if text is not None or not isinstance(node, cst.FormattedString):
        return text
    out = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            out.append(part.value)
        else:
            inner = _text_of(fa, part.expression, depth + 1) if isinstance(part.expression, cst.Name) else None
            out.append(inner if inner is not None else "{" + N.CODEGEN.code_for_node(part.expression) + "}")
    return "".join(out)


