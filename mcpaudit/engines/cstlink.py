"""Linking the cst engine's file results: the summaries joined into findings and the project model (link), the
failures a link reports, and the key a link's result is cached under (with the skip reasons that depend on
the run, never cached)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple
from ..analysis import configured
from ..analysis.inter import Linker, RawFinding
from ..analysis.detachedapps import detached_lines
from ..analysis.modnames import root_dotted
from ..analysis.appstrings import serves_other_app
from ..analysis.getattrapps import serves_mcp_app
from ..analysis.project import Project, SourceFile
from ..checks import all_rules
from ..models import Confidence, EngineError, Finding, Location

if TYPE_CHECKING:  # (annotations only: the driver, engines/cst.py, imports this module)
    from ..analysis.entryreach import ReadAhead  # is imported where it runs: the ts engine drives its files here
    from .cst import FileResult


# skip reasons that depend on the run, not on the bytes: never cached (matched anywhere in the
# reason: "analysis took longer ...", "the parser crashed ...", "ran out of memory ...")
_UNSTABLE_SKIPS = ("took longer", "crashed", "internal error", "out of memory", "cannot be read",
                   "not analysed", "not a regular file")


def _stable(res: FileResult) -> bool:
    """Whether ``res`` depends only on the file's bytes (it can be cached). A module whose analysis
    failed in one function (``summary.partial``) is not cached either: a bug is never remembered,
    and every scan reports it (:func:`partial_functions`)."""
    if res.summary is not None and getattr(res.summary, "partial", None):
        return False
    return not (res.skipped and any(w in res.skipped for w in _UNSTABLE_SKIPS))


def link(results: Sequence[FileResult], root: Path, min_confidence: Confidence = Confidence.MEDIUM,
         linker_cls=None, engine: str = "cst", trees: Optional[Dict[str, object]] = None,
         ahead: Optional[ReadAhead] = None) -> Tuple[List[Finding], Project, Linker]:
    """Link summaries into findings and the project model the project rules see (``linker_cls``
    and ``engine``: another language's linker, and the engine its findings name; ``trees``: the
    first pass's ``ast`` trees, from which what no entry point reaches is read; ``ahead``: what
    those trees' modules read, read already)."""
    if linker_cls is None:
        from ..analysis.routelink import PyLinker as linker_cls
    modules = {r.path: r.summary for r in results if r.summary is not None}
    linker = linker_cls(modules)
    linker.scan_root = root  # where the project's declared dependencies are read (schemachoices.py)
    linker.ast_trees = trees or {}  # the first pass's trees, read again by issuedhandles.py
    linker.all_paths = [r.path for r in results]  # every file of the scan (ownmethods.py)
    linker.index_package(root_dotted(root))
    linker.run()
    linker.settle_class_secrets()
    raws = list(linker.findings.values())
    if min_confidence <= Confidence.LOW:
        raws += linker.audit_findings()
    project = Project(root=root)
    for r in results:
        if r.text is not None:
            project.files[r.path] = SourceFile(r.path, r.text)
    project.tools = sorted(linker.tools, key=lambda t: (t.location.path, t.location.line, t.name))
    project.safe_sinks = linker.safe_sinks()
    project.tool_effect_kinds = getattr(linker, "tool_effect_kinds", None)  # (claims.py)
    project.unfollowed = list(getattr(linker, "unfollowed", ()))
    for path in sorted(modules):
        m = modules[path]
        # a web app beside an MCP server object it never mounts serves its own routes (detachedapps.py)
        detached = detached_lines(path, project.files[path].text, (trees or {}).get(path)) if m.imports_mcp and path in project.files else set()
        project.other_apps.update((path, line) for line in detached)
        builds = m.imports_mcp or serves_mcp_app(m)  # getattr(server, "sse_app"): an MCP app (getattrapps.py)
        for h in m.http:
            other = path if h.get("local_app") and (not builds or h["pos"][0] in detached) else \
                serves_other_app(linker, path, m, h, project.files)
            if other is not None:
                # an ASGI app of a module that does not use the MCP SDK (made here, or named by an
                # import string: uvicorn.run("pkg.api:app"), appstrings.py): not an MCP transport
                project.other_apps.update({(path, h["pos"][0]), (other, None)})
                continue
            if h.get("uds"):
                continue  # served on a Unix socket (uds=): local processes reach it through a file, no network does
            project.http_servers.append({**h, "path": path})
        project.auth_evidence.extend({**a, "path": path} for a in m.auth)
    from ..analysis.ts import authimports, entrygraph, hookauth, mountedlisten, transportsteps, unbuiltclass, blindnav  # (as lazily as before: a Python-only scan imports no ts module up front)

    hookauth.settle(project)  # hook installs whose function rejects: before the evidence is read below
    authimports.settle(project, linker, modules)  # a verifier module only optional auth imports
    entrygraph.settle(project, root, modules)  # auth in modules no entry point loads guards nothing
    mountedlisten.settle(project, linker, modules)  # a route handler's transport: its app's listener
    transportsteps.settle(project, modules)  # where a transport listens and is built: its finding's steps
    project.optional_when_unset()
    if engine == "cst":
        from ..analysis import callerkeys
        from ..analysis.authreject import passthrough_middleware
        from ..analysis.defaultbranch import lower_default_branches
        from ..analysis.entryreach import lower_unreached, reach
        from ..analysis.logrepeats import collapse_log_repeats

        passthrough_middleware(project, linker)  # an "auth" middleware that lets every request through
    configured.settle(project)  # settings attributes and auth factories: decided over every file
    if engine == "cst":
        callerkeys.settle(project, raws)  # every tool runs on the caller's own upstream key
        raws = collapse_log_repeats(raws)  # one secret read logged on several lines: one finding
    rules = all_rules()
    by_family = {cls.FAMILY: cls for cls in rules.values() if cls.FAMILY}
    findings: List[Finding] = []
    for raw in raws:
        cls = by_family.get(raw.family)
        if cls is None:
            continue
        findings.append(_to_finding(raw, cls, project))
    by_capability = {cls.CAPABILITY: cls for cls in rules.values() if cls.CAPABILITY}
    for cap in sorted(linker.capabilities.values(), key=lambda c: (c.path, c.pos, c.tool, c.capability)):
        cls = by_capability.get(cap.capability)
        if cls is not None:
            findings.append(_capability_finding(cap, cls, project))
    for rule_id, cls in sorted(rules.items()):
        if cls.CAPABILITY:
            continue
        findings.extend(cls().check(project))  # a taint rule may decide project-wide facts too
    if engine == "cst":
        # what no entry point of the server reaches (analysis/entryreach.py): findings there, to the audit view
        project.reach = reach(trees or {}, {p: f.text for p, f in project.files.items()}, root, project.tools,
                              [*project.http_servers, *project.auth_evidence], ahead)
        lower_unreached(findings, project.reach)
        lower_default_branches(findings, project, trees)  # a branch a parameter's default skips (defaultbranch.py)
    else:
        if project.unreached:
            entrygraph.lower(findings, project.unreached)  # no entry point loads their module
        from ..analysis.ts.envfallback import default_credential_findings  # a literal fallback the server compares
        findings.extend(default_credential_findings(project))
        unbuiltclass.lower(findings, project)  # handlers of a server class nothing creates
        blindnav.lower(findings, project)  # a page read back only through the site's own selectors
    for f in findings:
        f.engine = engine
    return findings, project, linker


def link_failures(linker, engine: str) -> List[EngineError]:
    """The handlers, functions or registrations whose analysis failed while the rest was linked
    (``link_errors`` of the ts linker, :mod:`mcpaudit.analysis.ts.failsafe`): the results are
    incomplete, so each is an engine error with its module."""
    return [EngineError(engine, f"partly analysed: the analysis of the {what} failed ({why}); "
                                "the rest of the project was analysed", path=path, fatal=True)
            for path, what, why in getattr(linker, "link_errors", ())]


def _capability_finding(cap, cls, project: Project) -> Finding:
    """A tool's capability as a finding of its capability rule; its severity is decided later,
    from the server's exposure (see mcpaudit.inventory)."""
    line, col, end_line, end_col = cap.pos
    src = project.files.get(cap.path)
    return Finding(
        rule_id=cls.ID, engine="cst", severity=cls.SEVERITY, confidence=Confidence.HIGH,
        message=cap.message, location=Location(cap.path, line, col, end_line, end_col),
        cwe=list(cls.CWE), tool=cap.tool, parameter=cap.parameter, flow=cap.flow, fix=cls.FIX,
        snippet=src.line(line).strip() if src else None, context=cap.context,
        tags=["security", *cls.TAGS],
        properties={"capability": cap.capability, "sinks": list(cap.sinks),
                    "writes": cap.write or (cap.capability == "raw-query" and cap.text and not cap.read_only),
                    "read_only": cap.read_only},
    )


def _to_finding(raw: RawFinding, cls, project: Project) -> Finding:
    line, col, end_line, end_col = raw.pos
    src = project.files.get(raw.path)
    snippet = src.line(line).strip() if src else None
    return Finding(
        rule_id=cls.ID, engine="cst", severity=cls.SEVERITY, confidence=raw.confidence,
        message=raw.message, location=Location(raw.path, line, col, end_line, end_col),
        cwe=list(cls.CWE), tool=raw.tool, parameter=raw.parameter, flow=raw.flow,
        fix=cls.FIX, snippet=snippet, context=raw.context, tags=["security", *cls.TAGS],
        properties={"other_flows": [{"tool": tool, "flow": [
            {"path": s.location.path, "line": s.location.line, "note": s.note} for s in flow]}
            for tool, flow in raw.other_flows]} if raw.other_flows else {},
    )


def _link_key(results: Sequence[FileResult], min_confidence: Confidence, mode: str = "all",
              inputs: str = "") -> Optional[str]:
    """The cache key of the project-wide link step: every file's path, content hash and skip
    reason, the confidence floor, and ``inputs`` (the root and the non-source files the link reads,
    :func:`mcpaudit.projectinputs.digest`; the cache's salt covers mcpaudit's code and rules). None
    when a file has no content hash (it could not be read) or was skipped for a reason that
    depends on the run (a timeout, the scan deadline), so such a scan always links."""
    h = hashlib.blake2b(digest_size=20)
    h.update(b"link\0" + mode.encode() + b"\0" + str(int(min_confidence)).encode() + b"\0" + inputs.encode())
    for r in sorted(results, key=lambda r: r.path):
        if r.digest is None or not _stable(r):
            return None
        h.update(b"\0".join((r.path.encode("utf-8", "surrogatepass"), r.digest.encode(),
                              (r.skipped or "").encode("utf-8", "surrogatepass"))) + b"\1")
    return "link:" + h.hexdigest()
