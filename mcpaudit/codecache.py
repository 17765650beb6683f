"""Compiled dataclass methods, kept beside the byte code: a cold scan's imports without a third
of their CPU.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and
frozen ``__setattr__`` as source text and ``exec``s it; the compile inside that ``exec`` is not
covered by ``.pyc`` files. libcst alone declares ~250 dataclasses (~1000 such methods), and a
scan's imports (libcst, the analysis, the catalog) spend ~0.12 s of their ~0.34 s of CPU
compiling them, before the scan does anything: on a small server a tenth of the whole run, on
the critical path (the ts engine's child is forked after them).

:func:`install` gives the ``dataclasses`` module an ``exec`` of its own that takes the code
object for a source text from a table (compiled once, by an earlier run or by :func:`prime`) and
compiles only what the table lacks. The code object for a text does not depend on anything else
(it is compiled as ``exec`` of that text compiles it: file name ``<string>``, no inherited
``__future__`` flags, as ``dataclasses`` has none), and ``exec`` still runs it with the same
globals and namespace, so the classes are the same. The table is a ``marshal`` file in the
package's ``__pycache__``, with the interpreter's cache tag in its name, as byte code is:
written at exit when a run compiled something new, unless byte-code writing is off
(``PYTHONDONTWRITEBYTECODE``, ``-B``) or the folder is read-only. A missing, unreadable or
foreign file is an empty table. Only the command line installs it (:mod:`mcpaudit.quick`,
``python -m mcpaudit.cli``); a program that imports :mod:`mcpaudit.api` keeps its own
``dataclasses`` untouched.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional

#: How many texts the table keeps at most; past it only the texts of the last run are written.
LIMIT = 20000

_state: Dict[str, object] = {}


def table_path() -> Optional[Path]:
    """The table's file, or None when this interpreter has no byte-code cache tag."""
    return cache_file("dataclass-methods", f".opt-{sys.flags.optimize}" if sys.flags.optimize else "")


def cache_file(name: str, suffix: str = "") -> Optional[Path]:
    """The package's ``__pycache__/<name>.<cache tag><suffix>.marshal`` (a table kept beside the
    byte code, here and in :mod:`mcpaudit.regexcache`), or None when this interpreter has no cache tag."""
    tag = getattr(sys.implementation, "cache_tag", None)
    if not tag:
        return None
    return Path(__file__).resolve().parent / "__pycache__" / f"{name}.{tag}{suffix}.marshal"


def read_table(path: Optional[Path], stamp: Any = None) -> Any:
    """What :func:`write_table` wrote to ``path`` with ``stamp``; None when the file is missing,
    unreadable, or written with another stamp."""
    try:
        with open(path, "rb") as fh:  # type: ignore[arg-type]
            data = marshal.loads(fh.read())  # one read: marshal.load(fh) reads piece by piece
    except (OSError, TypeError, ValueError, EOFError):
        return None
    if stamp is None:
        return data
    if not isinstance(data, tuple) or len(data) != 2 or data[0] != stamp:
        return None
    return data[1]


def write_table(path: Path, table: Any, stamp: Any = None) -> bool:
    """Write ``table`` (with ``stamp`` unless None) to ``path`` whole or not at all (a temporary
    file, then ``os.replace``); False when it cannot."""
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(table if stamp is None else (stamp, table)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        return False
    return True


def _load(path: Optional[Path]) -> Dict[str, object]:
    table = read_table(path)
    if not isinstance(table, dict):
        return {}
    code = type(_load.__code__)
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, code)}


def install(write: Optional[bool] = None) -> bool:
    """Give ``dataclasses`` the cached ``exec`` (once per process); False where it cannot
    (another interpreter, or ``dataclasses`` already has an ``exec`` of someone else's).
    ``write``: save the table at exit (default: unless byte-code writing is off)."""
    import dataclasses

    if _state:
        return True
    if sys.implementation.name != "cpython" or "exec" in vars(dataclasses):
        return False
    path = table_path()
    table = _load(path)
    used: Dict[str, object] = {}
    new = [0]

    def cached_exec(source, globals=None, locals=None, /):
        if type(source) is str:
            code = table.get(source)
            if code is None:
                code = compile(source, "<string>", "exec", dont_inherit=True)
                table[source] = code
                new[0] += 1
            used[source] = code
            source = code
        return builtins.exec(source, globals, locals)

    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    _state.update(table=table, used=used, new=new, path=path, pid=os.getpid())
    if write if write is not None else not sys.dont_write_bytecode:
        atexit.register(save)
    return True


def compiled(source: str, filename: str, flags: int = 0):
    """``compile(source, filename, "exec", flags, dont_inherit=True)``, taken from the table when
    it is installed (and kept there, under the file name and the flags with the text): code the
    package generates for itself, such as the node ``__init__`` methods of
    :mod:`mcpaudit.engines.cstbuild` (172 compiles, ~0.01 s of each process that parses Python).
    The code object depends on these inputs alone, so it is the one the compile would make."""
    if not _state:
        return compile(source, filename, "exec", flags, dont_inherit=True)
    key = f"\0{filename}\0{flags}\0{source}"
    table = _state["table"]
    code = table.get(key)  # type: ignore[attr-defined]
    if code is None:
        code = table[key] = compile(source, filename, "exec", flags, dont_inherit=True)  # type: ignore[index]
        _state["new"][0] += 1  # type: ignore[index]
    _state["used"][key] = code  # type: ignore[index]
    return code


