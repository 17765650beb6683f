"""Text written to the stdin of an interpreter: the program runs it.

``subprocess.run(["python3"], input=code)``, ``Popen(["bash", "-s"], stdin=PIPE)`` then
``proc.communicate(code)`` or ``proc.stdin.write(code)`` (also on a process from ``await
asyncio.create_subprocess_exec("node", stdin=PIPE)``): a shell or an interpreter started with no
script operand (only options, or ``-``) reads its program from stdin, so the caller's text there
is a command line or code, as in ``[python, -c, value]``. A SQL client (``psql``, ``sqlite3 db``)
started without a statement or a script file reads its statements from stdin: the text is SQL.

The programs are the process models' ``script-programs`` (interpreters), ``shell-programs`` and
``stdin-sql-programs``; a program whose argv already names the code (``-c``, ``-e``, a script
file, ``--command``) reads data on stdin, not code, and is left alone.

A value escaped for a string literal of the script's language (``escape_applescript``: the
backslash first, then the quote) and placed between that literal's quotes stays one string
(:func:`quoted_string`, the models' ``script-string-quotes``).

Limit: the program must be a constant in the function that starts the process; a helper that
takes the program as a parameter (``feed(program, text)``) is not linked to its callers' program.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .sqlescape import BS_FIRST, BS_QUOTE
from .sqlquote import DQUOTED
from .taintvalue import Taint

#: options after which the program's code comes from the argv, not from stdin
_CODE_IN_ARGV = frozenset({"-c", "-e", "-E", "-m", "-r", "-f", "--file", "--command", "--execute", "--eval",
                           "-Command", "-command", "-File", "-file", "/c", "/C", "-lc", "-ic", "-p", "--print",
                           "-q", "--query", "-Q", "--init"})
#: process starters whose positional arguments are the argv (Popen takes a list: _argv_consts)
_EXEC_STARTERS = frozenset({"asyncio.create_subprocess_exec", "asyncio.subprocess.create_subprocess_exec"})
_VERSION = re.compile(r"(\d+(\.\d+)*|\.exe)$")


def _names(name: str) -> Tuple[str, str]:
    """A program's base name and the same without a version or ``.exe`` (python3.11 -> python)."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base, _VERSION.sub("", base) or base


def reads_stdin(M, consts: List[Optional[str]]) -> Optional[Tuple[str, str, str]]:
    """(family, program, what) when the argv ``consts`` (constant elements, ``None`` for computed
    ones) starts a program that takes the text on its stdin as its program: a shell, an
    interpreter, or a SQL client."""
    if not consts or not consts[0]:
        return None
    names = _names(consts[0])
    prog = names[0]
    rest = consts[1:]
    if any(c is not None and (c in _CODE_IN_ARGV or c.split("=", 1)[0] in _CODE_IN_ARGV) for c in rest):
        return None
    if any(n in M.stdin_sql_programs for n in names):
        return "sql", prog, "the SQL statements"
    shells = {_names(p)[0] for p in M.shell_programs}
    interpreters = {_names(p)[0] for p in M.script_programs} - {"uv"}
    if not any(n in shells or n in interpreters for n in names):
        return None
    if any(c is None or (c != "-" and not c.startswith("-")) for c in rest):
        return None  # a script operand (or a value the code computes): stdin is that script's input
    return ("shell" if any(n in shells for n in names) else "code"), prog, "the script"


def _argv_consts(fa, argv) -> Optional[List[Optional[str]]]:
    elems = fa._list_of(argv) if argv is not None else None
    if elems is None and isinstance(argv, (cst.SimpleString, cst.ConcatenatedString)):
        text = N.string_value(argv)
        return text.split() if text else None
    return [e[2] for e in elems] if elems else None


def _starter_argv(fa, call: cst.Call, fq: Optional[str]) -> Optional[List[Optional[str]]]:
    """The argv constants of a process-starting call."""
    if fq == "subprocess.Popen":
        argv = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "args"), None)
        if any(a.keyword is not None and a.keyword.value == "shell" for a in call.args):
            return None
        return _argv_consts(fa, argv)
    if fq in _EXEC_STARTERS:
        return [N.string_value(a.value) for a in call.args if a.keyword is None and not a.star]
    return None


def note_stdin_input(fa, model, c) -> None:
    """``subprocess.run(argv, input=text)`` (and check_output): the text is the program's input."""
    if model.kind != "shell-or-argv" or model.family != "shell":
        return
    taint = c.kw_args.get("input")
    if not taint:
        return
    if any(a.keyword is not None and a.keyword.value == "shell" for a in c.node.args):
        return
    argv = next((a.value for a in c.node.args if a.keyword is None or a.keyword.value == "args"), None)
    node = next(a.value for a in c.node.args if a.keyword is not None and a.keyword.value == "input")
    _report(fa, c.node, f"{c.fq}(input=...)", _argv_consts(fa, argv), node, taint)


