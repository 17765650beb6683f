"""Reporting: the findings and capabilities the linker makes where a handler's values reach a sink (a log, a
read-only check, a placed argument, a return), in the order it reports them; mixed into Linker."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional
from .wholeenv import confidence as secret_confidence  # process.env read whole: medium
from .argvlow import lowered, prefix_of
from ..models import Confidence, FlowStep, Location, ToolInfo
from ..catalog import catalog
from .argvfiles import file_operand_finding, report_url_operand
from .offered import note_built
from .capabilities import (FALSE_BOUNDARY, URL_ONLY, as_is, behind_check, declared_by_param, declared_purpose,
                           described, false_boundary, flow_param, param_confined, param_description, through_mapping,
                           url_only)
from .cmdline import option_file_sink
from .mappinglogs import mapping_carries_credentials
from .checkref import disproved, lexical_verdict, soft, validator_program, verified_sink, weak_list_note
from .guardref import guarded
from .fields import REQUEST_LOG, program_logs_info
from .sinkbits import OPERATOR_CLI
from .taintmerge import _ARGV_ELSEWHERE, _argv_placement, _flow, through_where
from .dangling import exposed
from .keptroots import kept_root
from .firstword import FIRST_WORD_ALLOW, first_word_finding, program_fixed
from .narrowing import MODE_ONLY, READ_ONLY_CHECK, STATEMENT_CHECK, shown_weak
from .toolflows import record as record_tool_flow, record_value
from .reportmsg import sink_message
from .progwrap import at_program_site, code_options_note, in_argv, operand_placed, report_remote
from .placement import path_low, path_weak, placed_safely, placed_weak, web_only
from .summary import SHELL_UNKNOWN, FuncSummary, SinkRec, Step
from .taintvalue import ARGV_OPTION, ARGV_PLACED, ARGV_UNKNOWN, EXTENDED, TEXT_ARG, Info, Taint, operand_of
from .rawresults import RawCapability, RawFinding


class LinkReports:
    """Methods of Linker moved out of inter.py (mixed into Linker)."""

    # -- reporting ----------------------------------------------------------------------
    def _report(self, path, fn: FuncSummary, sink: SinkRec, t: Taint, env, hint, handler) -> None:
        fam = sink.family
        if fam == "log":
            return self._report_log(path, fn, sink, t, env, hint)
        recorded, where, handed, head = sink, path, set(), None
        for label, info in sorted(t.items(), key=lambda kv: self.report_order(fam, sink, kv, hint)):
            fam = recorded.family  # (a label below may have read the sink as another family)
            if head is not None and record_value(self, head, fam, recorded, label, exposed(info, fam, recorded), _flow(info, where, recorded)):
                continue  # the sink's finding is made: each other value keeps its own flow there (toolflows.py)
            if fam == "argument" and label[0] == "src":
                if (g := file_operand_finding(self, path, fn, recorded, info, hint or label[1], label[2])) is not None:
                    self._add(g)
                report_url_operand(self, path, fn, recorded, label, info, env, hint, handler)  # curl <url>
                if report_remote(self, path, fn, recorded, label, info, env, hint, handler):  # adb shell <line>
                    continue  # kubectl exec -- CMD, a remote shell's command line: progwrap.py
            if label[0] != "src" or (info := exposed(info, fam, recorded)).is_clean(fam) or placed_safely(self, recorded, info) \
                    or (fam == "argument" and EXTENDED in info.clean and TEXT_ARG in info.clean):  # argv.extend(<a str>)
                continue
            path, sink = kept_root(where, recorded, info, label) or self.stored_target(where, recorded, info)
            if handed and not self.another_handover(handed, recorded, path, sink, label[1]):
                continue  # after a kept target: only another route's own hand-over (fields.py)
            sink = option_file_sink(sink, info) if sink is not None and fam == "path" and sink.operands else sink  # argv: a file option's value
            if sink is None:
                continue
            sink = web_only(sink, info, self)  # a file-url loader behind a check that fixed http(s)
            if fam == "shell" and sink.detail == SHELL_UNKNOWN and in_argv(info):
                # placed in an argv list after its program: an argument whatever shell= is (a
                # shell runs a list's first element only, the rest are its positional parameters)
                if _argv_placement(info) is not None and not info.is_clean("argument") and not operand_placed(sink, info):
                    self._report_placed(path, fn, replace(sink, sink=sink.sink.replace("(shell=True)", "()")), info,
                                        _argv_placement(info), hint or label[1], label[2])
                continue
            if info.weak and info.weak.startswith(FIRST_WORD_ALLOW) and program_fixed(sink):
                info = info.replace(weak=None, checked=False)  # the allow-list fixes an argv's program
            if sink.uncertain and ARGV_PLACED in info.clean and operand_of(info, sink.operands):
                continue  # the value of an option that takes one (kubectl -n <namespace>)
            if sink.uncertain and ARGV_PLACED in info.clean:
                # the caller built the argument vector the sink runs: which element holds the value
                # (one that can be read as an option) is known there
                sink = replace(sink, uncertain=False, detail=ARGV_OPTION)
                if info.weak == ARGV_UNKNOWN:
                    info = info.replace(weak=None)
            if (info := verified_sink(self, info, fam, sink)) is None:
                continue  # a validator helper elsewhere proves the value clean for this sink
            info = guarded(self, lexical_verdict(self, info, fam), fam)  # a lexical root helper elsewhere (checkref.py), a command-line guard a chained command passes (guardref.py)
            bypass = first_word_finding(path, sink, info, hint or label[1], label[2], _flow(info, path, sink)) \
                if fam == "shell" else None  # a read-only switch on the first word: no check for a shell
            if bypass is not None:
                self._add(bypass)
                info = info.replace(weak=None, checked=False)
            if soft(info.weak) or disproved(self, info.weak, fam):
                # a check we could not read, or one read whole that covers other families only
                info = info.replace(weak=None, checked=False)
            if fam == "shell" and program_fixed(sink) and (prog := validator_program(self, info.weak)):
                # the validator refuses any other first word: the program is fixed, the caller's words are its arguments
                fam, sink = "argument", replace(sink, family="argument", program_split=False, detail=(
                    f"the validator fixes the program to {prog!r}; the caller's other words are its arguments and "
                    "options, past a check on the raw text"))
            listed = weak_list_note(self, info.weak, fam, catalog().python)  # its lists leave the program (checkref.py)
            info = info.replace(weak=": ".join(filter(None, (shown_weak(info.weak) or placed_weak(recorded, info), listed))) or None)
            tool, param = label[1], label[2]  # ("src", tool, param[, property read by name])
            shown = param
            if info.key and info.key.startswith("."):
                shown = f"{param}{info.key}" if (tool, param) in self.model_params else shown  # job.command of a model
            elif info.key and param in ("arguments", "args", "kwargs", "params") and info.key != param:
                shown = f"{param}[{info.key!r}]"
            family = catalog().families[fam]
            if fam in ("sql", "nosql") and (info.weak or "").startswith(READ_ONLY_CHECK if info.built else (READ_ONLY_CHECK, STATEMENT_CHECK)):
                self._report_read_only(path, fn, sink, info, hint or tool, shown)
                return
            if url_only(self, fam, sink, hint or tool, param, info.key):
                sink = replace(sink, detail=sink.detail or URL_ONLY)  # not the file access it declares
            if declared_purpose(self, fam, sink, info, hint or tool, described(sink, param, info)) \
                    and sink.detail != URL_ONLY:
                # the tool hands its parameter to the sink as is, and says it does (an agent's task says it
                # itself): that is its purpose, reported once per tool as a capability (its exposure decides how bad)
                self._add_capability(family.capability, path, sink, info, hint or tool, shown, fn)
                if not false_boundary(self, sink, hint or tool) and not sink.host_claim:
                    return
                sink = replace(sink, detail=FALSE_BOUNDARY if false_boundary(self, sink, hint or tool) else sink.host_claim)  # node:vm said to isolate, by the tool or the code (ts/vmcontext.py): the claim is the finding
            behind = None if through_mapping(self.modules, info) else behind_check(fam, sink, info, hasattr(self, "guarded_fetches") and (lambda i: self.guarded_fetches(path, i, fn)))
            purpose = catalog().families[behind[0]] if behind else None
            if purpose is not None and self._declares(purpose, hint or tool, flow_param(param, info.key)):
                # queries or commands the tool says it runs, handed over whole behind a check that
                # narrows them: the check is the finding below, the purpose stays its capability
                self._add_capability(purpose.capability, path, sink, info, hint or tool, shown, fn, behind=behind[1])
            if operand_placed(sink, info):
                continue  # the value of an option its program reads whole (progwrap.py)
            placed = _argv_placement(info) if fam == "argument" else None
            if placed is not None:
                # an argv run by a wrapper, built where the value was added after the program:
                # that place is known, and each tool's own (see _report_placed)
                self._report_placed(path, fn, sink, info, placed, hint or tool, shown)
                continue
            conf = Confidence.LOW if path_low(recorded, info) else Confidence.MEDIUM if info.weak else Confidence.HIGH  # reqcreds.py
            if (sink.uncertain or (sink.program_split and info.weak)) and not listed:
                # two unknowns (an unverified check, and where the value lands - or, for an argv
                # split from one string, whether the check fixes its program): audit view only
                conf = Confidence.LOW if info.weak else Confidence.MEDIUM
            if fam in ("sql", "nosql"):
                self.query_text.add((hint or tool, path, sink.pos[0], sink.sink, sink.read_only))
            conf, msg = lowered(fam, sink, info, conf, sink_message(fam, sink, info, hint or tool, shown, family.words))
            self._add(g := note_built(self, at_program_site(RawFinding(fam, path, sink.pos, msg, conf, tool if sink.pos != recorded.pos else hint or tool,
                                                      shown, _flow(info, path, sink), sink.detail, fn.qualname), sink, info, fn.name), info))
            if sink.pos == recorded.pos or handed.add((path, sink.pos)):  # (add: None) a kept target:
                head = (g.family, g.path, g.pos[0], label[1])  # another route's own hand-over of it is a place to fix, and reported

    def report_order(self, fam: str, sink: SinkRec, item, hint) -> tuple:
        """The order a sink's flows are tried in (the first reported is the sink's): unchecked first, a URL's host before its path."""
        return (item[1].weak is not None, path_weak(sink, item[1]) is not None, prefix_of(item[1]) is not None, str(item[0]))

    def _report_log(self, path, fn: FuncSummary, sink: SinkRec, t: Taint, env, hint) -> None:
        """A secret, or a whole argument mapping that can carry one, written to a log."""
        if sink.detail == REQUEST_LOG and not program_logs_info(self):
            return  # the library logs the request at INFO; nothing turns INFO logging on
        for label, info in t.items():
            if label[0] == "s" and not info.is_clean("log"):
                what = label[1]
                cli = sink.detail == OPERATOR_CLI and not hint and not (  # sinkbits.py: the operator's subcommand
                    self.__dict__.get("_handler_pass") or (path, fn.qualname) in self.__dict__.get("handler_reached", ()))
                self._add(RawFinding(
                    "log", path, sink.pos, f"secret '{what}' is written to a log by {sink.sink}" + (
                        f"; {fn.qualname}() is a subcommand of a command-line program that imports no MCP SDK: it "
                        "prints to the terminal of the operator who runs it, no tool reaches it (audit view)" if cli else ""),
                    Confidence.LOW if cli else secret_confidence(what, Confidence.HIGH), hint, None,
                    _flow(info, path, sink), OPERATOR_CLI if cli else "", context=fn.qualname))
                break
        for name in sink.whole:
            # a whole argument mapping is a leak only on a server whose tools take credentials
            carrier = self.whole_carriers.get(name) if name in ("headers", "url") else None
            if carrier or (name in env and env[name] and name not in ("headers", "url")
                           and mapping_carries_credentials(self, env[name], path)):  # mappinglogs.py
                label = next(iter(env[name])) if name in env and env[name] else None
                tool = label[1] if label and label[0] == "src" else hint
                self._add(RawFinding("log", path, sink.pos,
                    f"{carrier or f'the whole argument mapping {name!r}'} "
                    f"is written to a log by {sink.sink}; it can carry tokens and credentials",
                    Confidence.MEDIUM, tool, None if carrier else name, [], context=fn.qualname))

    def _report_read_only(self, path, fn: FuncSummary, sink: SinkRec, info: Info, tool: str, shown: str) -> None:
        """Caller query text that reaches the sink behind a read-only check that can be bypassed."""
        self._add(RawFinding(
            "read-only", path, sink.pos, f"tool '{tool}' lets caller query text '{shown}' reach {sink.sink} behind {info.weak}",
            Confidence.HIGH, tool, shown, _flow(info, path, sink), sink.detail, fn.qualname))
        self.query_text.add((tool, path, sink.pos[0], sink.sink, sink.read_only))
        family = catalog().families[sink.family]
        if MODE_ONLY in info.weak and as_is(sink.family, sink, info.replace(weak=None, checked=False)) \
                and self._declares(family, tool):
            # with the switch of the check off, the query runs as is: its purpose (narrowing.MODE_ONLY)
            self._add_capability(family.capability, path, sink, info, tool, shown, fn)
        elif self.guarded_queries and not info.built and sink.verbatim and not sink.uncertain and self._declares(family, tool):
            # the caller's whole query behind a narrowing check: the check is the finding, running it the purpose
            self._add_capability(family.capability, path, sink, info, tool, shown, fn, behind=shown_weak(info.weak))

    def _report_placed(self, path, fn: FuncSummary, sink: SinkRec, info: Info, placed: Step, tool: str,
                       shown: str) -> None:
        """An argument-injection flow into an argv that another function runs (the project's
        own subprocess wrapper), reported where the value was added to the argument list: the
        place to fix, and one finding per tool even when every tool shares the wrapper."""
        weak = info.weak if info.weak and not info.weak.startswith(_ARGV_ELSEWHERE) else None
        where = through_where(info, fn.name, path, sink.pos[0])
        code = code_options_note(placed.note)  # pylint --init-hook=<python> (process models: code-options)
        msg = (f"tool '{tool}' passes parameter '{shown}' to {sink.sink}{where}: argument injection "
               f"({placed.note}: a value starting with '-' is read as an option{'; ' + code if code else ''})")
        if weak:
            msg += f"; only a weak check on the way: {weak}"
        ppath, (conf, msg) = placed.path or path, lowered("argument", sink, info, Confidence.MEDIUM if weak else Confidence.HIGH, msg)
        self._add(RawFinding("argument", ppath, (placed.line, placed.column, placed.line, placed.column), msg,
                             conf, tool, shown, _flow(info, path, sink),
                             sink.detail, None, sink_at=(path, sink.pos[0])))

    def _declares(self, family, tool: str, param: Optional[str] = None) -> bool:
        """Whether the tool says it does what the sink does, by its name or description, or the
        server it belongs to says so by the name and instructions it is built with (every tool of
        a "Word Document Server" opens the documents it is given), or the parameter that reaches
        the sink says so in its own description ("Path to the input file"; capabilities.py) - a
        parameter's name says what kind of value it is (a path), not that any value is fine. A
        tool we cannot see the declaration of is taken at its name (unless :func:`param_confined`)."""
        return not param_confined(self, family, tool, param) and (family.declared(*self.tool_text.get(tool, (tool,)))
                                                                  or declared_by_param(family, param_description(self, tool, param)))

    def _add_capability(self, capability: str, path: str, sink: SinkRec, info: Info, tool: str, param: str,
                        fn: FuncSummary, behind: Optional[str] = None) -> None:
        origin = info.steps[0].path if info.steps and info.steps[0].path else path  # the handler's module
        key = (tool, capability, origin)
        prev = self.capabilities.get(key)
        where = f"{path}:{sink.pos[0]}"
        write = sink.detail == "write" or sink.writes
        if prev is not None:
            if where not in prev.sinks:
                prev.sinks.append(where)
            prev.write = prev.write or write
            prev.read_only, prev.service = prev.read_only and sink.read_only, prev.service and sink.service
            prev.text = prev.text or sink.family == "sql"
            if behind is None:
                prev.behind = None  # some path reaches the sink with no check at all
            if prev.built and not info.built:
                # shown at a sink the parameter reaches whole (the kernel's execute(code)), not one it
                # was spliced into (a setup script's f-string holding a folder name): py55c
                prev.parameter, prev.path, prev.pos, prev.sink = param, path, sink.pos, sink.sink
                prev.flow, prev.context, prev.built = _flow(info, path, sink), fn.qualname, False
                prev.sinks.remove(where)
                prev.sinks.insert(0, where)
            return
        self.capabilities[key] = RawCapability(capability, tool, param, path, sink.pos, sink.sink, write,
                                               _flow(info, path, sink), [where], fn.qualname, sink.read_only,
                                               sink.family == "sql", behind, service=sink.service, built=info.built)

    def _report_return(self, path, fn, pos, t: Taint, handler: ToolInfo, how: str) -> None:
        for label, info in t.items():
            if label[0] == "s" and not info.is_clean("return") and self.shown_secret(path, fn, pos, info, t, handler, how, label):
                self._add(RawFinding(
                    "return", path, pos,
                    f"tool '{handler.name}' {how} a value containing secret '{label[1]}' to the caller",
                    secret_confidence(label[1], Confidence.HIGH if how == "returned" else Confidence.MEDIUM), handler.name, None,
                    [FlowStep(Location(st.path or path, st.line, st.column), st.note) for st in info.steps],
                    context=fn.qualname))
                return

    def _add(self, f: RawFinding) -> None:
        key = (f.family, f.path, f.pos[0])
        prev = self.findings.get(key)
        record_tool_flow(self, key, f)  # every tool reaching it, with its own flow (toolflows.py)
        if prev is None or f.confidence > prev.confidence or f.confidence == prev.confidence and _writes_over_read(f, prev):
            self.findings[key] = f


def _writes_over_read(f: RawFinding, prev: RawFinding) -> bool:
    """Of two path findings at one line (``ffmpeg -i <in> ... <out>`` with both caller-chosen),
    the write names the worse effect: it is the one reported (ts55b)."""
    return f.family == prev.family == "path" and f.detail == "write" and prev.detail != "write"