def save() -> bool:
    """Write the table when this process compiled something new (never from a forked child)."""
    path = _state.get("path")
    if not _state or not _state["new"][0] or os.getpid() != _state["pid"] or path is None:  # type: ignore[index]
        return False
    table = _state["table"]
    if len(table) > LIMIT:  # type: ignore[arg-type]
        table = _state["used"]
    if not write_table(path, table):  # type: ignore[arg-type]
        return False
    _state["new"][0] = 0  # type: ignore[index]
    return True


def prime() -> bool:
    """Compile and save the table for every module a scan imports (what installing a package's
    byte code does for its modules), and the regular expressions' table
    (:mod:`mcpaudit.regexcache`) for the patterns a scan compiles, from an in-process scan of a
    small sample server, and the bandit prefilter's table (:mod:`mcpaudit.engines.bandit_table`):
    ``python -c 'import mcpaudit.codecache as c; c.prime()'``."""
    import importlib

    from . import regexcache

    install(write=False)
    regexcache.install(write=False, keep=True)
    for name in ("mcpaudit.cli", "mcpaudit.api", "mcpaudit.engines.cst", "mcpaudit.engines.ts",
                 "mcpaudit.analysis.ts.module", "mcpaudit.analysis.ts.link", "mcpaudit.analysis.posture",
                 "mcpaudit.checks", "mcpaudit.checklists", "mcpaudit.reporters"):
        importlib.import_module(name)
    try:
        _sample_scan()
    except Exception:  # the tables keep what was compiled so far
        pass
    try:
        from .engines import bandit_table

        bandit_table.prime()  # the bandit prefilter's table, so that a scan screens bandit's files itself
    except Exception:  # bandit missing or broken: its launchers filter as before
        pass
    _state["new"][0] += 1  # type: ignore[index]
    regexcache.save()
    return save()


#: The sample server :func:`prime` scans: a Python tool and a TypeScript one, each reaching a
#: sink, so that the catalog, both analyses, the posture pass and the reporters compile what
#: every scan compiles.
_SAMPLE = {
    "server.py": "import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n"
                 "@mcp.tool()\ndef run(cmd: str) -> str:\n    return subprocess.check_output(cmd, shell=True).decode()\n",
    "index.ts": "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n"
                "import { execSync } from 'child_process';\nimport { z } from 'zod';\nconst server = new McpServer({ name: 's', version: '1' });\n"
                "server.tool('run', { cmd: z.string() }, async ({ cmd }) => ({ content: [{ type: 'text', "
                "text: execSync(cmd).toString() }] }));\n",
    "web.py": "import logging\nimport os\nimport sqlite3\n\nimport requests\nimport uvicorn\n"
              "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('w')\nTOKEN = os.getenv('API_TOKEN')\n\n\n"
              "@mcp.tool()\ndef fetch(url: str, name: str) -> str:\n    logging.info('token %s', TOKEN)\n"
              "    sqlite3.connect('d').execute(f'SELECT * FROM t WHERE n = {name}')\n"
              "    return open(name).read() + requests.get(url, verify=False).text\n\n\n"
              "if __name__ == '__main__':\n    uvicorn.run(mcp.sse_app(), host='0.0.0.0', port=8000)\n",
    "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nRUN pip install .\nEXPOSE 8000\nCMD [\"python\", \"web.py\"]\n",
    "docker-compose.yml": "services:\n  app:\n    build: .\n    ports:\n      - \"8000:8000\"\n"
                          "    environment:\n      - DEBUG=1\n",
    "pyproject.toml": "[project]\nname = \"s\"\nversion = \"1\"\ndependencies = [\"mcp>=1.2\", \"requests\"]\n",
    "package.json": "{\"name\": \"s\", \"version\": \"1.0.0\", \"bin\": {\"s\": \"index.js\"}, "
                    "\"dependencies\": {\"@modelcontextprotocol/sdk\": \"^1.0.0\", \"zod\": \"^3\"}}\n",
    "README.md": "# s\n\nAn MCP server. Set `API_TOKEN`.\n\n```json\n{\"mcpServers\": {\"s\": {\"command\": \"npx\"}}}\n```\n",
}


def _sample_scan() -> None:
    import tempfile

    from .api import audit
    from .config import Config
    from .reporters import ReportOptions, render

    with tempfile.TemporaryDirectory(prefix="mcpaudit-prime-") as tmp:
        for name, text in _SAMPLE.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        result = audit([Path(tmp)], Config(engines=("cst", "ts"), cache=False, jobs=1))
        for fmt in ("json", "sarif"):
            render(fmt, result, ReportOptions(targets=(tmp,)))


__all__ = ["install", "save", "prime", "table_path", "LIMIT"]