def note_stdin_write(fa, call: cst.Call, method: Optional[str], recv_node, pos_args: List[Taint],
                     kw_args, fq: Optional[str] = None) -> None:
    """``proc.communicate(text)`` / ``proc.stdin.write(text)`` on a process the function started;
    a line written to the stdin or the terminal of a process started elsewhere (:func:`_typed_line`)."""
    if fq == "os.write" and len(call.args) == 2 and len(pos_args) == 2 and pos_args[1]:
        if _pty_master(fa, call.args[0].value):
            _typed_line(fa, call, "os.write() to a terminal", call.args[1].value, pos_args[1])
        return
    if method == "communicate":
        taint = pos_args[0] if pos_args else kw_args.get("input")
        proc = recv_node
    elif method in ("write", "writelines") and isinstance(recv_node, cst.Attribute) and recv_node.attr.value == "stdin":
        taint = pos_args[0] if pos_args else None
        proc = recv_node.value
    else:
        return
    label = f"{proc.value}.{method}()" if method == "communicate" else f"{getattr(proc, 'value', '')}.stdin.{method}()"
    if not taint or not call.args:
        return
    started = _started_by(fa, proc.value) if isinstance(proc, cst.Name) else None
    if started is None:
        if method == "write" and isinstance(proc, cst.Attribute):
            _typed_line(fa, call, f"{N.dotted_text(proc)}.stdin.write()", call.args[0].value, taint)
        return
    consts = _starter_argv(fa, started, fa.mod.dotted(started.func))
    _report(fa, call, label, consts, call.args[0].value, taint)


def _started_by(fa, name: str) -> Optional[cst.Call]:
    """The call last assigned to ``name`` in this function (``proc = Popen(...)``, ``proc = await
    create_subprocess_exec(...)``)."""
    node = fa.local_values.get(name)
    if isinstance(node, cst.Call):
        return node
    body = fa.inlining[-1] if fa.inlining else fa.fn
    if body is None:
        return None
    found: List[cst.Call] = []

    class _V(cst.CSTVisitor):
        def visit_Assign(self, n: cst.Assign) -> None:
            value = n.value.expression if isinstance(n.value, cst.Await) else n.value
            if isinstance(value, cst.Call) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in n.targets):
                found.append(value)

    body.visit(_V())
    return found[-1] if found else None


def _report(fa, call, label: str, consts, node, taint: Taint) -> None:
    hit = reads_stdin(fa.M, consts) if consts else None
    if hit is None:
        return
    family, prog, what = hit
    before = len(fa.sinks)
    fa._sink(family, label, call, taint, node, detail=f"the value is {what} {prog} reads on its stdin")
    note_script_quotes(fa, before, prog)


def note_script_quotes(fa, before: int, prog: str) -> None:
    """The sinks recorded since ``before`` run a script of ``prog`` (on its stdin, or the value of
    ``osascript -e``: argvruns.interpreted_sink): they carry the quotes of its language's string
    literals (the models' ``script-string-quotes``), so a value escaped for one stays in it."""
    quotes = fa.M.script_string_quotes.get(_names(prog)[1]) or fa.M.script_string_quotes.get(prog)
    for sink in fa.sinks[before:] if quotes else ():
        sink.script_quotes = quotes  # read by quoted_string


def quoted_string(sink, info) -> bool:
    """``info`` reaches a script (read on stdin, ``osascript -``, or the value of ``osascript -e``)
    only inside string literals of a quote the program's language ends at an unescaped quote
    alone (the models' ``script-string-quotes``), escaped by a chain that escaped the backslash
    first and the quote with a backslash (sqlescape.py): it stays one string of the script."""
    quotes = getattr(sink, "script_quotes", None)
    if not quotes or BS_FIRST not in info.clean or BS_QUOTE not in info.clean:
        return False
    return '"' in quotes and DQUOTED in info.clean  # (the only such quote the models list)


#: ``master, slave = pty.openpty()`` (or ``os.openpty()``), ``pid, fd = pty.fork()``: the name
#: (a local or the last attribute, ``self.master_fd``) of the terminal's controlling end
_PTY_OPEN = re.compile(r"(?:\bself\.)?(\w+)\s*,\s*(?:self\.)?\w+\s*=\s*(?:pty|os)\.openpty\(\)")
_PTY_FORK = re.compile(r"\w+\s*,\s*(?:self\.)?(\w+)\s*=\s*pty\.fork\(\)")
#: a line the server types into a program it started elsewhere (a debugger, a REPL): a sink
#: attribute read by the linker (bridgeunseen.UnseenBridges), which reports it only as a tool's
#: capability, when the tool says it runs commands
TYPED_LINE = "the line is typed into a program the server started, which reads its commands there"


def _pty_master(fa, node) -> bool:
    """Whether ``node`` names the controlling end of a terminal the module opens."""
    masters = fa.mod.__dict__.get("_pty_masters")
    if masters is None:
        text = fa.mod.text
        masters = fa.mod._pty_masters = frozenset(_PTY_OPEN.findall(text)) | frozenset(_PTY_FORK.findall(text))
    name = node.attr.value if isinstance(node, cst.Attribute) else node.value if isinstance(node, cst.Name) else None
    return bool(name) and name in masters


def _line_head(node) -> bool:
    """Whether the text ``node`` builds starts with a value (``cmd``, ``f"{cmd}\\n"``, ``cmd +
    "\\n"``, any of them ``.encode()``d): a line the value begins, so its first word is the
    caller's command, not an argument of one the server wrote."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "encode":
        node = node.func.value
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _line_head(node.left)
    if isinstance(node, cst.FormattedString):
        return bool(node.parts) and isinstance(node.parts[0], cst.FormattedStringExpression) \
            and isinstance(node.parts[0].expression, (cst.Name, cst.Attribute, cst.Subscript))
    return isinstance(node, (cst.Name, cst.Attribute, cst.Subscript))


def _typed_line(fa, call, label: str, node, taint: Taint) -> None:
    """A line written to the stdin (or the terminal) of a process this function did not start:
    which program reads it is not known here, so it is never an injection; a tool that says it
    runs commands has the capability (bridgeunseen.UnseenBridges)."""
    if not _line_head(node):
        return
    before = len(fa.sinks)
    fa._sink("shell", label, call, taint, node, detail=TYPED_LINE)
    for sink in fa.sinks[before:]:
        sink.typed_line = True
