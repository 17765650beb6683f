"""The shared state every fact group reads and writes.

A :class:`Context` holds the indexed Python files and the other files by kind (test code left
out), the MCP tools of the surface analysis, and the facts decided so far; it answers the
questions several fact groups ask (grep the sources, find the calls to a name, the function
behind each tool).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from ...models import PostureFact, ToolInfo
from ...sources import is_test_path
from .evidence import Evidence, anywhere, grep_lines
from .facts import FACTS
from .files import api_description, kind_of
from ..ts.parse import is_ts_source
from .pyindex import FuncInfo, PyIndex, index_python
from .typescript import TsIndex, index_ts


class Context:
    """Inputs and results of one posture extraction.

    ``py`` is every non-test Python file indexed, in path order, ``ts`` every TS/JS one; ``other`` the non-test other
    files (path -> text), ``docker`` and ``yaml`` the Dockerfiles and YAML files among them;
    ``tools`` the MCP tools and low-level ``call_tool`` handlers outside test code; ``facts`` the
    facts set so far, by id."""

    def __init__(self, files: Dict[str, str], tools: Sequence[ToolInfo], other_files: Dict[str, str],
                 trees: Optional[Dict[str, Any]] = None, http_sites: Sequence[dict] = (),
                 auth_sites: Sequence[dict] = (), docs: Optional[Dict[str, str]] = None,
                 early: Optional[Dict[str, Tuple[str, Any, PyIndex]]] = None):
        trees = trees or {}
        early = early or {}

        def index(p: str, t: str) -> PyIndex:
            # built already from the same text and tree (``mcpaudit.pipeline.EarlyIndex``): the same index
            got = early.get(p)
            if got is not None and got[1] is trees.get(p) and got[0] == t:
                return got[2]
            return index_python(p, t, trees.get(p))

        self.py: List[PyIndex] = [index(p, t) for p, t in sorted(files.items())
                                  if not is_test_path(p) and not is_ts_source(p)]
        # TypeScript/JavaScript sources (the ts engine's files): read by the ``typescript`` group
        def index_t(p: str, t: str) -> TsIndex:
            # built already from the same text while the ts engine's child worked
            # (``mcpaudit.pipeline.EarlyIndex.index_sources``): the same index
            got = early.get(p)
            if got is not None and isinstance(got[2], TsIndex) and got[0] == t:
                return got[2]
            return index_ts(p, t)

        self.ts: List[TsIndex] = [index_t(p, t) for p, t in sorted(files.items())
                                  if is_ts_source(p) and not is_test_path(p)]
        self.py_by_path = {p.path: p for p in self.py}
        self.other = {p: t for p, t in sorted(other_files.items()) if not is_test_path(p) and not api_description(t)}
        self.docker = {p: t for p, t in self.other.items() if kind_of(p) == "docker"}
        self.yaml = {p: t for p, t in self.other.items() if kind_of(p) == "yaml"}
        # the cst engine's HTTP serving sites and auth evidence (Python, shipped code): the one
        # detector of serving calls, which the rule http-transport-no-auth reports from too
        self.http_sites = [s for s in http_sites if s["path"].endswith(".py") and not is_test_path(s["path"])]
        self.auth_sites = [s for s in auth_sites if s["path"].endswith(".py") and not is_test_path(s["path"])]
        # TypeScript sites the platform serves at a public address (a Worker's fetch handler, a
        # serverless function): every interface, with no listen() call to read
        self.ts_public = [(s["path"], s["pos"][0]) for s in http_sites if not s["path"].endswith(".py")
                          and s.get("host") == "0.0.0.0" and not is_test_path(s["path"])]
        # a TypeScript auth check that passes while no credential is configured (Project.optional_when_unset),
        # or TypeScript auth that is all optional (added in one arm of an if: ts/authbranch.py)
        ts_auth = [s for s in auth_sites if not s["path"].endswith(".py") and not is_test_path(s["path"])]
        # a Fastify hook that turns requests away, made by a project function (ts/hookauth.py)
        self.ts_hooks = [(s["path"], s["pos"][0]) for s in ts_auth if s.get("kind") == "hook"]
        self.auth_unset = next((s for s in auth_sites if s.get("unset_passes")), None) or (
            ts_auth[0] if ts_auth and all(s.get("optional") for s in ts_auth) else None)
        self.docs = dict(sorted((docs or {}).items()))  # README and docs/: run instructions
        self.unreached: frozenset = frozenset()  # TS modules no entry point loads (ts/entrygraph.py)
        self.facts: Dict[str, PostureFact] = {}
        self.tools = [t for t in tools if t.kind in ("tool", "call_tool") and not is_test_path(t.location.path)]
        self._words: Optional[Counter] = None
        self._all_text: Optional[str] = None
        self._funcs_by_name: Optional[Dict[str, List[Tuple[PyIndex, FuncInfo]]]] = None
        self._tool_funcs: Optional[List[Tuple[ToolInfo, PyIndex, Optional[FuncInfo]]]] = None

    # ------------------------------------------------------------------ facts
    def set(self, fid: str, value: Any, ev: Optional[Evidence] = None, note: str = "") -> None:
        """Decide fact ``fid`` (one of :data:`FACTS`) with its evidence and note."""
        assert fid in FACTS, fid
        self.facts[fid] = PostureFact(fid, value, ev.locations() if ev else [], note)

    def value(self, fid: str) -> Any:
        """The value of a fact already decided."""
        return self.facts[fid].value

    # ------------------------------------------------------------------ the Python sources
    def used(self, name: str) -> bool:
        """The name occurs at least twice in the Python sources (defined and used)."""
        if self._all_text is None:
            self._all_text = "\n".join(py.text for py in self.py)
        if name.isidentifier():
            # one pass over all the sources for every name asked about: for a word, \bname\b
            # matches exactly where a maximal run of word characters equals the name
            if self._words is None:
                self._words = Counter(re.findall(r"\w+", self._all_text))
            return self._words[name] >= 2
        n = 0
        for _ in re.finditer(r"\b%s\b" % re.escape(name), self._all_text):
            n += 1
            if n >= 2:
                return True
        return False

    def grep_py(self, pattern: "re.Pattern[str]") -> Evidence:
        """Every non-comment line of the Python sources ``pattern`` matches."""
        ev = Evidence()
        for py in self.py:
            for ln in grep_lines(py.text, pattern, "#"):
                ev.add(py.path, ln)
        return ev

    def match_lines(self, pattern: "re.Pattern[str]") -> Iterator[Tuple[PyIndex, int, "re.Match[str]"]]:
        """``(file, line number, match)`` for every Python source line ``pattern`` matches at
        its start (``re.match``), comments included."""
        for py in self.py:
            if not anywhere(pattern, py.text):
                continue
            for i, line in enumerate(py.lines, 1):
                m = pattern.match(line)
                if m:
                    yield py, i, m

    def used_definitions(self, pattern: "re.Pattern[str]") -> Evidence:
        """The lines where ``pattern`` matches a definition whose name (group 1) is also used."""
        ev = Evidence()
        for py, i, m in self.match_lines(pattern):
            if self.used(m.group(1)):
                ev.add(py.path, i)
        return ev

    def calls(self, pred: Callable[[str], bool]) -> Iterator[Tuple[PyIndex, ast.Call, str]]:
        """``(file, call, dotted name)`` for every call whose non-empty name satisfies ``pred``."""
        for py in self.py:
            for call, name in py.calls:
                if name and pred(name):
                    yield py, call, name

    def funcs_by_name(self) -> Dict[str, List[Tuple[PyIndex, FuncInfo]]]:
        """Every function of the sources by its (unqualified) name, in path and line order."""
        if self._funcs_by_name is None:
            self._funcs_by_name = {}
            for py in self.py:
                for f in py.funcs:
                    self._funcs_by_name.setdefault(f.name, []).append((py, f))
        return self._funcs_by_name

    # ------------------------------------------------------------------ the other files
    def grep_other(self, pattern: "re.Pattern[str]", kinds: Optional[Set[str]] = None,
                   names: Optional[Callable[[str], bool]] = None) -> Evidence:
        """Every non-comment line ``pattern`` matches in the other files of the given kinds
        (:func:`~.files.kind_of`) and/or whose path ``names`` accepts."""
        ev = Evidence()
        for path, text in self.other.items():
            if kinds is not None and kind_of(path) not in kinds:
                continue
            if names is not None and not names(path):
                continue
            for ln in grep_lines(text, pattern, "#"):
                ev.add(path, ln)
        return ev

    # ------------------------------------------------------------------ the MCP tools
    def tool_funcs(self) -> List[Tuple[ToolInfo, PyIndex, Optional[FuncInfo]]]:
        """Each tool with the file and function that implement it.

        The function is looked up by name, first in the tool's own file, then anywhere; among
        several candidates the one whose span holds the tool's location wins. A tool whose file is
        not indexed is left out; one whose function is not found comes with None."""
        if self._tool_funcs is not None:
            return self._tool_funcs
        out = []
        for t in self.tools:
            py = self.py_by_path.get(t.location.path)
            fname = (t.function or t.name).split(".")[-1]
            fn = None
            cands: List[Tuple[PyIndex, FuncInfo]] = []
            if py is not None:
                cands = [(py, f) for f in py.funcs if f.name == fname]
            if not cands:
                cands = list(self.funcs_by_name().get(fname, ()))
            for p, f in cands:
                if p.path == t.location.path and f.first_line <= t.location.line <= f.end_line:
                    py, fn = p, f
                    break
            if fn is None and cands:
                py, fn = cands[0]
            if py is None:
                continue
            out.append((t, py, fn))
        self._tool_funcs = out
        return out
