"""Sink matching: which calls are sinks, and what part of the call the hazardous value is.

The sinks are data (``rules/models/python/*.yaml``, through :mod:`mcpaudit.catalog.models`): a call matches a row by
its dotted name after import resolution, or by its method name on a receiver of a named class (a database handle, an
HTTP client, a logger, a tainted path). Each row has a *kind* that says how the call reads its arguments; this
module has one handler per kind and never names a library. Mixed into the function interpreter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple, Union

from ..lazycst import cst

from ..catalog.models import ArgSpec, Receiver, SinkModel
from . import cstnodes as N
from .handleargs import open_handle
from .gitargv import git_elems
from .fields import BASE_URL, CREDENTIAL_SENT, REQUEST_LOG
from .fieldhosts import credential_held
from .narrowing import fixed_host_prefix, local_prefix, network_scheme
from .pathreturns import later_path
from .membuffers import in_memory
from .fixednames import truth_only_reader
from .probes import used_only_as_test
from .programargs import program_args
from .receivertypes import DEBUG_LOG, debug_enabled, typed_as
from .ownmethods import mark_receiver
from .reqcreds import IN_PROCESS, client_credential, request_credential
from .credowner import record_request
from .readonlyconn import held_read_only_call, weak_read_only_connection
from .sqlquote import driver_dialect
from .sqlbuilders import statement_argument
from .summary import SHELL_UNKNOWN, SinkRec, Step
from .flagfields import flag_field, mark as mark_flag
from .spreadkeys import spread_item
from .tempnames import temp_paths, unwrapped_temp
from .libsubclass import type_base
from .logappend import log_append_detail, param_log_append
from .headerlogs import logged_whole
from .pathnames import delete_detail, typed_param
from .modprefix import package_detail
from .astsandbox import validated_by_ast
from .scriptfiles import note_run, note_written
from .ownoutput import OwnOutput, note_output
from .containerexec import ContainerExec  # docker-py exec_run(cmd): a string split into an argv
from .fixedscratch import CLEANUP, DELETES, finally_cleanup, own_scratch
from .spreadcalls import spread_only
from .stdinscript import note_stdin_input, note_stdin_write
from .argvsecrets import argv_secrets
from .restrictedpy import restricted_escape
from .sinkbits import OPERATOR_ARGV, OPERATOR_CLI, complete_dicts, escape_detail, operator_cli_command, operator_console, restricted_globals as _restricted_globals, split_words as _split_words, syntax_check, truthy_constant as _truthy_constant
from .taintvalue import EMPTY, Info, Taint, add_step, union
from .sinkargv import SinkArgv
from .configlines import config_target, line_built, target_name


@dataclass
class _Call:
    """One call being matched, with the taint of its parts (evaluated once by ``ev_call``)."""

    node: cst.Call
    fq: str
    method: Optional[str]
    recv_node: Optional[cst.CSTNode]
    recv: Taint
    positional: List[cst.Arg]
    pos_args: List[Taint]
    kw_args: Dict[str, Taint]
    star: Taint
    dstar: Taint = field(default_factory=dict)
    ev: Optional[Callable[[cst.CSTNode], Taint]] = None  # evaluates an entry of a literal ** dict
    spreads: Dict[str, cst.Dict] = field(default_factory=dict)  # **opts: opts = {...}, never changed after

    def arg(self, spec: ArgSpec) -> Tuple[Optional[cst.CSTNode], Taint]:
        """The argument ``spec`` names (by keyword, then by position) and its taint, or from a ``**mapping`` spread."""
        for a in self.node.args:
            if a.keyword is not None and a.keyword.value in spec.names:
                return a.value, self.kw_args.get(a.keyword.value, EMPTY)
        if spec.index is not None and -len(self.positional) <= spec.index < len(self.positional):
            return self.positional[spec.index].value, self.pos_args[spec.index]  # -1: the last one
        return self._spread(spec)

    def _spread(self, spec: ArgSpec) -> Tuple[Optional[cst.CSTNode], Taint]:
        """The keyword ``spec`` names from a ``**`` argument: a literal dict's entry, or any other mapping (all its taint)."""
        if not self.dstar or not spec.names:
            return None, EMPTY
        for a in (a for a in self.node.args if a.star == "**"):
            value = self.spreads.get(a.value.value, a.value) if isinstance(a.value, cst.Name) else a.value
            if isinstance(value, cst.Dict):  # a literal, or a local one never changed (sinkbits.complete_dicts)
                for el in value.elements:
                    if isinstance(el, cst.DictElement) and N.string_value(el.key) in spec.names:
                        return el.value, self.ev(el.value) if self.ev is not None else self.dstar
                continue
            return a.value, spread_item(self.dstar, spec.names)  # launch(**options): its args item (spreadkeys.py)
        return None, EMPTY

    def label(self, model: SinkModel) -> str:
        """The sink's name in messages, from the row's label template."""
        fq, method = self.fq, self.method or ""
        return model.label.format(
            fq=fq, method=method, fq_plain=fq.replace("()", "") or method, fq_or_method=fq or method,
            short=fq.split(".")[-1] if fq else method)


