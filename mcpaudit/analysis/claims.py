"""Claims against effects: a tool's read-only promise and its MCP annotations, compared with
what its code can reach (see :mod:`mcpaudit.analysis.effects`).

The effects of a tool are the sinks its handler reaches through the call graph, tainted or not
(a tool that rewrites a fixed state file writes; creating a fixed directory or setting a fixed
file's mode is setup, not a write). Running a program the author fixed (``kubectl
get``, ``rg -- pattern``) does not break a read-only claim; a shell command or code the caller
writes does. For a low-level ``call_tool`` handler, a sink
inside an ``if name == "x":`` branch belongs to tool ``x``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Set, Tuple

from ..catalog import catalog
from ..models import Confidence
from .argvcommand import shell_command
from .fixedruns import fixed_run
from .helpprobes import PROGRAM as PROBE_PROGRAM
from .guards import SEP, call_facts
from .effects import (MODE_SETTER, ROUTED_UNCHECKED, Effect, ToolEffects, acting_description, annotation,
                      effect_kinds, is_setup, nearest, read_only_claim, server_read_only_claim, writes_declared)
from .narrowing import READ_ONLY_CHECK, one_statement
from .ownwrites import own_write_sinks
from .callerhosts import caller_hosts
from .sqlquote import select_only, select_reads

if TYPE_CHECKING:  # pragma: no cover
    from .inter import Linker, RawFinding
    from .summary import FuncSummary

_MAX_DEPTH = 8
#: the effects of a tool that does nothing but run (or read by) query text (py30a)
_QUERY_ONLY = frozenset({"query", "query-text", "raw-query", "read", "request", "network"})
_WHAT = {
    "execute": "executes commands or code",
    "run-fixed": "runs programs",
    "run-write": "runs a command that changes what its program manages",
    "write": "writes files",
    "delete": "deletes files",
    "query-text": "runs the caller's query text with no read-only mode the database enforces",
    "raw-query": "runs the caller's query text with no read-only mode the database enforces",
    "network": "fetches any URL its caller gives",
    "pipeline-write": "runs the caller's aggregation pipeline, whose $out and $merge stages write collections",
    "explain-write": "runs the caller's statement under EXPLAIN ANALYZE, which executes it (an INSERT, UPDATE or DELETE writes)",
}


class ClaimChecker:
    """Computes every tool's effects and reports where claims understate them."""

    def __init__(self, linker: "Linker"):
        self.linker = linker
        self.memo: Dict[Tuple[str, str], List[Tuple[str, int, str, str, str, Optional[str], str]]] = {}
        self._run_sites: Optional[Set[Tuple[str, str, int]]] = None
        self._admitted: Optional[Dict[Tuple[str, int], Tuple[Tuple[int, str], ...]]] = None
        # the server of each module that builds one (else the project's only server)
        self._servers = {p for p, m in linker.modules.items() if getattr(m, "server_texts", None)}
        # (a project whose modules record no server, as the ts engine's: one server)
        self._only = next(iter(self._servers)) if len(self._servers) == 1 else "" if not self._servers else None
        # (server, tool) of tools that run the caller's query text as is, reads and writes (not
        # behind a check of their own that narrows what runs: a SELECT check is the sibling's too)
        writing = {c.tool for c in linker.capabilities.values()
                   if c.capability == "raw-query" and c.text and not c.read_only
                   and not (c.behind or "").startswith(READ_ONLY_CHECK)}
        self.writers = {(self._server_of(t), t.name) for t in linker.tools if t.name in writing}
        # tools whose SELECT check routes statements to such a sibling (review_checks)
        self.routing: Set[Tuple[str, str]] = set()  # (name, registration path)

    # -- effects ----------------------------------------------------------------------
    def _reach(self, path: str, fn: "FuncSummary", depth: int = 0):
        """(path, line, family, sink, detail, tool hint, argv command) of every sink ``fn`` reaches."""
        key = (path, fn.qualname)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = []  # recursion guard
        hint_of = self.linker.tool_of_hint
        out = [(path, s.pos[0], s.family, s.sink, s.detail, hint_of(path, s.tool_hint), s.command) for s in fn.sinks
               if not self.linker.not_a_sink(path, fn, s)]
        if depth < _MAX_DEPTH:
            for idx, rec in fn.calls.items():
                for target in self.linker.resolve_all(path, fn, rec.target):
                    tpath, callee = target[0], target[1]
                    thint = self.linker.target_hint(path, fn, idx, target)
                    given = _given_commands(callee, rec, target[2]) if rec.consts or rec.given else {}
                    probe = getattr(rec, "probe", None)  # a help command line handed on (helpprobes.py)
                    out += [(p, ln, fam, sk, det, thint or hint_of(path, rec.tool_hint) or h,
                             probe if probe and fam in ("shell", "argument") else
                             (given.get(ln, "") if p == tpath and " " not in c else "") or c)
                            for (p, ln, fam, sk, det, h, c) in self._reach(tpath, callee, depth + 1)]
        self.memo[key] = out
        return out

    def effects(self) -> Dict[Tuple[str, str], ToolEffects]:
        """(tool name, handler path) -> what the tool can do."""
        out: Dict[Tuple[str, str], ToolEffects] = {}
        owned: Dict[Tuple[str, str], Set[Tuple[str, int]]] = {}

        def own(path: str, fn) -> Set[Tuple[str, int]]:
            if (path, fn.qualname) not in owned:
                owned[(path, fn.qualname)] = own_write_sinks(self.linker, path, fn)
            return owned[(path, fn.qualname)]

        # appends to a log named by a checked parameter (logappend.param_log_append): bookkeeping
        # where no caller's value reaches them unchecked (no flow reported there)
        logs = {(path, s.pos[0]) for path, mod in self.linker.modules.items()
                for f in mod.functions.values() for s in f.sinks if getattr(s, "log_append", False)}
        for path, fn, tool, kind in self.linker.handlers:
            if kind in ("list_tools", "list_resources", "list_prompts", "list_resource_templates"):
                continue
            for (p, line, fam, sink, detail, hint, command) in self._reach(path, fn):
                name = hint or tool.name
                te = out.setdefault((name, path), ToolEffects(name, path))
                if (p, line) in logs and fam == "path" and (fam, p, line) not in self.linker.findings:
                    continue
                for k in effect_kinds(fam, sink, detail):
                    if k == "execute" and not self._caller_runs(p, line, fam, name, command):
                        # a program or code the author fixed (kubectl get, rg -- pattern): what it
                        # does is the author's to claim; the caller chooses only its arguments
                        # (fixedruns.py: destructive when a shell, code, the caller's options or
                        # a program the models know to change state runs; yt-dlp URL is not)
                        k = fixed_run(self.linker, p, line, fam, detail, command, sink)
                        for at, entry in self._admits().get((p, line), ())[:1]:
                            # the caller picks the command from an allow-list that admits a writer
                            te.add(Effect("run-write", p, at, f"{sink}, whose allow-list admits '{command} {entry}'",
                                          fam))
                    elif k in ("write", "delete") and is_setup(sink, p) and (fam, p, line) not in self.linker.findings:
                        # creating a directory or setting the mode of a file the author fixed (its
                        # own config folder, its bundled binary) sets up; it changes no data
                        k = "setup"
                    elif k == "write" and p.endswith(".py") and (fam, p, line) not in self.linker.findings \
                            and (p, line) in own(path, fn):
                        k = "setup"  # the server's own file, written with nothing of the caller's (ownwrites.py)
                    te.add(Effect(k, p, line, sink, fam), name in self.linker.reaching.get((fam, p, line), ()))
        # statements sent to a service (sqlhttp.py keyed-query): what they may do is the service's
        service = {(path, s.pos[0]) for path, mod in self.linker.modules.items()
                   for fn in mod.functions.values() for s in fn.sinks if getattr(s, "service", False)}
        for tool, path, line, sink, read_only in sorted(self.linker.query_text):
            if not (read_only or self._enforced(path) or (path, line) in service):
                # the tool of that name nearest to the query (a monorepo has one per server)
                mine = nearest(path, [(te.path, te) for (name, _), te in out.items() if name == tool]) or [
                    out.setdefault((tool, path), ToolEffects(tool, path))]
                for te in mine:
                    te.add(Effect("query-text", path, line, sink))
        for cap in self.linker.capabilities.values():
            te = out.setdefault((cap.tool, cap.sinks[0].rsplit(":", 1)[0]), ToolEffects(cap.tool, cap.path))
            if cap.capability == "raw-query" and not (cap.read_only or self._enforced(cap.path)
                                                      or (cap.path, cap.pos[0]) in service):
                te.add(Effect("query-text", cap.path, cap.pos[0], cap.sink))
                te.add(Effect("raw-query", cap.path, cap.pos[0], cap.sink))  # ... as its purpose
            if cap.capability == "network-request":
                te.add(Effect("network", cap.path, cap.pos[0], cap.sink))
        return out

    @staticmethod
    def _own_effects(tools, effects: Dict[Tuple[str, str], ToolEffects]) -> Dict[int, List[ToolEffects]]:
        """id(tool) -> the effects of its handlers. Effects are found per tool name (a low-level
        dispatcher's branch names its tool); in a monorepo several servers register a tool of the
        same name, and each handler's effects belong to the registration of that name nearest to
        it (the most leading folders shared), so one server's claim is never checked against, or
        hidden by, another server's handler."""
        by_name = _placed_by_name(tools)
        out: Dict[int, List[ToolEffects]] = {}
        for te in effects.values():
            for t in nearest(te.path, by_name.get(te.tool, ())):
                out.setdefault(id(t), []).append(te)
        return out

    def _admits(self) -> Dict[Tuple[str, int], Tuple[Tuple[int, str], ...]]:
        """(path, line) of each argv sink -> the writing commands its allow-lists admit."""
        if self._admitted is None:
            self._admitted = {(path, s.pos[0]): s.admits for path, mod in self.linker.modules.items()
                              for fn in mod.functions.values() for s in fn.sinks if getattr(s, "admits", ())}
        return self._admitted

    def _caller_runs(self, path: str, line: int, family: str, tool: Optional[str] = None, command: str = "") -> bool:
        """Whether a tool's caller chooses what runs at this sink: a shell command or code the
        taint analysis traced there from a tool (a finding or a capability at that line). When
        the tool hands the sink a help command line of its own (helpprobes.py), only a flow of
        its own caller's counts: another tool's caller choosing the runner's command is not it."""
        if family not in ("shell", "code"):
            return False
        f = self.linker.findings.get((family, path, line))
        if f is not None and f.tool and command.startswith(PROBE_PROGRAM + " ") and tool:
            if tool not in self.linker.reaching.get((family, path, line), {f.tool}):
                f = None  # the capability test below is per tool already
        if f is not None and f.tool:
            return True
        if self._run_sites is None:
            self._run_sites = {(c.tool, c.path, c.pos[0]) for c in self.linker.capabilities.values()
                               if c.capability in ("command-execution", "code-execution")}
        # a capability is its own tool's: another tool sharing the wrapper may pass it constants
        return any((t, path, line) in self._run_sites for t in ((tool,) if tool else {c[0] for c in self._run_sites}))

    def _enforced(self, path: str) -> bool:
        mod = self.linker.modules.get(path)
        return bool(mod is not None and mod.read_only_mode)

    # -- claims -----------------------------------------------------------------------
    def _server_of(self, tool) -> Optional[str]:
        path = tool.location.path
        return path if path in self._servers else self._only

    def routed(self, tool) -> bool:
        """Whether another tool of the same server runs the caller's writes: then a SELECT
        check in this one routes statements between the two, it keeps nothing read-only."""
        server = self._server_of(tool)
        return server is not None and any(s == server and n != tool.name for s, n in self.writers)

    def _unchecked_beside_writer(self, tool, effects) -> bool:
        """The tool only runs query text, with no check of its own in front (no capability of it
        is behind one: a SELECT check says its author meant it to stay read-only), beside a
        sibling that runs the caller's writes: its "read-only statements" route (py30a)."""
        if not effects or not _QUERY_ONLY >= set(effects) or not self.routed(tool):
            return False
        return not any(c.tool == tool.name and c.behind for c in self.linker.capabilities.values())

    def review_checks(self) -> None:
        """The findings of bypassable read-only checks (a query prefix, a keyword deny-list).
        A SELECT prefix or pattern is a read-only boundary only for a tool that claims one: with
        no claim and a sibling tool that runs any write for the same caller, bypassing it gains
        the caller nothing (a deny-list of destructive statements guards a tool that writes), and
        its SELECT name or description routes statements too (``routing``: they claim nothing in
        ``findings``). So does a check whose own code accepts statements by a write verb as well
        (a low-level dispatch helper with a branch per operation, ``stmtroutes.py``) when neither
        the tool nor its server claims read-only. At a driver that runs one statement per call, the message offers no
        stacked statement."""
        by_name = _placed_by_name(self.linker.tools)
        single = {(path, s.pos[0]): s.one_statement for path, mod in self.linker.modules.items()
                  for fn in mod.functions.values() for s in fn.sinks if getattr(s, "one_statement", "")}
        reads = select_reads(self.linker)
        for key, f in list(self.linker.findings.items()):
            if f.family != "read-only" or f" behind {READ_ONLY_CHECK}" not in f.message:
                continue
            # the tool of that name nearest to the check (one per server of a monorepo)
            tool = next(iter(nearest(f.path, by_name.get(f.tool or "", ()))), None)
            prefix = f" behind {READ_ONLY_CHECK} by query p" in f.message  # prefix or pattern, not a deny-list
            if prefix and tool is not None and (self.routed(tool) or self._routes_writes(tool, f)) \
                    and not read_only_claim(tool, routed=True) and not self._mode_boundary(tool):
                del self.linker.findings[key]
                self.routing.add((tool.name, tool.location.path))
            else:
                # the query runs at the flow's last step (a wrapper's sink: f.pos is the call)
                at = (f.flow[-1].location.path, f.flow[-1].location.line) if f.flow else (f.path, f.pos[0])
                if prefix and at in reads and select_only(f.message):
                    # a SQLite SELECT run alone reads: the check holds, the query is read-only
                    del self.linker.findings[key]
                    qt = self.linker.query_text
                    for entry in [e for e in qt if (e[1], e[2]) == at]:
                        qt.discard(entry)
                        qt.add(entry[:4] + (True,))
                    for cap in self.linker.capabilities.values():
                        if cap.tool == f.tool and f"{at[0]}:{at[1]}" in cap.sinks and len(cap.sinks) == 1:
                            # the check holds: the tool runs the caller's SELECTs, which read
                            cap.read_only, cap.behind = True, None
                            cap.read_why = (f"its check that the query starts with SELECT holds at a driver that runs "
                                            f"one statement per call ({single.get(at) or 'SQLite'}), and a SQLite SELECT cannot write")
                    continue
                if single.get(at):
                    f.message = one_statement(f.message, single[at])
                    for cap in self.linker.capabilities.values():  # the check it names, the same way
                        if cap.tool == f.tool and cap.behind and f"{at[0]}:{at[1]}" in cap.sinks:
                            cap.behind = one_statement(cap.behind, single[at])

    def _routes_writes(self, tool, f) -> bool:
        """The check's own code accepts statements by a write verb too (``stmtroutes.py``: a
        module on the flow records it) and nothing promises read-only for the tool's server."""
        mods = self.linker.modules
        if not any(getattr(mods.get(s.location.path), "routes_writes", False) for s in f.flow):
            return False
        texts = getattr(mods.get(tool.location.path), "server_texts", None) or (
            next(iter(m.server_texts for m in mods.values() if getattr(m, "server_texts", None)), ())
            if len(self._servers) == 1 else ())
        return not server_read_only_claim(tuple(texts))

    def unclaim_bypassed_read_only(self) -> None:
        """A raw-query capability is not "read-only, enforced by the database" at a sink where
        the same tool's read-only check is reported bypassable: the code has a way there (a
        mode, another connection) in which the check is all that stands."""
        linker = self.linker
        bypassed = {(f.tool, f"{f.path}:{f.pos[0]}") for f in linker.findings.values() if f.family == "read-only"}
        for cap in linker.capabilities.values():
            if cap.read_only and any((cap.tool, where) in bypassed for where in cap.sinks):
                cap.read_only = False

    def findings(self) -> Iterator["RawFinding"]:
        from .inter import RawFinding

        every = self.effects()
        # what the tools can do at all (http-transport-no-auth weighs an open transport by it)
        self.linker.tool_effect_kinds = frozenset(k for te in every.values() for k in te.effects) | caller_hosts(self.linker)
        own = self._own_effects([t for t in self.linker.tools if t.kind in ("tool", "call_tool")], every)
        reported: Set[Tuple[str, str, str]] = set()
        mode, refused = self._app_read_only_mode()
        role = self._read_only_role()
        switches = self._mode_switches()
        servers = {p: tuple(m.server_texts) for p, m in self.linker.modules.items() if getattr(m, "server_texts", None)}
        only = next(iter(servers.values())) if len(servers) == 1 else ()
        for tool in self.linker.tools:
            if tool.kind not in ("tool", "call_tool"):
                continue
            # the server a tool belongs to (its own module's, else the project's only one) may
            # promise read-only for every tool that does not say it writes
            server = None if writes_declared(tool) else server_read_only_claim(servers.get(tool.location.path, only))
            effects: Dict[str, Effect] = {}
            directed: Set[str] = set()
            for te in sorted(own.get(id(tool), ()), key=lambda te: -len(te.directed)):
                for k, e in te.effects.items():
                    if k in te.directed and k not in directed:
                        effects[k] = e
                        directed.add(k)
                    else:
                        effects.setdefault(k, e)
            # a tool that only runs query text beside a sibling that runs the caller's writes
            routed = True if (tool.name, tool.location.path) in self.routing else (
                ROUTED_UNCHECKED if self._unchecked_beside_writer(tool, effects) else False)
            passed = self._mutating_option(tool) if server or read_only_claim(tool, routed) else None
            if passed:
                reported.add((tool.name, tool.location.path, "read-only"))
                yield RawFinding(
                    "read-only", passed[0], passed[1],
                    f"tool '{tool.name}' is {read_only_claim(tool, routed) or server} but passes its "
                    f"caller's '{passed[2]}' on: {passed[3]}", Confidence.HIGH, tool.name, passed[2], [], "",
                    tool.function)
            # (the handler of that name nearest to the registration: one per server of a monorepo)
            switch = next(iter(nearest(tool.location.path, [(p, hit) for (n, p), hit in switches.items()
                                                            if n == tool.name])), None)
            if switch:
                reported.add((tool.name, tool.location.path, "read-only"))
                yield RawFinding(
                    "read-only", switch[0], switch[1],
                    f"tool '{tool.name}' sets the server's own safety mode ({switch[2]}()) to what its caller asks: "
                    "the read-only mode that gates the other tools' writes is switched off by the same caller it "
                    "protects against", Confidence.HIGH, tool.name, None, [], "", tool.function)
            acts = acting_description(tool) if annotation(tool, "readOnlyHint") is True else None
            if acts:
                # the tool's own description says it changes what it works on
                reported.add((tool.name, tool.location.path, "annotation"))
                yield RawFinding(
                    "annotation", tool.location.path, (tool.location.line, 1, tool.location.line, 1),
                    f"tool '{tool.name}' is annotated readOnlyHint=True but its description says it acts on what "
                    f"it visits ('{acts}'): a client that approves read-only tools without asking lets it do so",
                    Confidence.HIGH, tool.name, None, [], "", tool.function)
            for family, kind, why in self._mismatches(tool, effects, None if tool.name in refused else mode, server, role,
                                                      routed):
                e = effects[kind]
                if (tool.name, tool.location.path, family) in reported:
                    continue
                reported.add((tool.name, tool.location.path, family))
                yield RawFinding(
                    family, e.path, (e.line, 1, e.line, 1),
                    f"tool '{tool.name}' is {why} but {_WHAT[kind]} ({e.sink})",
                    Confidence.HIGH, tool.name, None, self._directed_flow(tool.name, e) if kind in directed else [],
                    "", tool.function)

    def _mode_switches(self) -> Dict[Tuple[str, str], tuple]:
        """(tool, handler path) -> (path, pos, setter) of a call its handler reaches that sets the
        server's safety or read-only mode (``MODE_SETTER``) to a value that is not a literal, for
        tools that take a caller value (it chooses the mode). A setter several tools reach through
        a dispatcher the analysis cannot split is the one whose name a function past its handler
        bears."""
        found: Dict[Tuple[str, str], tuple] = {}
        for path, fn, t, _kind in self.linker.handlers:
            if (t.name, path) in found or not any(not p.context and p.kind == "pos" for p in fn.params):
                continue
            hit = self._switches(t.name, path, fn, 0, set(), ())
            if hit:
                found[(t.name, path)] = hit
        by_site: Dict[tuple, List[Tuple[str, str]]] = {}
        for key, hit in found.items():
            by_site.setdefault(hit[:2], []).append(key)
        out: Dict[Tuple[str, str], tuple] = {}
        for keys in by_site.values():
            named = [k for k in keys if k[0] in found[k][3]] if len({k[0] for k in keys}) > 1 else keys
            out.update({k: found[k][:3] for k in named})
        return out

    def _switches(self, tool: str, path: str, fn, depth: int, seen: set, chain: tuple):
        """The first mode setter call ``fn`` makes or reaches, on calls that do not dispatch to
        another tool (a dispatcher's branch for another tool name is that tool's)."""
        if (path, fn.qualname) in seen or depth > _MAX_DEPTH:
            return None
        seen.add((path, fn.qualname))
        linker = self.linker
        for idx, rec in sorted(fn.calls.items(), key=lambda kv: kv[1].pos):
            if linker.tool_of_hint(path, rec.tool_hint) not in (None, tool):
                continue
            name = rec.target.rsplit(".", 1)[-1]
            if MODE_SETTER.search(name) and rec.given and list(rec.given.values())[-1] == "?":
                return path, rec.pos, name, chain
            for target in linker.resolve_all(path, fn, rec.target):
                if linker.target_hint(path, fn, idx, target) not in (None, tool):
                    continue
                hit = self._switches(tool, target[0], target[1], depth + 1, seen, chain + (target[1].name,))
                if hit:
                    return hit
        return None

    def _mutating_option(self, tool):
        """(path, pos, parameter, why) where the tool's handler hands on a parameter its caller
        sets that names an option choosing a mode that removes what it reads (the models'
        ``mutating-parameters``: RabbitMQ's ackmode), or None."""
        known = catalog().python.mutating_parameters
        for path, fn, t, _kind in self.linker.handlers:
            if t is not tool and (t.name, t.function, t.location.path) != (tool.name, tool.function, tool.location.path):
                continue
            for p in fn.params:
                why = known.get(p.name.lower().replace("_", ""))
                if not why or p.safe or p.context:
                    continue
                for rec in sorted(fn.calls.values(), key=lambda r: r.pos):
                    if any(("p", p.name) in a for a in [*rec.args, *rec.kwargs.values()]):
                        return path, rec.pos, p.name, why
        return None

    def _directed_flow(self, tool: str, e: Effect) -> list:
        """The caller's flow to the sink that shows the effect, when the taint analysis followed
        this tool's argument there."""
        src = self.linker.findings.get((e.family, e.path, e.line))
        return list(src.flow) if src is not None and src.tool == tool else []

    def weak_mode_findings(self) -> Iterator["RawFinding"]:
        """Caller query text run in a module that opens its engine read-only where that mode
        still writes (``duckdb.connect(p, read_only=True)`` with external access on): the
        read-only mode the code relies on does not hold."""
        from .inter import RawFinding

        sites: Dict[Tuple[str, str], Tuple[str, int, str]] = {}  # (tool, path) -> first sink
        for tool, path, line, sink, _ro in sorted(self.linker.query_text):
            sites.setdefault((tool, path), (path, line, sink))
        for cap in self.linker.capabilities.values():
            if cap.capability != "raw-query" or not cap.text:
                continue
            for where in cap.sinks:
                p, _, ln = where.rpartition(":")
                sites.setdefault((cap.tool, p), (p, int(ln), cap.sink))
        weak = {(path, s.pos[0]) for path, mod in self.linker.modules.items()
                for fn in mod.functions.values() for s in fn.sinks if s.weak_read_only}
        why = catalog().python.read_only_not_enough_why
        for (tool, _), (path, line, sink) in sorted(sites.items()):
            mode = getattr(self.linker.modules.get(path), "weak_read_only_mode", None)
            if (path, line) not in weak or not mode:
                continue
            yield RawFinding(
                "read-only", path, (line, 1, line, 1),
                f"tool '{tool}' runs the caller's query text with {sink} on a connection opened with "
                f"{mode}, but that mode does not keep it read-only: {why}",
                Confidence.HIGH, tool, None, [], "", None)

    def _app_read_only_mode(self) -> Tuple[Optional[str], Set[str]]:
        """Where the server's own read-only mode refuses operations (a guard on a read-only flag
        in its code), and the names its guards refuse; none when some module names the writing
        pipeline stages (it filters them)."""
        mods = self.linker.modules
        if any(getattr(m, "names_write_stages", False) for m in mods.values()):
            return None, set()
        where = next((p for p, m in sorted(mods.items()) if getattr(m, "app_read_only", False)), None)
        refused = {n for m in mods.values() for n in getattr(m, "app_read_only_refuses", ())}
        # (the tools whose definitions set a write flag the guards test: ts/modetools.py)
        flags = {f for m in mods.values() for f in getattr(m, "app_read_only_flags", ())}
        refused |= {n for m in mods.values() for f, names in getattr(m, "flagged_tools", {}).items() if f in flags for n in names}
        return where, refused

    def _mode_boundary(self, tool) -> bool:
        """Whether the server's own read-only mode offers this tool and drops every sibling that
        runs the caller's writes (by the write flag of their definitions): in that mode its
        SELECT check routes nothing, it is the boundary."""
        mode, refused = self._app_read_only_mode()
        if mode is None or tool.name in refused:
            return False
        server = self._server_of(tool)
        siblings = [n for s, n in self.writers if s == server and n != tool.name]
        return bool(siblings) and all(n in refused for n in siblings)

    def _read_only_role(self) -> Optional[str]:
        """Where the server defines a read-only role as the SQL verbs it allows (rolemode.py)."""
        for path, mod in sorted(self.linker.modules.items()):
            role = getattr(mod, "read_only_role", None)
            if role:
                return f"{role[1]}, at {path}:{role[0]}"
        return None

    @staticmethod
    def _mismatches(tool, effects: Dict[str, Effect], mode: Optional[str] = None, server: Optional[str] = None,
                    role: Optional[str] = None, routed: int = False):
        claim = read_only_claim(tool, routed)
        if claim or server:
            # a promise made for the whole server is checked against what each tool is for (its
            # query text as is), not against an injection that is reported on its own
            kinds = ("execute", "delete", "write", "run-write", "query-text" if claim else "raw-query", "pipeline-write",
                     "explain-write")
            for kind in kinds:
                if kind in effects:
                    yield "read-only", kind, claim or server
                    break
        elif mode and ("pipeline-write" in effects or "explain-write" in effects):
            # the server's read-only mode (kept by its code, see ts/appmode.py) lets the tool run
            kind = "pipeline-write" if "pipeline-write" in effects else "explain-write"
            yield "read-only", kind, f"allowed in the server's read-only mode (its guard in {mode})"
        elif role and "raw-query" in effects:
            # the server's read-only role is a list of verbs looked for in the query text
            yield "read-only", "raw-query", (f"run in the server's read-only role ({role}), which can only be "
                                              "kept by looking for verbs in the query text (REPLACE, GRANT, CALL, "
                                              "SET, LOAD DATA and SELECT ... INTO OUTFILE are not among them)")
        if annotation(tool, "destructiveHint") is False:
            for kind in ("delete", "execute", "run-fixed"):
                if kind in effects:
                    yield "annotation", kind, "annotated destructiveHint=False"
                    break
        if annotation(tool, "openWorldHint") is False and "network" in effects:
            yield "annotation", "network", "annotated openWorldHint=False"


