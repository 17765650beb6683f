"""Sink matching for TypeScript/JavaScript: which calls are sinks, and which part of the call
the hazardous value is.

The sinks are rows of ``rules/models/typescript/*.yaml``: a call matches by its name after import
resolution (``child_process.exec``, ``fs/promises.readFile``, the global ``fetch``), or by its
method name on a receiver of a named class (a database handle, an HTTP client, a logger). Each
row's *kind* says how the call reads its arguments; an argument named by keyword in a row is a
property of an options object at that position (``axios({ url })``). Mixed into the function
interpreter; never names a library.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from ...catalog.models import ArgSpec, Receiver, SinkModel
from ..checkref import DOCUMENT
from ..cstnodes import file_operand, option_operand
from ..gitargv import hazard_note, inert_options
from ..narrowing import fixed_host_prefix, network_scheme
from ..sentcreds import sent_taint
from ..summary import SinkRec
from ..taintvalue import (ARGV_FILE, ARGV_OPERAND, ARGV_OPTION, ARGV_PLACED, ARGV_UNKNOWN, EMPTY, UNKNOWN_PROGRAM, Taint, add_step,
                          long_value_option, mark, union)
from . import nodes as N
from . import fileprefix, folderscripts, handedclients, madeby, receiverorigin, rejectbranch, runcommand, tagshell
from .owndetail import own_detail
from .argvfiles import url_operand, with_file_steps
from .hostconsts import host_mark
from .listfields import element_field
from .reqpaths import request_sent, ts_credential
from .sdkclients import sdk_client, sdk_credential, sdk_path_host
from .scriptfiles import script_file_sinks
from .configshell import configured_shell
from .cmdwords import line_urls
from .errorconfigs import note_request
from ..cmdline import file_operands
from .carriers import REQUEST_NAME, stdin_program
from .freeoptions import free_options, named_program
from .remoteshell import command_argv, container_argv, named_remote_shell, remote_detail, remote_start

_PLACED = frozenset({ARGV_PLACED})
_PLACED_SAFE = frozenset({ARGV_PLACED, "argument"})
_ARG_CLEAN = frozenset({"argument"})
_LOG_WHOLE = ("args", "arguments", "params", "input", "headers", "request")


class _Call:
    """One call being matched, with its argument nodes and their taint."""

    __slots__ = ("node", "fq", "method", "recv_node", "recv", "args", "taints", "star", "new")

    def __init__(self, node, fq, method, recv_node, recv, args, taints, star, new):
        self.node, self.fq, self.method, self.recv_node, self.recv = node, fq, method, recv_node, recv
        self.args, self.taints, self.star, self.new = args, taints, star, new

    def label(self, model: SinkModel, data: bytes) -> str:
        fq, method = self.fq, self.method or ""
        shown = fq.replace("()", "") or method
        if self.recv_node is not None and model.receiver is not None:
            shown = N.text(data, self.recv_node)
            shown = (shown if len(shown) <= 30 else "…" + shown[-29:]) + f".{method}"
        label = model.label.replace("{fq}", shown).replace("{fq_plain}", shown).replace("{method}", method) \
            .replace("{fq_or_method}", shown).replace("{short}", (fq.split(".")[-1] if fq else method))
        if label == ".{method}()".replace("{method}", method):
            label = f"{shown}()"
        return ("new " if self.new else "") + label


class Sinks:
    """Finds the sink a call is, and records what reaches it (mixed into the interpreter)."""

    def check_sinks(self, node, fq, method, recv_node, recv, args, taints, star, new, forced=None) -> None:
        M = self.M
        if method not in M.sink_method_names and fq not in M.sink_calls and not (fq and "()" in fq):
            return
        base = fq.replace("()", "") if fq else ""
        model = forced or (M.sink_calls.get(base) if base and "#" not in base else None)
        also = M.sink_calls_also.get(base, ())
        if model is None and method and recv_node is not None:
            model = next((m for m in M.method_sinks(method) if not m.also and self.receiver_matches(m, recv_node, recv)),
                         None)
            # `also` method rows: another argument in another family (simple-git's clone folder)
            also = [m for m in M.method_sinks(method) if m.also and self.receiver_matches(m, recv_node, recv)]
            if model is None and also:
                model, also = also[0], also[1:]
        if model is None or (model.kind == "template-argv" and not (args and args[0].type == "template_string")):
            return  # $({ cwd }) makes a runner; only its template runs a command
        if model.when and not self._when(model, args):
            return  # SendCommand of a document that runs no shell
        c = _Call(node, base, method, recv_node, recv, args, taints, star, new)
        before = len(self.sinks)  # `also` rows: another argument of the same call (a glob's options.cwd)
        for m in (model, *also):
            if m.safe_options and any(N.has_prop(self.data, a, o) for a in args for o in m.safe_options):
                continue  # matter(text, { engines: { javascript } }): the options replace what made it a sink
            start = len(self.sinks)
            getattr(self, "_kind_" + m.kind.replace("-", "_"))(m, c)
            folderscripts.folder_scripts(self, m, c)  # npm install in the caller's folder (folderscripts.py)
            receiverorigin.mark_origin(self, m, recv_node, self.sinks[start:])  # couch.db.get(): another library's (receiverorigin.py)
            for s in self.sinks[start:] if m.boundary_claims else ():  # node:vm (capabilities.false_boundary)
                s.boundary = m.boundary_claims
            script_file_sinks(self, m, c)  # a script written to a file, then run (scriptfiles.py)
        if len(self.sinks) == before:
            # a sink only constants reach: the engine agreement's "followed and found safe"
            self.mod.quiet_sinks.add((node.start_point[0] + 1, model.family))

    # -- receivers ------------------------------------------------------------------------
    def receiver_matches(self, model: SinkModel, recv_node, recv: Taint) -> bool:
        if model.receiver == "any":
            return True
        rc = self.M.receivers[model.receiver]
        if rc.tainted and not recv:
            return False
        return self.receiver_is(rc, recv_node)

    def receiver_is(self, rc: Receiver, recv_node) -> bool:
        """Whether a receiver belongs to class ``rc``: built by one of its constructors or
        factories, typed so, or named so."""
        r = N.unwrap(recv_node)
        if r is None:
            return False
        d = self.dotted(r) or ""
        tp = (self.type_of(r) or "").replace("()", "")
        plain = d.replace("()", "")
        if rc.constructors and (tp in rc.constructors or plain in rc.constructors):
            return True
        if rc.modules and plain in rc.modules:
            return True
        if rc.factories and any(f in d or f in tp for f in rc.factories):
            return True
        if rc.names and plain in rc.names or rc.made_by and madeby.made_by(self, rc, r):
            return True  # ... or pool.request(): a method of another class's receiver (madeby.py)
        if rc.constructors and not tp and handedclients.handed_receiver(self, rc, r):
            return True  # (api: any) => api.get(...), handed `new WooCommerceRestApi()` (handedclients.py)
        if rc.name_pattern is not None:
            last = N.last_name(self.data, r)
            if last and rc.name_pattern.search(last):
                return True
            # typed by a library's class of that name (`target: Page`, an alias of Page | Frame)
            declared = re.split(r"[.#]", tp)[-1] if tp and tp.split(".")[0] not in self.mod.class_names else ""
            if declared and rc.name_pattern.search(declared):
                return True
        return False

    # -- arguments ------------------------------------------------------------------------
    def _arg(self, c: _Call, spec: ArgSpec, fields: bool = False):
        """The node and taint of the argument ``spec`` names: the argument at its position, or
        a property of an options object there (``{ url }``; ``fields``: also of a parameter's)."""
        i = spec.index if spec.index is not None else 0
        if i >= len(c.args):
            return None, EMPTY
        node = c.args[i]
        t = c.taints[i] if i < len(c.taints) else EMPTY
        u = N.unwrap(node)
        if spec.names and u is not None and u.type == "object":
            return self._named_field(u, spec.names) or (None, EMPTY)
        if spec.names and u is not None and u.type == "identifier":
            found = self._named_field(u, spec.names)
            if found is not None:
                return found
            var = N.text(self.data, u)
            names = [n for n in spec.names if "." not in n]
            if fields and ("p", var) in t and names:
                # an options object the caller passed (send(config) { axios(config) }): the
                # properties the caller set there, bound when linked (field labels; a string
                # passed there is bound whole)
                return node, union(*(self.read_field(t, var, n, None) for n in names))
        if spec.index is None:
            return None, EMPTY  # keyword only: an options object without the property
        return node, t

    def _named_field(self, node, names):
        """(node, taint) of the first of the properties ``names`` the object sets that carries
        taint, else of the first it sets (several names: several options the library reads alike,
        ``{ doctorInstall: "npm ci", doctorTest: x }``); of a variable set nowhere here, what the
        caller set on a parameter it spreads (``opts = { ...base, silent: true }``: field labels
        bound when linked); None when it sets none."""
        first = None
        for name in names:
            found = self._field(node, name)  # a dotted name: a nested options object's property
            if found is not None and found[1]:
                return found
            first = first or found
        u = N.unwrap(node)
        if first is not None or u is None or u.type != "identifier":
            return first
        spreads = [v for k, v in self.env.items() if k.startswith(N.text(self.data, u) + "....")]
        params = {lb: i for v in spreads for lb, i in v.items() if lb[0] == "p" and len(lb) == 2}
        return (u, union(*(self.read_field(params, None, n, None) for n in names if "." not in n))) if params else None

    def _field(self, node, dotted: str):
        """(node, taint) of the (dotted) property of an object literal, or of a variable whose
        properties were set here (the deepest of them the code set), on the way through either;
        None when it is not set."""
        keys = dotted.split(".")
        for i, key in enumerate(keys):
            u = N.unwrap(node)
            if key.endswith("[]"):  # files[].attachment: that property of each element (listfields.py)
                if u is not None and u.type == "identifier":  # opts.files set here: whole
                    k = f"{N.text(self.data, u)}.{key[:-2]}"
                    return (u, self.env[k]) if k in self.env else None
                return element_field(self, u, keys[i:]) if u is not None and u.type == "object" else None
            if u is not None and u.type in ("identifier", "shorthand_property_identifier"):
                var = N.text(self.data, u)
                k = next((k for j in range(len(keys), i, -1) if (k := ".".join([var, *keys[i:j]])) in self.env), None)
                if k is None and i and var in self.env:  # { body } of a nested name: body.query read
                    return u, self._read_path(self.env[var], var, keys[i:])
                return (u, self.env[k]) if k is not None else None
            if u is None or u.type != "object":
                return None
            node = N.object_props(self.data, u).get(key)
            if node is None:
                return None
        u = N.unwrap(node)  # a template evaluated already keeps where it placed each value ({ url: `/x/${id}` })
        return node, self.call_taints.get(u.id, EMPTY) if u is not None and u.type == "template_string" and u.id in self.call_taints \
            else self.ev_quiet(node)

    def _read_path(self, v: Taint, var: str, keys) -> Taint:
        for key in keys:
            v, var = self.read_field(v, var, key, None), f"{var}.{key}"
        return v

    def _when(self, model: SinkModel, args) -> bool:
        """Whether the options object at the row's argument (a literal, or a variable whose
        properties were set here) sets each ``when`` key to one of its constants."""
        i = model.arg.index if model.arg.index is not None else 0
        u = N.unwrap(args[i]) if i < len(args) else None
        if u is None or u.type not in ("object", "identifier"):
            return False
        for key, values in model.when:
            if u.type == "object":
                v = N.dotted_prop(self.data, u, key)
                const = self.const_of(v) if v is not None else None
            else:
                const = self.consts.get(f"{N.text(self.data, u)}.{key}")
            if const not in values:
                return False
        return True

    # -- one handler per kind -------------------------------------------------------------
    def _kind_value(self, model: SinkModel, c: _Call) -> None:
        node, t = self._arg(c, model.arg)
        label = c.label(model, self.data)
        # (source, destination) rows write the destination; the source is read
        write = model.write and model.dst is None
        detail = model.detail or ("write" if write else "")
        if write:  # the server's own log, scratch file or half-written file (owndetail.py)
            detail = own_detail(self, c, node, t, detail)
        self.record(model.family, label, c.node, t, node, detail=detail, creates=write and model.creates)
        if model.family == "shell" and t:
            line_urls(self, c.node, label, node)  # `wget ${url}`: a request too (cmdwords.py)
        if model.dst is not None:
            node2, t2 = self._arg(c, model.dst)
            self.record(model.family, label, c.node, t2, node2, detail="write", creates=model.creates)
        if model.family == "code" and model.arg.index is not None and N.is_function(N.unwrap(node)):
            self._evaluated_args(model, c, N.unwrap(node), label)

    def _evaluated_args(self, model: SinkModel, c: _Call, fn, label: str) -> None:
        """page.evaluate((code) => eval(code), script): the function is the server's own, but
        it runs one of its parameters as code (eval, new Function). The library calls it with
        the arguments after it, behind one value of its own per argument before it ($eval's
        selector becomes the element), so that argument is code run in the page."""
        names = self.param_list(fn)
        run = self._code_params(fn, set(filter(None, names)))
        k = model.arg.index
        for j, name in enumerate(names):
            i = j + 1  # parameter j (past the k values of the library's own) is argument k+1+(j-k)
            if name in run and j >= k and i < len(c.args):
                self.record(model.family, label, c.node, c.taints[i] if i < len(c.taints) else EMPTY, c.args[i],
                            detail=f"{model.detail or 'code'}: the page function runs its parameter '{name}' "
                                   f"with {run[name]}()")

    def _code_params(self, fn, names: set) -> Dict[str, str]:
        """The parameters in ``names`` that the function body hands whole to a code sink."""
        out: Dict[str, str] = {}
        stack = [fn.child_by_field_id(self.F.body)]
        while stack and names:
            n = stack.pop()
            if n is None:
                continue
            if n.type in ("call_expression", "new_expression"):
                callee = n.child_by_field_id(self.F.function) or n.child_by_field_name("constructor")
                args = N.args_of(n)
                fq = N.text(self.data, callee) if callee is not None else ""
                m = self.M.sink_calls.get(fq)
                if m is not None and m.family == "code" and args:
                    for a in args:
                        a = N.unwrap(a)
                        if a is not None and a.type == "identifier" and N.text(self.data, a) in names:
                            out[N.text(self.data, a)] = fq
            stack.extend(n.named_children)
        return out

    def _kind_every_arg(self, model: SinkModel, c: _Call) -> None:
        t = union(*c.taints, c.star)
        last = c.args[-1] if c.args else None
        self.record(model.family, c.label(model, self.data), c.node, t, last, detail=model.detail)

    def _kind_query(self, model: SinkModel, c: _Call) -> None:
        node, t = self._arg(c, model.arg)
        if model.document:  # a GraphQL document: the caller's whole one only, not values pasted in (checkref.py)
            t = {k: v for k, v in t.items() if not v.built and not self._sql_detail(node)}
        before = len(self.sinks)
        self.record(model.family, c.label(model, self.data), c.node, t, node,
                    detail=DOCUMENT if model.document else self._sql_detail(node))
        if len(self.sinks) > before:
            one = self._single_statement(c)  # (why, dialect): a SQLite SELECT run alone reads
            self.sinks[-1].one_statement, self.sinks[-1].dialect = one or ("", None)

    def _kind_stdin_command(self, model: SinkModel, c: _Call) -> None:
        """``child.stdin.write(line)`` in a module that spawns a program reading its commands on
        stdin (models: stdin-programs): the line is that program's command line."""
        prog = stdin_program(self.mod)
        if prog is None:
            return
        name, word, files = prog
        node, t = self._arg(c, model.arg)
        ops = file_operands(files)
        if ops:
            self.record("path", c.label(model, self.data), c.node, t, node, operands=ops,
                        detail=f"a command line of the {name} {word}, written to its standard input")

    def _single_statement(self, c: _Call):
        """(why the driver of this query call runs one statement per call, its engine's dialect or None)
        (models: single-statement), or None; a module that sets the row's option turns several on."""
        r = N.unwrap(c.recv_node) if c.recv_node is not None else None
        if r is None:
            return None
        tp = (self.type_of(r) or "").replace("()", "")
        for types, methods, unless, why, dialect in self.M.single_statement:
            if tp in types and (not methods or c.method in methods):
                if unless and re.search(rf"\b{re.escape(unless)}\s*[:=]\s*(true|0|[2-9]|\d\d)\b".encode(), self.data):
                    return None
                return why, dialect
        return None

    def _kind_url(self, model: SinkModel, c: _Call) -> None:
        node, t = self._arg(c, model.arg, fields=True)
        sdk = sdk_client(self, model)  # a vendor SDK's request method: its host and key (sdkclients.py)
        cred = (sdk_credential(self, c.recv_node, sdk) if sdk else ts_credential(self, c, model, node)) if model.family == "ssrf" and t else ""
        if node is not None and t:
            prefix = self.const_prefix(node)
            t = sdk_path_host(sdk, t, prefix) if sdk else t
            if prefix and fixed_host_prefix(prefix) and not cred:
                return  # only its path, and no credential of the server's: reqcreds.py
            ref = host_mark(self, node) if not prefix else None
            if ref:  # fetch(`${API}${path}`), API a constant of another module: the linker reads it
                t = mark(t, clean=frozenset({ref}))
        before = len(self.sinks)
        self.record(model.family, c.label(model, self.data), c.node, t, node)
        if len(self.sinks) > before and model.family == "ssrf":
            self.sinks[-1].url, self.sinks[-1].credential = True, cred
            self.sinks[-1].sent = sent_taint(request_sent(self, c, node))  # its headers, options, client (sentcreds.py)
        if model.family == "ssrf":
            note_request(self, c)  # its error carries a secret it sent (errorconfigs.py)

    def _kind_file_url(self, model: SinkModel, c: _Call) -> None:
        """A loader's URL (pdf.js ``getDocument``) that it reads from disk when it is a ``file:``
        URL or a bare path: a path sink, unless a constant prefix fixes a network scheme (a check
        of the scheme is read where the flow is linked, ``NET_SCHEME``)."""
        node, t = self._arg(c, model.arg)
        if node is None or network_scheme(self.const_prefix(node)):
            return
        local = fileprefix.local_file_url(self, node) if model.family == "ssrf" else None
        if local is not None:  # goto(`file://${p}`): a read of the file p (fileprefix.py)
            return self.record("path", c.label(model, self.data), c.node, self.ev_quiet(local), local)
        before = len(self.sinks)
        self.record(model.family, c.label(model, self.data), c.node, t, node, detail=model.detail)
        if len(self.sinks) > before:
            self.sinks[-1].file_url = True

    def _kind_log(self, model: SinkModel, c: _Call) -> None:
        t = union(*c.taints, c.star)
        whole = [w for a in c.args for w in self._whole_names(a)]
        if whole and rejectbranch.in_rejected_branch(self.data, c.node, self.M):  # a rejected guess (rejectbranch.py)
            whole = [w for w in whole if w not in ("url", "headers")]
        secret = {k: v for k, v in t.items() if k[0] in ("s", "p", "pf", "c")}
        if secret or whole:
            self.record(model.family, c.label(model, self.data), c.node, secret, None, whole=whole)

    def _kind_receiver_path(self, model: SinkModel, c: _Call) -> None:
        self.record(model.family, c.label(model, self.data), c.node, c.recv, c.recv_node,
                    detail="write" if model.write else "")

    def _kind_nosql_document(self, model: SinkModel, c: _Call) -> None:
        node, t = self._arg(c, model.arg)
        u = N.unwrap(node)
        if u is None:
            return
        if u.type == "object":
            bad: Taint = {}
            detail = "caller input chooses a query operator"
            for c2 in u.named_children:
                if c2.type == "spread_element":
                    bad = union(bad, self.ev_quiet(c2))
                elif c2.type == "pair":
                    k = N.prop_key(self.data, c2.child_by_field_id(self.F.key))
                    if k is None:
                        bad = union(bad, self.ev_quiet(c2.child_by_field_id(self.F.key)))
                    elif k in model.code_operators or k in model.expression_operators:
                        v = self.ev_quiet(c2.child_by_field_id(self.F.value))
                        if v and k in model.code_operators:
                            detail = f"caller input is spliced into a server-side JavaScript {k} clause"
                        bad = union(bad, v)
            if bad:
                self.record(model.family, c.label(model, self.data), c.node, bad, u, detail=detail)
            return
        if u.type == "array":
            return
        if t:
            # the caller's document as a whole (JSON.parse(filter), a helper decoding it): a
            # query tool's purpose when it says so, like query text passed as is; a row's detail
            # (an aggregation's writing stages) unless the options only explain the pipeline
            opts = N.unwrap(c.args[1]) if len(c.args) > 1 else None
            explain = opts is not None and opts.type == "object" and "explain" in N.object_props(self.data, opts)
            self.record(model.family, c.label(model, self.data), c.node, t, u,
                        detail=(not explain and model.detail) or "the whole query document comes from the caller",
                        verbatim=True)

    def _kind_program_argv(self, model: SinkModel, c: _Call) -> None:
        """The sinks of a program-and-argv call (:meth:`_program_argv`), each knowing the
        command it runs when the program is a constant (fixedruns.py)."""
        first = len(self.sinks)
        self._program_argv(model, c)
        runcommand.name_command(self, first, self._arg(c, model.arg)[0], c.args[1] if len(c.args) > 1 else None)

    def _program_argv(self, model: SinkModel, c: _Call) -> None:
        """spawn/execFile(program, argv?, options?): {shell: true} joins them into a shell
        command line; otherwise the program must not come from the caller and no argv element
        may be read as an option."""
        label = c.label(model, self.data)
        prog_node, prog_t = self._arg(c, model.arg)
        argv_node, argv_t = (c.args[1], c.taints[1]) if len(c.args) > 1 and len(c.taints) > 1 else (None, EMPTY)
        if argv_node is not None and N.unwrap(argv_node).type == "object":
            argv_node, argv_t = None, EMPTY  # spawn(cmd, options)
        shell = self._shell_option(c)
        if shell:
            # the program and its arguments are joined into one command line
            t = union(prog_t, mark(argv_t, built=True, rooted=True))
            self.record("shell", f"{label} with shell: true", c.node, t, prog_node,
                        detail="" if shell is True else "shell: is not a constant")
            return
        if prog_t:
            self.record("shell", label, c.node, prog_t, prog_node,
                        detail=model.detail or "the program to run comes from the caller")
        if argv_node is None:
            return
        prog = (self.const_of(prog_node) or named_remote_shell(self, prog_node)) if prog_node is not None else ""
        named = named_program(self, prog_node) if prog_node is not None and not prog else ""
        elems = self._list_of(argv_node)
        if elems is None:
            if argv_t:
                split = self._split_of(argv_node)
                if split:
                    self.record("shell", label, c.node, argv_t, argv_node,
                                detail=f"the caller's text is split into the argv ({split}): it chooses the options")
                else:
                    self.record("argument", label, c.node,
                                mark(argv_t, weak=ARGV_UNKNOWN),
                                argv_node, detail="the argument vector comes from caller input", uncertain=True,
                                operands=self._operands(prog or named))
            return
        configured = configured_shell(self, prog_node, elems) if not prog else None
        self.argv_elems(c.node, label, prog, elems, configured=configured, named=named)

    def _kind_command_argv(self, model: SinkModel, c: _Call) -> None:
        command_argv(self, model, c, *self._arg(c, model.arg))  # dockerode exec({Cmd}) (remoteshell.py)

    def _kind_template_argv(self, model: SinkModel, c: _Call) -> None:
        """``$`cmd ${x}```: the template's words are the command line and each interpolation is
        one element of it (quoted, never split), so it is checked as an argv: the program from
        the caller runs anything, a shell's ``-c`` element is its script, a value that can start
        with ``-`` is an option."""
        words = self._template_words(c.args[0])
        if not words:
            return
        label = c.label(model, self.data)
        if tagshell.template_shell(self, c.node, label, words):
            return  # execa({ shell: true })`...`: a shell runs the joined words (tagshell.py)
        (prog_node, prog_t, prog, _), rest = words[0], words[1:]
        if prog_t:
            self.record("shell", label, c.node, prog_t, prog_node, detail="the program to run comes from the caller")
        shell = None
        if prog is None and prog_node is not None and self.M.shell_name is not None:
            name = N.last_name(self.data, N.unwrap(prog_node))
            shell = name if name and self.M.shell_name.search(name) else None
        self.argv_elems(c.node, label, prog or "", rest, shell=shell)

    def _template_words(self, tpl) -> list:
        """The words of a command template as argv elements (node, taint, constant, False); a
        word that starts with constant text (``--out=${x}``) cannot be read as an option."""
        words: list = []
        parts: list = []  # the current word: ("c", text) and ("e", expression node)

        def close() -> None:
            exprs = [n for k, n in parts if k == "e"]
            if exprs:
                t = union(*[self.ev_quiet(e) for e in exprs])
                words.append((exprs[0], mark(t, clean=_ARG_CLEAN) if parts[0][0] == "c" else t, None, False))
            elif parts:
                words.append((None, EMPTY, "".join(v for _, v in parts), False))
            parts.clear()

        for ch in tpl.children:
            if ch.type == "template_substitution":
                inner = [x for x in ch.named_children if x.type != "comment"]
                if inner:
                    parts.append(("e", inner[0]))
            elif ch.type in ("string_fragment", "escape_sequence"):
                for i, piece in enumerate(re.split(r"\s+", N._unescape(N.text(self.data, ch)))):
                    if i:
                        close()
                    if piece.strip("'\""):
                        parts.append(("c", piece.strip("'\"")))
        close()
        return words

    def _operands(self, prog: str) -> tuple:
        """The options of ``prog`` that take the next element as their value ("opt" or
        "subcommand opt"), for a list built elsewhere."""
        prog = prog.rsplit("/", 1)[-1]
        if not prog:
            return (UNKNOWN_PROGRAM,)
        out = []
        for cmd, opts in self.M.option_operands.items():
            name, _, sub = cmd.partition(" ")
            if name == prog:
                out += [f"{sub} {o}" if sub else o for o in opts]
        return tuple(sorted(out))

    def _shell_option(self, c: _Call):
        for a in c.args[1:]:
            u = N.unwrap(a)
            if u is None or u.type != "object":
                continue
            props = N.object_props(self.data, u)
            if "shell" in props:
                v = N.unwrap(props["shell"])
                if v.type == "false" or (v.type == "string" and N.string_value(self.data, v) == ""):
                    return False
                if v.type in ("true", "string"):
                    return True
                return "maybe"
        return False

    def _list_of(self, node) -> Optional[list]:
        u = N.unwrap(node)
        if u is None:
            return None
        if u.type == "array":
            return self._elements(u)
        if u.type in ("identifier", "shorthand_property_identifier"):  # { command, args }
            return self.lists.get(N.text(self.data, u))
        kept = self.kept_list(u)
        return self._list_of(kept) if kept is not None else None

    def _split_of(self, node) -> Optional[str]:
        u = N.unwrap(node)
        if u is not None and u.type == "call_expression":
            fn = u.child_by_field_id(self.F.function)
            if fn is not None and fn.type == "member_expression":
                prop = fn.child_by_field_id(self.F.property)
                if prop is not None and N.text(self.data, prop) == "split":
                    return ".split()"
            d = self.dotted(fn) if fn is not None else ""
            if d and d.endswith(("shell-quote.parse", "string-argv", "shlex.split", "parseArgsStringToArgv")):
                return d
        return None

    def argv_elems(self, call, label: str, prog: str, elems, shell: Optional[str] = None,
                   configured: Optional[str] = None, inside: bool = False, named: str = "") -> None:
        """elems: (node, taint, constant, unknown spread). ``[sh, -c, value]`` runs the value as
        a script; a value that can start with ``-`` before any ``--`` is an option. ``shell``:
        the name of a program the code computes that is a shell (``${shell} -c ${cmd}``);
        ``configured``: the shell configuration whose program and flags come before the last
        element (configshell.py); ``inside``: the argv of a command run in a container (its files
        are the container's), or the part before that command (remoteshell.py); ``named``: the
        program a computed program's name says it is (freeoptions.py)"""
        consts = [e[2] for e in elems]
        prog_name = prog.rsplit("/", 1)[-1]
        if not inside and not shell and container_argv(self, call, label, prog_name, elems):
            return  # docker exec CONTAINER sh -c <script>
        shells = {p.rsplit("/", 1)[-1] for p in self.M.shell_programs}
        if shell:
            prog_name, shells = shell, shells | {shell}
        remote = remote_start(self.M, prog_name, elems)
        for i, (n, t, cst, spread) in enumerate(elems):
            if not t:
                continue
            if spread and not inside and free_options(self, call, label, prog_name or named, n, t):
                continue  # [...ffuf_args]: the caller chooses options of a program that run commands
            if remote is not None and i >= remote:
                # ssh host <command...>: a command line the host's shell runs
                self.record("shell", f"{label} ['{prog_name}', host, …]", call, self._element_step(call, n, t, "a word of "
                            f"{prog_name}'s remote command line"), n, detail=remote_detail(prog_name),
                            operand_of=prog_name)
                continue
            # (a computed program named for a file program, ffmpegPath, is that program)
            changes = None if inside else file_operand([prog_name or named, *consts], i + 1, self.M.file_programs,
                                                       self.M.option_operands)
            if changes and not spread and not all(x.is_clean("path") for x in t.values()):
                # chmod/rm/cp ... change the file the operand names: a path sink like fs.chmod
                placed = add_step(t, self.step(n if n is not None else call, f"{ARGV_FILE} '{changes}', which changes "
                                               "the file it names")) if n is not None and n.start_point[0] != call.start_point[0] else t
                self.record("path", f"{label} ['{changes}', …]", call, placed, n, detail="write", operand_of=changes)
            code_flags, runs = self.M.code_programs.get(prog_name, ((), ""))
            if i >= 1 and consts[i - 1] in code_flags and "--" not in consts[:i]:
                # osascript -e <script>, python3 -c <code>: source code in the program's own
                # language (code.yaml's runAppleScript), never an option
                self.record("code", f"{label} ['{prog_name}', '{consts[i - 1]}', …]", call, t, n, detail=runs,
                            operand_of=prog_name)
                continue
            if prog_name in shells and i >= 1 and consts[i - 1] in self.M.shell_flags:
                self.record("shell", f"{label} ['{prog_name}', '{consts[i - 1]}', …]", call, t, n,
                            detail=f"the value is run as a {prog_name} script", operand_of=prog_name)
                continue
            if configured and i == len(elems) - 1:
                self.record("shell", f"{label} with the shell of '{configured}'", call, t, n,
                            detail=f"the value is run as a script by the shell '{configured}' configures")
                continue
            if prog_name in self.M.url_programs and not spread:
                self.url_operand(call, label, prog_name, consts, i, n, t)
            if "--" in consts[:i] or option_operand([prog_name or named] + consts, i + 1, self.M.option_operands) or (
                    i >= 1 and consts[i - 1] and not prog_name and long_value_option(consts[i - 1])) \
                    or inert_options(self.M, [prog_name or named, *consts], i + 1):
                # after '--', or the value of the option before it (kubectl -n <ns>; --device <id>
                # of a program the code does not name); or no option of the command runs a
                # program or touches a file (df -h <path>: gitargv.py)
                continue
            if n is not None and self.const_prefix(n):
                continue
            flagged = {k: v for k, v in t.items() if not v.is_clean("argument")}
            if spread:
                flagged = mark(flagged, weak=ARGV_UNKNOWN)
            if flagged:
                self.record("argument", label, call, self._element_step(call, n, flagged, "an element of the argument vector"),
                            n if n is not None else call, uncertain=spread,
                            detail=ARGV_OPTION + hazard_note(self.M, [prog_name or named, *consts], i + 1))

    def _element_step(self, call, n, t: Taint, note: str) -> Taint:
        """``t`` with a step at the argv element ``n`` when it is on a line of its own in the call
        (a list literal written across lines)."""
        if n is None or n.start_point[0] == call.start_point[0] or not call.start_byte <= n.start_byte < call.end_byte:
            return t
        return add_step(t, self.step(n, note))

    def url_operand(self, call, label: str, prog: str, consts, i: int, n, t: Taint, lead: Optional[str] = None) -> None:
        """``[curl|wget|yt-dlp, ..., url]``: an operand that is no option's value (the element
        before it is not a constant option, or a '--' came first) is a URL the program requests.
        For a program whose value options the models list, only those take the next element
        (``curl -sL <url>``, a cluster that ends with one: ``-sLo <file>``). ``lead``: the constant
        text the word starts with (a command line's word, cmdwords.py)."""
        if not url_operand([prog, *consts], i + 1, self.M.option_operands, self.M.flag_options):
            return  # the value of the option before it (-o FILE, -H HEADER), or an option
        prev = consts[i - 1] if i >= 1 else None
        if isinstance(prev, str) and prev.startswith("-") and "--" not in consts[:i] \
                and _takes_value(self.M.option_operands, prog, prev):
            return
        prefix = lead or (self.const_prefix(n) if n is not None else None)
        if prefix and fixed_host_prefix(prefix):
            return
        flagged = {k: v for k, v in t.items() if not v.is_clean("ssrf")}
        if flagged:
            self.record("ssrf", f"{label} ['{prog}', …]", call, flagged, n if n is not None else call,
                        detail=f"{prog} requests the URL", operand_of=prog)

    def argv_arg(self, node, t: Taint, prog_node=None) -> Taint:
        """:meth:`_argv_arg`, with the file-operand steps of a list whose program is the argument
        before it (``run("chmod", ["600", p])``, argvfiles.py)."""
        out = self._argv_arg(node, t)
        return with_file_steps(self, node, out, prog_node) if prog_node is not None else out

    def _argv_arg(self, node, t: Taint) -> Taint:
        """The taint of an argument that is an argv-like list this function built (an array
        literal, or a variable holding one): each value placed in a known element is marked so,
        and also clean for option injection when a constant '--' comes before it or a constant
        prefix starts it, so the function the list is passed to knows where its values are."""
        u = N.unwrap(node)
        if not t or u is None or u.type not in ("array", "identifier", "shorthand_property_identifier"):
            return t
        elems = self._list_of(u)
        if not elems:
            return t
        consts = [e[2] for e in elems]
        open_, safe = [], []  # element taints that can / cannot be read as an option
        marks: dict = {}  # label -> the options it was placed after (None: also elsewhere)
        for i, (n, et, _cst, spread) in enumerate(elems):
            if not et or any(e[3] for e in elems[:i + 1]):
                # after a list spread in whose elements we do not know: the position is unknown
                open_.append(et)
                marks.update(dict.fromkeys(et))
            elif "--" in consts[:i] or (n is not None and self.const_prefix(n)) \
                    or option_operand(consts, i, self.M.option_operands):
                safe.append(mark(et, clean=_PLACED_SAFE))
            else:
                open_.append(mark(et, clean=_PLACED))
                prev = consts[i - 1] if i else None
                first = next((c for c in consts[:i - 1] if c and not c.startswith("-")), "")
                for k in et:
                    if prev and prev.startswith("-") and marks.get(k, ()) is not None:
                        marks[k] = marks.get(k, ()) + (f"{ARGV_OPERAND}{first}\x1f{prev}",)
                    else:
                        marks[k] = None
        # a value that can be an option comes first (then one after an option): its key names it
        # in the message
        after_option = [e for e in open_ if all(marks.get(k) for k in e)]
        placed = union(*[e for e in open_ if not all(marks.get(k) for k in e)], *after_option, *safe)
        for k, ms in marks.items():
            if ms and k in placed:
                # placed only right after options (``-n <ns>``): the program decides if they take it
                placed[k] = placed[k].replace(clean=placed[k].clean | frozenset(ms))
        rest = {k: v for k, v in t.items() if k not in placed}  # reached the list another way
        return union(placed, rest) if rest else placed

    # -- helpers --------------------------------------------------------------------------
    def _whole_names(self, node) -> List[str]:
        """Argument objects and header maps logged as a whole."""
        u = N.unwrap(node)
        if u is None:
            return []
        t = u.type
        if t == "identifier":
            name = N.text(self.data, u)
            if name in _LOG_WHOLE and self.env.get(name):
                return [name]
            return ["url"] if self._request_url(u) else []
        if t == "member_expression":
            prop = u.child_by_field_id(self.F.property)
            name = N.text(self.data, prop) if prop is not None else ""
            if name == "headers":
                return ["headers"]
            if name in ("url", "originalUrl") and REQUEST_NAME.match(N.last_name(self.data, u.child_by_field_id(self.F.object)) or ""):
                return ["url"]  # req.url: the path and query string as the client sent them
            if name in ("href", "search") and self._request_url(u.child_by_field_id(self.F.object)):
                return ["url"]
            return []
        if t == "template_string":
            out = []
            for c in u.named_children:
                if c.type == "template_substitution" and c.named_children:
                    out.extend(self._whole_names(c.named_children[0]))
            return out
        if t == "call_expression":
            fn = u.child_by_field_id(self.F.function)
            if fn is not None and fn.type == "member_expression" and N.text(self.data, fn).endswith(".toString") \
                    and self._request_url(fn.child_by_field_id(self.F.object)):
                return ["url"]
            if fn is not None and self.dotted(fn) in ("JSON.stringify", "String", "util.inspect"):
                args = N.args_of(u)
                return self._whole_names(args[0]) if args else []
        return []

    def _request_url(self, node) -> bool:
        """A URL object made from the request's URL (``const u = new URL(req.url, base)``)."""
        u = N.unwrap(node)
        return u is not None and u.type == "identifier" and N.text(self.data, u) in self.request_urls

    def _sql_detail(self, node) -> str:
        u = N.unwrap(node)
        if u is None:
            return ""
        if u.type == "template_string" and any(c.type == "template_substitution" for c in u.named_children):
            return "the query is a template literal"
        if u.type == "binary_expression":
            return "the query is built by concatenation"
        return ""

    def record(self, family: str, name: str, node, taint: Taint, value_node, detail: str = "", whole=(),
               uncertain: bool = False, verbatim: bool = False, operands: tuple = (), creates: bool = False,
               operand_of: Optional[str] = None) -> None:
        """Record a sink reached by ``taint`` (or a non-constant value, for the audit view); ``operand_of``: SinkRec's."""
        if value_node is not None and N.is_function(N.unwrap(value_node)):
            return  # setTimeout(() => ...): a function is not code, a command, a path or a URL
        if not taint and (value_node is None or self.is_constant(value_node)) and not whole:
            return
        nonconst = value_node is not None and not self.is_constant(value_node)
        if not taint and not nonconst and not whole:
            return
        u = N.unwrap(value_node) if value_node is not None else None
        verbatim = verbatim or u is not None and (u.type in ("identifier", "member_expression", "subscript_expression",
                                                            "shorthand_property_identifier")
                                                  or (u.type == "call_expression" and N.var_of(self.data, u) is not None))
        self.sinks.append(SinkRec(
            family=family, sink=name, pos=self.mod.src.pos(node),
            taint=add_step(taint, self.step(node, f"reaches {name}")), nonconst=nonconst, detail=detail,
            whole=tuple(whole), tool_hint=self.tool_hint, verbatim=verbatim, uncertain=uncertain,
            operands=operands, creates=creates, operand_of=operand_of, requires=tuple(getattr(self, "guards", ())),
        ))


def _takes_value(operands, prog: str, option: str) -> bool:
    """Whether ``option`` of ``prog`` takes the next element as its value: one the models list,
    or a cluster of short flags that ends with one (``-sLo <file>``)."""
    listed = operands.get(prog, ())
    return option in listed or (not option.startswith("--") and len(option) > 2 and f"-{option[-1]}" in listed)

