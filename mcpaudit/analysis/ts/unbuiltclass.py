"""Tool handlers of a server class nothing creates (issue 14, ts32b).

A project may keep an older MCP server class beside the one it serves: ``class LegacyServer {
constructor() { this.server = new Server(...); this.server.setRequestHandler(CallToolRequestSchema,
...) } }`` in a module no entry point imports, while the package's entry builds another server. The
handlers registered in that class's constructor or methods run only once the class is instantiated;
nothing in the project does so, so no MCP client reaches them. A hazard found along their flows is
still worth an audit, but not a default finding: it goes to the low-confidence (audit) view with
the reason, never away.

Only where the verdict is positive, by the class's name over every scanned file and the files that
say what to run (package scripts, Dockerfiles: ``node -e "new (require('./dist/x').C)()"``):

- every tool entry of the finding's flows (the step naming a parameter of an MCP tool) lies inside
  one class declaration, and each such class's name occurs nowhere but at its declaration (no
  ``new C``, no ``extends C``, no import, no re-export, no value passed to a container);
- the class is declared at the module's top by its name, not as an expression or a default export
  (an importer names those as it likes);
- the class's module is no package entry (``main``/``module``/``bin``/``exports``: a library's
  user could create the class);
- no module takes the class's module whole (``export * from './legacy'``, ``import * as servers from
  './legacy'``, ``const m = require('./legacy')``, ``import('./legacy')``: ``new servers[kind]()``
  creates a class no text names), mend46b (a load by a computed name, ``require(fullPath)``, is
  not counted: plugin loaders read packages, and counting it undid six right demotions);
- the project builds an MCP server elsewhere (``new Server(``/``new McpServer(`` outside the class):
  the served one.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from .orphans import _json, _packages, _specs, config_texts, package_entries
from .parse import is_ts_source, parse

_WORD = r"(?<![\w$]){}(?![\w$])"
_BUILDS = re.compile(r"\bnew\s+(?:Mcp)?Server\s*\(")
#: a class that builds or registers MCP handlers itself
_SERVES = re.compile(r"\bnew\s+(?:Mcp)?Server\s*\(|\.(?:setRequestHandler|registerTool|tool)\s*\(")
#: the first step of a flow from a handler parameter ("parameter 'uri' of MCP read resource 'r'")
_TOOL_STEP = re.compile(r"^parameter .* of MCP ")
#: a module taken whole: every class of it reachable by a computed key (``ns[kind]``)
_WHOLE = re.compile(r"""\bexport\s*\*\s*(?:as\s+[\w$]+\s+)?from\s*['"]([^'"\n]+)['"]|"""
                    r"""\bimport\s*\*\s*as\s+[\w$]+\s+from\s*['"]([^'"\n]+)['"]|"""
                    r"""\b(?:const|let|var)\s+[\w$]+\s*=\s*(?:await\s+)?(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]|"""
                    r"""(?<![\w.$])import\s*\(\s*['"]([^'"\n]+)['"]\s*\)(?!\s*\.\s*then\s*\(\s*\(?\s*\{)""")
_EXT = re.compile(r"\.(?:[cm]?[jt]sx?)$")
_CLASS_KINDS = ("class_declaration", "abstract_class_declaration", "class")

#: (name, start byte, end byte, start line, end line) of a class around a line
ClassSpan = Tuple[str, int, int, int, int]


def _classes(data: bytes, path: str) -> List[ClassSpan]:
    """The named class declarations of a module, with their extents (1-based lines)."""
    out: List[ClassSpan] = []
    stack = [parse(data, path).root_node]
    while stack:
        node = stack.pop()
        if node.type in _CLASS_KINDS:
            name = node.child_by_field_name("name")
            if name is not None and _named_only_here(data, node):
                out.append((data[name.start_byte:name.end_byte].decode("utf-8", "replace"), node.start_byte,
                            node.end_byte, node.start_point[0] + 1, node.end_point[0] + 1))
        stack.extend(node.children)
    return out


def _named_only_here(data: bytes, node) -> bool:
    """A class declared by its name at a module's top (or exported by it): not a class expression
    (``module.exports = class C {}``) nor a default export, which an importer names as it likes."""
    parent = node.parent
    if node.type == "class" or parent is None:
        return False
    if parent.type == "export_statement":
        return b"default" not in data[parent.start_byte:node.start_byte]
    return parent.type == "program"


class _Judge:
    """Decides, once per class, whether nothing in the project creates it."""

    def __init__(self, root: Path, texts: Dict[str, str]):
        self.root = Path(root)
        self.texts = texts
        self._spans: Dict[str, List[ClassSpan]] = {}
        self._verdicts: Dict[Tuple[str, str], bool] = {}
        self._config: Optional[str] = None
        self._entries: Optional[Set[str]] = None

    def class_at(self, path: str, line: int) -> Optional[ClassSpan]:
        """The innermost named class declaration of ``path`` enclosing ``line``."""
        if path not in self._spans:
            text = self.texts.get(path)
            self._spans[path] = _classes(text.encode("utf-8"), path) if text is not None else []
        inside = [c for c in self._spans[path] if c[3] <= line <= c[4]]
        return min(inside, key=lambda c: c[2] - c[1]) if inside else None

    def unbuilt(self, path: str, cls: ClassSpan) -> bool:
        key = (path, cls[0])
        if key not in self._verdicts:
            self._verdicts[key] = self._decide(path, cls)
        return self._verdicts[key]

    def _decide(self, path: str, cls: ClassSpan) -> bool:
        name, start, end = cls[0], cls[1], cls[2]
        word = re.compile(_WORD.format(re.escape(name)))
        own = self.texts[path].encode("utf-8")
        inside = own[start:end].decode("utf-8", "replace")
        outside = own[:start].decode("utf-8", "replace") + "\n" + own[end:].decode("utf-8", "replace")
        if not _SERVES.search(inside):
            return False  # not a server class: its methods may be called statically or by reflection
        if word.search(outside) or len(word.findall(inside)) > 1:
            return False  # named again: created, extended, exported or passed somewhere
        if any(p != path and word.search(t) for p, t in self.texts.items()):
            return False
        if word.search(self.config()):
            return False  # a package script or container creates it by name
        if path in self.entries():
            return False  # a package entry: the library's user may create it
        if self._taken_whole(path):
            return False  # a namespace or a star re-export reaches it by a computed key
        return bool(_BUILDS.search(outside)) or any(
            p != path and _BUILDS.search(t) for p, t in self.texts.items() if is_ts_source(p))

    def _taken_whole(self, path: str) -> bool:
        """Whether a module re-exports or imports ``path`` whole."""
        stem = _EXT.sub("", path)
        for importer, text in self.texts.items():
            for m in _WHOLE.finditer(text):
                spec = _EXT.sub("", next(g for g in m.groups() if g))
                if not spec.startswith("."):  # a package or an alias: judged by its last segment
                    if posixpath.basename(spec) in (posixpath.basename(stem), "index") or \
                            posixpath.basename(stem) == "index":
                        return True
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
                if target in (stem, posixpath.dirname(stem)) and (target == stem or stem.endswith("/index")):
                    return True
        return False

    def config(self) -> str:
        if self._config is None:
            try:
                self._config = "\n".join(t for _r, t in config_texts(self.root))
            except OSError:
                self._config = ""
        return self._config

    def entries(self) -> Set[str]:
        if self._entries is None:
            self._entries = set()
            rels = [r for r in self.texts if is_ts_source(r)]
            for folder, members in _packages(self.root, rels).items():
                pkg = _json(self.root / folder / "package.json")
                self._entries |= package_entries(self.root, folder, _specs(pkg), set(members))
        return self._entries


def _tool_entries(f) -> List[Tuple[str, int]]:
    """(path, line) of the step naming the MCP tool parameter, in the finding's flow and in every
    other tool's flow it lists."""
    out = [(s.location.path, s.location.line) for s in f.flow[:1] if _TOOL_STEP.search(s.note)]
    for other in (f.properties or {}).get("other_flows") or []:
        steps = other.get("flow") or []
        if not steps or not _TOOL_STEP.search(str(steps[0].get("note", ""))):
            return []  # another tool's flow starts elsewhere: not judged
        out.append((steps[0]["path"], int(steps[0]["line"])))
    return out if f.flow and _TOOL_STEP.search(f.flow[0].note) else []


def lower(findings: Iterable, project) -> None:
    """Findings whose every tool entry (or, without one, whose location) lies in a server class
    nothing creates: to the audit view, naming the class."""
    from ...models import Confidence

    texts = {p: sf.text for p, sf in project.files.items() if is_ts_source(p) and sf.text is not None}
    judge: Optional[_Judge] = None
    for f in findings:
        if f.confidence <= Confidence.LOW:
            continue
        heads = _tool_entries(f) or [(f.location.path, f.location.line)]
        if any(p not in texts for p, _l in heads):
            continue
        judge = judge or _Judge(project.root, texts)
        classes = [(p, judge.class_at(p, line)) for p, line in heads]
        if any(c is None or not judge.unbuilt(p, c) for p, c in classes):
            continue
        path, cls = classes[0]
        f.confidence = Confidence.LOW
        f.message += (f"; only server class {cls[0]} ({path}:{cls[3]}) reaches it, and nothing in the project creates "
                      "that class (no `new`, import or script names it) while another MCP server is built: no MCP "
                      "client reaches it (audit view)")


__all__ = ["lower"]