def _given_commands(callee: "FuncSummary", rec, is_method: bool) -> Dict[int, str]:
    """Line -> command of each sink of a wrapper that runs exactly one of its parameters, given
    a constant command line at the call (``run("netlify login")``, ``run(cmd) { exec(cmd) }``),
    or a constant program (``spawnPromise("yt-dlp", args)``, ``run_program("yt-dlp", [...])``:
    every sink of that line runs it)."""
    consts = rec.consts or {}
    facts = dict(call_facts(callee.params, is_method, rec.given)) if rec.given else {}
    positional = [p.name for p in callee.params if p.kind == "pos"]
    out: Dict[int, str] = {}
    for s in callee.sinks:
        kind, _, word = (facts.get(getattr(s, "program_param", None) or "") or "").partition(SEP)
        if kind == "truthy" and word:  # a Python wrapper's program parameter (progwrap.py)
            out.setdefault(s.pos[0], shell_command(word, bare=True))
            continue
        labels = set(s.taint)
        if " " in s.command or not labels:
            continue
        # the runner's parameters the sink runs; one given a constant at the call: the program
        # (and, TS, the command words of the literal list given beside it: ts/runcommand.py)
        given = [positional.index(lb[1]) for lb in labels if lb[0] == "p" and lb[1] in positional
                 and positional.index(lb[1]) in consts]
        if len(given) == 1 and (len(labels) == 1 or given[0] == 0):
            out[s.pos[0]] = shell_command(consts[given[0]], bare=True)
    return out


def _placed_by_name(tools) -> Dict[str, List[tuple]]:
    """name -> [(registration path, tool)]: the candidates :func:`.effects.nearest` picks from
    (a monorepo registers a tool of one name once per server)."""
    out: Dict[str, List[tuple]] = {}
    for t in tools:
        out.setdefault(t.name, []).append((t.location.path, t))
    return out


__all__ = ["ClaimChecker"]