_ARG0 = ArgSpec(0, ("args",))
#: labels a logged value may carry a secret in once the linker binds them: a secret itself, a
#: parameter, a call's result, and state kept between calls (``self.attr``, a rebound module
#: variable: a connect tool's ``global config; config = {..., "password": pw}``)
_MAY_HOLD_SECRET = frozenset({"s", "p", "c", "f", "g"})


class SinkMatching(OwnOutput, ContainerExec, SinkArgv):
    """Finds the sink a call is, and records what reaches it."""

    def _check_sinks(self, call, fq, method, recv_node, recv, pos_args, kw_args, star, dstar=EMPTY) -> None:
        M, self._later_paths = self.M, {}
        note_written(self, call, method, recv_node, pos_args)  # code written to a file (scriptfiles.py)
        note_stdin_write(self, call, method, recv_node, pos_args, kw_args, fq)  # ... or to a program's stdin
        model = M.sink_calls.get(fq) if fq else None
        models = [model] if model is not None else []
        if model is None and method and recv_node is not None:
            # the first row whose receiver matches, and every ``also`` row (another argument of
            # the same call: the volumes a container mounts besides the command it runs)
            extra: List[SinkModel] = []
            npos = sum(1 for a in call.args if a.keyword is None and not a.star)  # str.replace(a, b): max-args
            for m in (m for m in M.method_sinks(method) if m.max_args is None or npos <= m.max_args):
                if (m.also or model is None) and self._receiver_matches(m, recv_node, recv):
                    if m.also:
                        extra.append(m)
                    else:
                        model = m
            models = ([model] if model is not None else []) + extra
        elif fq in M.sink_calls_also:
            models += M.sink_calls_also[fq]  # another argument of the call, in another family
        if not models:
            return
        positional = [a for a in call.args if a.keyword is None and not a.star]
        c = _Call(call, fq, method, recv_node, recv, positional, pos_args, kw_args, star, dstar, self.ev_quiet, complete_dicts(self) if dstar else {})
        for model in models:
            before = len(self.sinks)
            getattr(self, "_kind_" + model.kind.replace("-", "_"))(model, c)
            note_run(self, model, c)  # ... and run by an interpreter
            note_stdin_input(self, model, c)  # run(["python3"], input=code): stdinscript.py
            mark_receiver(self, model, recv_node, method, self.sinks[before:], call)  # ownmethods.py
            for sink in self.sinks[before:] if model.receiver in self._later_paths else ():
                sink.pathlike_from = self._later_paths[model.receiver]  # a helper's -> Path: pathreturns.py

    # -- receivers --------------------------------------------------------------------
    def _receiver_matches(self, model: SinkModel, recv_node, recv: Taint) -> bool:
        if model.except_receivers and (self.mod.dotted(recv_node) or "").startswith(model.except_receivers):
            return False
        if model.typed_receiver and not typed_as(self, self.M.receivers[model.typed_receiver], recv_node):
            return False  # imaplib's IMAP4.fetch() is no query, whatever its name
        if model.receiver == "any":
            return True
        rc = self.M.receivers[model.receiver]
        if rc.tainted and not recv:
            return False
        if rc.pathlike and not self._is_pathlike(recv_node, recv):
            if typed_param(self, recv_node):
                return True  # def f(p: Path): p.unlink() (pathnames.py)
            later = later_path(self, recv_node, recv)  # a helper's -> Path, typed at link time
            self.__dict__.setdefault("_later_paths", {})[model.receiver] = later
            return bool(later)
        identified = (rc.dotted_suffix or rc.name_pattern or rc.names or rc.factories or rc.constructors
                      or rc.modules or rc.attribute_pattern)
        return not identified or self._receiver_is(rc, recv_node)

    def _receiver_is(self, rc: Receiver, recv_node) -> bool:
        """Whether the receiver belongs to class ``rc`` by name, factory or constructor; an item
        of a named object (``db[name]``, ``client[db][coll]``) is taken by that object's name."""
        while isinstance(recv_node, cst.Subscript) and self.mod.dotted(recv_node) is None:
            recv_node = recv_node.value
        d = self.mod.dotted(recv_node) or ""
        if rc.dotted_suffix and d.endswith(rc.dotted_suffix):
            return True
        if (rc.constructors or rc.modules) and self._built_by(rc, recv_node):
            return True
        if rc.factories:
            tp = self.types.get(d) or self.mod.module_types.get(d) or ""
            if any(f in d or f in tp for f in rc.factories):
                return True
        if rc.name_pattern is not None:
            part = {"tail": d.split("()")[-1] or d, "last": d.split(".")[-1]}.get(rc.part, d)
            if rc.name_pattern.search(part) and (not rc.file_mentions or rc.file_mentions in self.mod.text[:5000].lower()):
                return True
        if d in rc.names:
            return True
        if rc.attribute_pattern is not None and isinstance(recv_node, cst.Attribute):
            return bool(rc.attribute_pattern.search(recv_node.attr.value)) and (
                not rc.file_mentions or rc.file_mentions in self.mod.text[:5000].lower())
        return False

    def _built_by(self, rc: Receiver, recv_node) -> bool:
        """``rc``'s module, or what its constructor (or a project subclass of it: libsubclass.py) built."""
        base = (self.mod.dotted(recv_node, self.types) or "").replace("()", "")
        if base in rc.constructors or base in rc.modules or self._typed_head(base) in rc.constructors:
            return True
        tp = None
        if isinstance(recv_node, cst.Name):
            tp = self.types.get(recv_node.value) or self.mod.module_types.get(recv_node.value)
        elif isinstance(recv_node, cst.Attribute):
            # self.client, or a declared field of a typed object (ctx.request_context.lifespan_context.client)
            tp = self._receiver_type(recv_node)  # ... or one a global object holds (objattrs.py, heldobjects.py)
        tp = tp.replace("()", "") if tp else ""
        return bool(tp) and (tp in rc.constructors or self._typed_head(tp) in rc.constructors or type_base(self, tp) in rc.constructors)

    def _typed_head(self, dotted: str) -> str:
        """``self.client.containers.get`` of a ``docker.from_env``: ``docker.from_env.containers.get``."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            head = self.types.get(".".join(parts[:cut]))
            if head and not head.startswith(".".join(parts[:cut])):
                return ".".join([head.replace("()", ""), *parts[cut:]])
        return dotted

    def _is_pathlike(self, node, taint: Taint) -> bool:
        if isinstance(node, cst.Name) and isinstance(self.local_values.get(node.value), cst.BinaryOperation):
            node = self.local_values[node.value]  # p = root / dest; p.mkdir(): as (root / dest).mkdir()
        if any(i.resolved for i in taint.values()) or isinstance(getattr(node, "operator", None), cst.Divide):
            return True
        d = self.mod.dotted(node, self.types) or ""
        return "Path" in d or d.endswith((".resolve()", ".absolute()", ".expanduser()"))

    # -- one handler per kind ---------------------------------------------------------
    def _kind_value(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        write = model.write or (model.write_if_mode is not None and self._mode_writes(c, model.write_if_mode))
        label = c.label(model)
        detail = model.detail or ("write" if write else "")
        if write and model.family == "path" and (self._own_temp(node) or c.fq in DELETES and own_scratch(self, node)) \
                or syntax_check(self, c):  # ... or compiles source only to check its syntax (sinkbits.py)
            self._quiet(model.family)  # the tool cleans up the temporary (or fixed-name: fixedscratch.py) file it made
            return
        if model.family == "path" and c.method is not None and open_handle(self, node):
            return  # writer.write(f), f the file a with-open made: the path was judged at open() (handleargs.py)
        sub = package_detail(self, c.fq, node)  # import_module(f"pkg.{name}"): modprefix.py
        leak = restricted_escape(self, c.node) if model.family == "code" else None  # restrictedpy.py
        confined = model.family == "code" and (bool(sub) or bool(leak) or _restricted_globals(c.node, self.local_values)) and \
            not validated_by_ast(self, c.node)  # an AST allow-list first: the tool's sandbox (astsandbox.py)
        detail = sub or leak or (escape_detail(c.node, self.local_values) if confined else detail)
        if write and model.family == "path" and detail == "write":
            detail = log_append_detail(self, c.node, node, t) or (CLEANUP if c.fq in DELETES and finally_cleanup(self, c.node, t) else detail)
        self._sink(model.family, label, c.node, t, node, detail=detail, confined=confined, writes=write)
        self._log_append(model, c.node, node, t, detail)
        note_output(self, node, write and model.family == "path")  # the tool's own file from here on: ownoutput.py
        if model.family == "sql" and self.sinks and self.sinks[-1].sink == label:  # a name a client builds
            self.sinks[-1].verbatim = False  # into its own statement: never the whole query
        if model.dst is not None:
            node2, t2 = c.arg(model.dst)
            self._sink(model.family, label, c.node, t2, node2, detail="write")
            note_output(self, node2, model.family == "path")

    def _kind_config_line(self, model: SinkModel, c: _Call) -> None:
        """A line of a configuration file whose value part is built from the argument (configlines.py)."""
        node, t = c.arg(model.arg)
        if not t or not config_target(self, c.method or "", c.recv_node) or not line_built(self, node):
            return
        label = model.label.format(method=c.method or "", file=target_name(self, c.recv_node))
        self._sink(model.family, label, c.node, t, node, detail=model.detail, writes=True)

    def _own_temp(self, node) -> bool:
        """A variable that only holds a temporary path this function made (tempnames.py), as is or
        wrapped (``Path(tmp_path).unlink()``: pathnames.unwrapped_temp)."""
        node = unwrapped_temp(self, node)
        if not isinstance(node, cst.Name) or self.fn is None or any(p.name == node.value for p in self.params):
            return False
        if getattr(self, "_temps", None) is None:
            self._temps = temp_paths(self.fn, lambda n: self.mod.dotted(n, self.types))
        return node.value in self._temps

    def _kind_listing(self, model: SinkModel, c: _Call) -> None:
        if not used_only_as_test(self.stmt, c.node):  # probes.py
            self._kind_value(model, c)

    def _kind_query(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        if node is None and not t or model.receiver == "any" and spread_only(c.node, node):
            return  # cur.fetchall(): no query text (a client's fetchall(sql) has one); tool.execute(**arguments): spreadcalls.py
        self.note_lookup(c.node, c.method, c.recv_node)
        if isinstance(node, (cst.Dict, cst.DictComp)) or statement_argument(self, node, t):
            # db.command({"explain": {...}}): no query text; insert(T).values(...) binds (sqlbuilders.py)
            self._quiet(model.family)
            return
        self._sink(model.family, c.label(model), c.node, t, node, detail=N.sql_detail(node))
        if self.sinks and self.sinks[-1].pos[0] == self.mod.pos(self.stmt, c.node)[0]:
            self.sinks[-1].dialect = self._dialect(c)
            prefix = N.const_prefix(node) if node is not None else ""
            words = prefix.split(None, 1)
            # PRAGMA table_info({t}): a constant name, the value in its parentheses ("PRAGMA (")
            shaped = re.match(r"\s*(\w+)\s+\w+\s*\(\s*$", prefix)
            self.sinks[-1].statement = f"{shaped.group(1).upper()} (" if shaped else (words[0].upper() if words else None)
            weak = None if model.reads_only or self._read_only_query(c) else self._weak_read_only_query(c)
            if weak is None or weak == "held":
                self.sinks[-1].read_only = True
            elif weak:
                self.sinks[-1].weak_read_only = True

    def _dialect(self, c: _Call) -> Optional[str]:
        """The SQL dialect of the driver the query's receiver (or the query function) belongs
        to: ``sqlite3.connect(p).execute``, ``cur = conn.cursor()`` of a psycopg connection."""
        target = self.mod.dotted(c.recv_node, self.types) if c.recv_node is not None else c.fq
        return driver_dialect(self.M, target) if target else None

    def _weak_read_only_query(self, c: _Call) -> Union[bool, str]:
        """The query runs on a connection opened read-only on an engine whose read-only mode still
        writes (``duckdb.connect(p, read_only=True)``): the connection it was assigned from, or,
        when that is not visible here (a parameter, an attribute, a project helper's result), a
        module that opens only such connections. ``"held"`` when the module also turns off what
        still writes (external access off, MotherDuck's SaaS mode): read-only, as the database
        enforces it."""
        held = "held" if self.mod.held_read_only_mode() else True
        recv = N.var_of(c.recv_node) if c.recv_node is not None else None
        node = self.local_values.get(recv) if recv else None
        if node is None and recv and recv not in self.env:
            node = self.mod.module_values.get(recv)
        if isinstance(node, cst.Call):
            if weak_read_only_connection(self.mod, node):
                return "held" if held_read_only_call(self.mod, node) else True
            fq = self.mod.dotted(node.func) or ""
            if fq.split(".")[0] in self.mod.imports.values() or fq.split(".")[0] in self.mod.imports:
                return False  # another library's connection
        if self.mod.weak_read_only_mode() is not None:
            return True
        return held if held == "held" and recv else False  # duckdb.sql(q): the default connection

    def _read_only_query(self, c: _Call) -> bool:
        """The query runs on a connection opened read-only, or with per-query read-only settings."""
        M = self.M
        recv = N.var_of(c.recv_node) if c.recv_node is not None else None
        if recv and (recv in self.readonly_locals or (recv not in self.env and recv in self.mod.readonly_vars)):
            return True
        for a in c.node.args:
            if a.keyword is not None and a.keyword.value in M.read_only_arguments:
                v = N.string_value(a.value) or (self.mod.dotted(a.value) or "").rsplit(".", 1)[-1]
                if v in M.read_only_arguments[a.keyword.value]:
                    return True
        if M.per_query_readonly is None or not any(
                a.keyword is not None and a.keyword.value in M.per_query_settings for a in c.node.args):
            return False
        return bool(M.per_query_readonly.search(self.mod.text))

    def _kind_shell_or_argv(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        shell = self._kw_truth(c.node, "shell")
        field = flag_field(self, c.node, "shell") if shell == "maybe" else None  # flagfields.py
        before = len(self.sinks)
        if shell:
            self._sink(model.family, f"{c.fq}(shell=True)", c.node, t, node,
                       detail="" if shell is True else SHELL_UNKNOWN)
        if field is not None:  # the linker keeps the reading the project's code allows
            mark_flag(self.sinks[before:], field, off=False)
            before = len(self.sinks)
        if (not shell or field is not None) and node is not None:
            self._argv(c.node, c.fq, node, t)
            if field is not None:
                mark_flag(self.sinks[before:], field, off=True)

    def _kind_argv_splat(self, model: SinkModel, c: _Call) -> None:
        elems = []
        for a in (a for a in c.node.args if a.keyword is None):
            if a.star == "*":
                inner = self._list_of(a.value)
                split_of = self._split_of(a.value) if not elems else None
                if split_of is not None:
                    t = self.ev_quiet(a.value) or c.star
                    self._sink("shell", f"{c.fq}()", c.node, t, a.value, detail=_split_words(split_of),
                               program_split=True)
                    return
                if inner is None:
                    elems.append((a.value, self.ev_quiet(a.value) or c.star, None, True))
                else:
                    elems.extend((n, tt, k, False) for (n, tt, k) in inner)
            else:
                t = self.ev_quiet(a.value) if not isinstance(a.value, cst.Call) else self._arg_taint(a, c.positional, c.pos_args)
                elems.append((a.value, t, N.string_value(a.value), False))
        self._argv_elems(c.node, c.fq, elems)

    def _kind_program_args(self, model: SinkModel, c: _Call) -> None:
        program_args(self, model, c)  # programargs.py

    def _kind_program(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        self._sink(model.family, c.label(model), c.node, t, node, detail=model.detail)

    def _kind_git_command(self, model: SinkModel, c: _Call) -> None:
        elems = git_elems(self, c)  # *args: a tracked list (gitargv.py)
        if any(e[1] for e in elems):
            self._argv_elems(c.node, c.label(model), elems, fixed_program=True)

    def _kind_yaml_load(self, model: SinkModel, c: _Call) -> None:
        loader, _ = c.arg(model.loader_arg or ArgSpec(1, ("Loader",)))
        lname = (self.mod.dotted(loader) or "") if loader is not None else ""
        if model.unsafe_loaders and lname.split(".")[-1] not in model.unsafe_loaders:
            return  # only an opt-in makes it unsafe (numpy.load(allow_pickle=True))
        if lname.split(".")[-1] not in model.safe_loaders:
            node, t = c.arg(model.arg)
            self._sink(model.family, c.label(model), c.node, t, node)

    def _kind_nosql_document(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        if node is not None:
            self._nosql(c.node, c.label(model), node, t, model)

    def _kind_url(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        cred = request_credential(self, c, node, model) if model.family == "ssrf" and t else ""
        prefix = N.const_prefix(node) if node is not None and t else ""
        if cred == IN_PROCESS or prefix and fixed_host_prefix(prefix) and not cred:
            return  # in the process, or only its path and no credential of the server's: reqcreds.py
        before = len(self.sinks)
        self._sink(model.family, c.label(model), c.node, t, node, detail=model.detail, url=True)
        if len(self.sinks) > before:
            record_request(self, self.sinks[-1], cred, c, node, model.family)  # credowner.py

    def _kind_instruction(self, model: SinkModel, c: _Call) -> None:
        """A task an agent carries out (browser-use's ``Agent(task=...)``): wherever the caller's
        text sits in the prompt, it tells the agent what to do there (capabilities.as_is)."""
        before = len(self.sinks)
        self._kind_value(model, c)
        for sink in self.sinks[before:]:
            sink.steered = True

    def _kind_file_url(self, model: SinkModel, c: _Call) -> None:
        """A URL the library also reads from disk when it is a ``file://`` URL (crawl4ai's
        crawler): a request sink as ``url`` is, and one beyond a tool's declared fetch (no
        capability) unless a constant prefix fixes a network scheme."""
        node, t = c.arg(model.arg)
        prefix = N.const_prefix(node) if node is not None and t else None
        if prefix and fixed_host_prefix(prefix):
            return
        before = len(self.sinks)
        self._sink(model.family, c.label(model), c.node, t, node, detail=model.detail, url=True)
        if len(self.sinks) > before and not network_scheme(prefix):
            self.sinks[-1].file_url = True

    def _kind_uri(self, model: SinkModel, c: _Call) -> None:
        """A path or a URI a loader opens by its scheme (MarkItDown's ``convert_uri``, ffmpeg's
        inputs): a ``path`` row reads a bare path or a ``file:`` URL, unless a constant prefix
        fixes another scheme (``https:``, ``data:``); an ``ssrf`` row fetches a network URL,
        unless a constant prefix fixes the host or makes the value a local path or a ``data:``
        URI."""
        node, t = c.arg(model.arg)
        prefix = N.const_prefix(node) if node is not None and t else None
        if prefix and (network_scheme(prefix) if model.family == "path" else
                       fixed_host_prefix(prefix) or local_prefix(prefix)):
            return
        if model.family == "path":
            before = len(self.sinks)
            self._kind_value(model, c)
            if len(self.sinks) > before:
                self.sinks[-1].by_scheme = True
        else:
            self._sink(model.family, c.label(model), c.node, t, node, detail=model.detail, url=True)

    def _kind_base_url(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        if node is None or (t and fixed_host_prefix(N.const_prefix(node) or "")):
            return
        before = len(self.sinks)
        self._sink(model.family, c.label(model), c.node, t, node, detail=BASE_URL, url=True)
        if len(self.sinks) > before:
            self.sinks[-1].credential = client_credential(self, c, node)  # reqcreds.py

    def _kind_credentialed_host(self, model: SinkModel, c: _Call) -> None:
        """A client built with a host and a credential (``dst``; none: one the SDK finds itself) gets the server's secret."""
        node, t = c.arg(model.arg)
        cred, ct = c.arg(model.dst) if model.dst is not None else (node, EMPTY)  # no dst: Google's ADC and the like
        if node is None or cred is None or (model.dst is not None and not credential_held(self, cred, ct)):  # fieldhosts.py
            return
        if t and fixed_host_prefix(N.const_prefix(node) or ""):
            return
        before = len(self.sinks)
        self._sink(model.family, c.label(model), c.node, t, node, detail=CREDENTIAL_SENT, url=True)
        if len(self.sinks) > before:
            self.sinks[-1].credential = "the credential the client is built with" if model.dst else "the credentials the SDK finds"

    def _server_secret(self, t: Taint) -> bool:
        """A secret the server holds: not one named after a parameter of this function (the
        caller's own password handed in)."""
        params = {p.name.value for p in self.fn.params.params} if self.fn is not None else set()
        return any(label[0] == "s" and label[1] not in params for label in t)

    def _holds_secret(self, node) -> bool:
        """A secret read inside a credential wrapper: ``Auth.api_key(os.environ["KEY"])``,
        ``AuthApiKey(os.getenv("KEY"))``, ``(user, password)``."""
        M = self.M
        for sub in N.nodes_of(node, (cst.Name, cst.Subscript, cst.Call)):
            if isinstance(sub, cst.Name) and self._server_secret(self.ev_quiet(sub)):
                return True
            if isinstance(sub, cst.Subscript) and self.mod.dotted(sub.value) in M.secret_env_objects and \
                    len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
                key = N.string_value(sub.slice[0].slice.value)
                if key and M.is_secret_env(key):
                    return True
            if isinstance(sub, cst.Call) and sub.args:
                at = M.secret_env_calls.get(self.mod.dotted(sub.func) or "")
                key = N.string_value(sub.args[at].value) if at is not None and at < len(sub.args) else None
                if key and M.is_secret_env(key):
                    return True
        return False

    def _kind_receiver_path(self, model: SinkModel, c: _Call) -> None:
        # Path.open("wb") / open(mode="w"): the mode writes, as open(p, "w") does
        write = model.write or (model.write_if_mode is not None and self._mode_writes(c, model.write_if_mode))
        detail = delete_detail(self, c, write)
        if detail == "write" and model.family == "path":  # log_path.open("a"), log_path.parent.mkdir()
            detail = log_append_detail(self, c.node, c.recv_node, c.recv) or detail
        self._sink(model.family, c.label(model), c.node, c.recv, c.recv_node, detail=detail, writes=write)
        self._log_append(model, c.node, c.recv_node, c.recv, detail)

    def _log_append(self, model: SinkModel, call, node, t, detail: str) -> None:
        """Flag the sink just recorded when it appends to a log named by a parameter (logappend.py)."""
        if detail == "write" and model.family == "path" and self.sinks and self.sinks[-1].pos == self.mod.pos(
                self.stmt, call) and param_log_append(self, call, node, t):
            self.sinks[-1].log_append = True  # a campaign's own log: claims.py

    def _kind_log(self, model: SinkModel, c: _Call) -> None:
        t, whole = union(*c.pos_args, *c.kw_args.values(), c.star), logged_whole(self, c.node)  # less httpx's masked headers
        secret = {k: v for k, v in t.items() if k[0] in _MAY_HOLD_SECRET}
        if (secret or whole) and self._prints_for_its_user(c.label(model)):
            secret, whole = {}, []  # a command-line program shows the person who ran it their own setup
        if secret or whole:
            cli = self._prints(c.label(model)) and operator_cli_command(self.mod, self.fn)  # sinkbits.OPERATOR_CLI
            argv = not cli and not whole and self._prints(c.label(model)) and all(k[0] == "s" for k in secret) and \
                argv_secrets(self, (k[1] for k in secret))  # its own --token echoed: argvsecrets.py
            self._sink(model.family, c.label(model), c.node, secret, None, whole=whole,
                       detail=OPERATOR_CLI if cli else OPERATOR_ARGV if argv else "")
        else:
            self._quiet(model.family)

    def _kind_request_log(self, model: SinkModel, c: _Call) -> None:
        node, t = c.arg(model.arg)
        secret = {k: v for k, v in t.items() if k[0] in _MAY_HOLD_SECRET} if node is not None else {}
        if secret:
            self._sink(model.family, c.label(model), c.node, secret, None, detail=REQUEST_LOG)

    def _kind_debug_log(self, model: SinkModel, c: _Call) -> None:
        """``server.login(user, password)`` after ``server.set_debuglevel(1)``: the client prints
        the commands it sends, the credential among them."""
        node, t = c.arg(model.arg)
        secret = {k: v for k, v in t.items() if k[0] in _MAY_HOLD_SECRET} if node is not None else {}
        if secret and debug_enabled(self, c.recv_node, model.enabled_by, c.node):
            self._sink(model.family, c.label(model), c.node, secret, None, detail=DEBUG_LOG)

    def _kind_debug_setting(self, model: SinkModel, c: _Call) -> None:
        """A debug-setting row names an attribute, not a method: calls never match it."""

    def debug_setting(self, target, value) -> None:
        """``configuration.debug = True`` (a truthy constant) on a receiver of a debug-setting
        row: the client prints every request it sends, the credential it sends with them (the
        row's ``detail``) included, wherever and whoever the program runs for."""
        if not isinstance(target, cst.Attribute) or not _truthy_constant(value):
            return
        for model in self.M.method_sinks(target.attr.value):
            if model.kind == "debug-setting" and self._receiver_matches(model, target.value, EMPTY):
                label = model.label.format(method=target.attr.value)
                secret = {("s", model.detail): Info(((self.stmt, target, f"{target.attr.value} turned on"),))}
                self._sink(model.family, label, target, secret, None)
                return

    @staticmethod
    def _prints(label: str) -> bool:
        return label.startswith(("print(", "sys.stdout.write(", "pprint.pprint("))

    def _prints_for_its_user(self, label: str) -> bool:
        """A print to standard output inside ``if __name__ == "__main__":``, or in an interactive
        console module (sinkbits.py): the program answering the person who ran it, not a log."""
        if not self._prints(label):
            return False
        line = self.mod.pos(self.stmt)[0]
        return any(first <= line <= last for first, last in getattr(self.mod, "main_blocks", ())) or operator_console(self.mod)

    # -- recording --------------------------------------------------------------------
    def _sink(self, family: str, name: str, node, taint: Taint, value_node, detail: str = "", whole=(),
              uncertain: bool = False, confined: bool = False, writes: bool = False,
              program_split: bool = False, url: bool = False) -> None:
        """Record a sink reached by ``taint`` (or by a non-constant value, for the audit view)."""
        nonconst = value_node is not None and not N.is_literal(value_node)
        if not taint and not nonconst and not whole or family == "path" and in_memory(self, value_node):  # membuffers.py
            self._quiet(family)
            return
        self.sinks.append(SinkRec(
            family=family, sink=name, pos=self.mod.pos(self.stmt, node),
            taint=self.mod.resolve_taint(add_step(self._argument_step(taint, node, value_node),
                                                  (self.stmt, node, f"reaches {name}"))),
            nonconst=nonconst, detail=detail, whole=tuple(whole), tool_hint=self.tool_hint, uncertain=uncertain,
            confined=confined, writes=writes, requires=tuple(getattr(self, "guards", ())), program_split=program_split,
            url=url, truth_read=family == "path" and detail != "write" and not writes and self._truth_reader(),
            verbatim=isinstance(value_node, (cst.Name, cst.Subscript, cst.Attribute)) or (
                isinstance(value_node, cst.Call) and isinstance(value_node.func, cst.Attribute)
                and value_node.func.attr.value in ("get", "strip")),
        ))

    def _argument_step(self, taint: Taint, node, value_node) -> Taint:
        """A sink call over several lines: the flow names the line of the argument, before the call."""
        if not taint or value_node is None or value_node is node:
            return taint
        at = self.mod.pos_index.argument_line(self.stmt, node, value_node)
        if at is None or at[0] == self.mod.pos(self.stmt, node)[0]:
            return taint
        return add_step(taint, Step(at[0], at[1], "passed as an argument of the call"))

    def _truth_reader(self) -> bool:
        if getattr(self, "_truth_only", None) is None:
            self._truth_only = truth_only_reader(self.fn)  # fixednames.py
        return self._truth_only

    def _quiet(self, family: str) -> None:
        """A sink only constants reach: the other engines' pattern hits on it are not findings."""
        self.mod.quiet_sinks.add((self.mod.pos(self.stmt)[0], family))

    # -- argument helpers -------------------------------------------------------------
    def _arg_taint(self, a, positional, pos_args) -> Taint:
        for i, p in enumerate(positional):
            if p is a:
                return pos_args[i]
        return self.ev_quiet(a.value)

    def _kw_truth(self, call, kw):
        """True, False, or "maybe" (not a constant) for the keyword ``kw`` of ``call``."""
        for a in call.args:
            if a.keyword is not None and a.keyword.value == kw:
                v = a.value
                if isinstance(v, cst.Name):
                    if v.value == "True":
                        return True
                    if v.value in ("False", "None"):
                        return False
                    default = self.param_defaults.get(v.value)
                    if isinstance(default, cst.Name):
                        return default.value == "True"
                    return "maybe"
                if isinstance(v, cst.Integer):
                    return v.value != "0"
                return "maybe"
        return False

    def _mode_writes(self, c: _Call, spec: ArgSpec) -> bool:
        """The mode argument (``open(p, "w")``) is a constant that writes (w, a, x or +)."""
        mode = None
        for i, a in enumerate(c.node.args):
            if (a.keyword is not None and a.keyword.value in spec.names) or (a.keyword is None and i == spec.index):
                mode = N.string_value(a.value)
        return bool(mode) and any(ch in mode for ch in "wax+")

    # -- NoSQL ------------------------------------------------------------------------
    def _nosql(self, call, label: str, node, t, model: SinkModel) -> None:
        """A query document: caller input as a key (an operator), inside a code operator
        (``$where``), or as the whole document."""
        if isinstance(node, cst.Name) and node.value in self.dicts:
            node = self.dicts[node.value]  # query = {...}; coll.find(query)
        if isinstance(node, cst.Dict):
            bad: Taint = {}
            detail = "caller input chooses a query operator"
            for e in node.elements:
                if not isinstance(e, cst.DictElement):
                    bad = union(bad, self.ev_quiet(e.value))
                    continue
                k = N.string_value(e.key)
                if k is None:
                    bad = union(bad, self.ev_quiet(e.key))
                elif k in model.code_operators or k in model.expression_operators:
                    v = self.ev_quiet(e.value)
                    if v and k in model.code_operators:
                        detail = f"caller input is spliced into a server-side JavaScript {k} clause"
                    bad = union(bad, v)
            if bad:
                self._sink(model.family, label, call, bad, node, detail=detail, writes=model.write)
            return
        if isinstance(node, cst.List):
            return
        if t:
            self._sink(model.family, label, call, t, node, detail="the whole query document comes from the caller",
                       writes=model.write)
