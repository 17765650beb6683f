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
from ..narrowing import fixed_host_prefix, network_scheme, query_only_prefix
from ..sentcreds import sent_taint
from ..summary import SinkRec
from ..taintvalue import EMPTY, Taint, add_step, mark, union
from . import nodes as N
from . import fileprefix, folderscripts, handedclients, hookerrors, madeby, ownreceivers, receiverorigin, rejectbranch, returnedclients
from .owndetail import own_detail
from .hostconsts import host_mark
from .listfields import element_field
from .reqpaths import request_sent, ts_credential
from .sdkclients import sdk_client, sdk_credential, sdk_path_host
from .authheaders import auth_headers_sent
from .clientcreds import carried_credential, pending_credential
from .exportedclients import imported_origin
from .scriptfiles import script_file_sinks
from .vmcontext import host_claim
from .cmdwords import line_urls
from .errorconfigs import note_request
from ..cmdline import file_operands
from .pipelinestages import EXPLAIN_RUNS, STAGES_BUILT, built_stages, explain_analyze
from .carriers import REQUEST_NAME, stdin_program
from .readonlytx import read_only_before, refuses_stacking
from .argvsinks import ArgvSinks

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


class Sinks(ArgvSinks):
    """Finds the sink a call is, and records what reaches it (mixed into the interpreter)."""

    def check_sinks(self, node, fq, method, recv_node, recv, args, taints, star, new, forced=None) -> None:
        M = self.M
        if method not in M.sink_method_names and fq not in M.sink_calls and not (fq and "()" in fq):
            return
        base = fq.replace("()", "") if fq else ""
        model = forced or (M.sink_calls.get(base) if base and "#" not in base else None)
        also = M.sink_calls_also.get(base, ())
        by_name = model is None
        if model is None and method and recv_node is not None:
            model = next((m for m in M.method_sinks(method) if not m.also and self.receiver_matches(m, recv_node, recv)),
                         None)
            # `also` method rows: another argument in another family (simple-git's clone folder)
            also = [m for m in M.method_sinks(method) if m.also and self.receiver_matches(m, recv_node, recv)]
            if model is None and also:
                model, also = also[0], also[1:]
        if model is None and method and recv_node is not None and forced is None:
            # git.raw(...) on `const git = createGitInstance(dir)`: returnedclients.py
            self._returned_client(_Call(node, base, method, recv_node, recv, args, taints, star, new))
            return
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
            if by_name:  # client.query() of the project's own PineconeClient: its method (ownreceivers.py)
                ownreceivers.mark_own(self, recv_node, method, self.sinks[start:])
            claim = host_claim(self, c) if m.boundary_claims and len(self.sinks) > start else ""
            for s in self.sinks[start:] if m.boundary_claims else ():  # node:vm (capabilities.false_boundary)
                s.boundary, s.host_claim = m.boundary_claims, claim  # a sandbox of host objects: vmcontext.py
            script_file_sinks(self, m, c)  # a script written to a file, then run (scriptfiles.py)
        if len(self.sinks) == before:
            # a sink only constants reach: the engine agreement's "followed and found safe"
            self.mod.quiet_sinks.add((node.start_point[0] + 1, model.family))

    def _returned_client(self, c: _Call) -> None:
        """The rows of each library client class the project function whose result the
        receiver is may return, each sink kept when linking only for the class it does
        return (``if_origin``, returnedclients.py)."""
        # (or an imported module-level client: `export const api = axios.create(...)`, exportedclients.py)
        origin = returnedclients.client_origin(self, c.recv_node) or imported_origin(self, c.recv_node)
        for cls, model, also in returnedclients.candidate_rows(self.M, c.method, c.recv) if origin else ():
            if model.when and not self._when(model, c.args):
                continue
            start = len(self.sinks)
            for m in (model, *also):
                if m.kind == "template-argv" or m.safe_options and any(
                        N.has_prop(self.data, a, o) for a in c.args for o in m.safe_options):
                    continue
                getattr(self, "_kind_" + m.kind.replace("-", "_"))(m, c)
            for s in self.sinks[start:]:
                s.if_origin = (origin, cls)

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
        spread = sum(1 for a in c.args[: i + 1] if a.type == "spread_element")
        if spread:
            # uploadFile(...paths): a spread at or before the position fills it with any of its
            # elements (taints holds the other arguments only, so it is shifted past a spread)
            j = i - spread
            t = union(c.star, c.taints[j] if node.type != "spread_element" and 0 <= j < len(c.taints) else EMPTY)
            if node.type == "spread_element":
                return node, t
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
            if self.M.input_options:  # `ffmpeg -i "${input}"`: the file the option names is read (cmdline.py)
                self.record("path", label, c.node, t, None, operands=file_operands(
                    {cmd: {"read": opts} for cmd, opts in self.M.input_options.items()}), detail="a command line run by a shell")
        if model.dst is not None:
            node2, t2 = self._arg(c, model.dst)  # a copy into its own scratch folder: decided on the destination
            self.record(model.family, label, c.node, t2, node2, detail=own_detail(self, c, node2, t2, "write"),
                        creates=model.creates)
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
        detail = DOCUMENT if model.document else self._sql_detail(node)
        if model.family == "sql" and t and not model.document and explain_analyze(self.data, node):
            detail = EXPLAIN_RUNS  # `EXPLAIN ANALYZE ${query}` runs the caller's statement (pipelinestages.py)
        self.record(model.family, c.label(model, self.data), c.node, t, node, detail=detail)
        if len(self.sinks) > before:
            one = self._single_statement(c)  # (why, dialect): a SQLite SELECT run alone reads
            self.sinks[-1].one_statement, self.sinks[-1].dialect = one or ("", None)
            if read_only_before(self, c.node, c.recv_node) and (one or refuses_stacking(self, c.node, node)):
                self.sinks[-1].read_only = True  # client.query("BEGIN READ ONLY") first, one statement (readonlytx.py)

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
        cred = (sdk_credential(self, c.recv_node, sdk, model) if sdk else ts_credential(self, c, model, node)) if model.family == "ssrf" and t else ""
        if node is not None and model.family == "ssrf" and query_only_prefix(self.const_prefix(node)):
            return  # `https://slack.com/api/users.list?${params}`: scheme, host and path fixed, only the query varies
        prefix = None
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
            self.sinks[-1].sent_secret = auth_headers_sent(self, c) if t else ""  # ...client.authHeaders (authheaders.py)
            # tsdav, Octokit, an axios instance: the login the client keeps goes to the caller's host (clientcreds.py)
            self.sinks[-1].sent_secret = carried_credential(self, c, sdk, cred, node, prefix) or self.sinks[-1].sent_secret
            if not self.sinks[-1].sent_secret and t:  # ...a client another module built (exportedclients.py)
                self.sinks[-1].client_from = pending_credential(self, c, sdk, cred, node, prefix)
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
        secret = {k: v for k, v in t.items() if k[0] in ("s", "p", "pf", "c") or hookerrors.sent_state(k)}
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
            detail = (not explain and model.detail) or "the whole query document comes from the caller"
            if model.detail and not explain and built_stages(self.data, u):
                detail = STAGES_BUILT  # stages the server writes: no $out/$merge of the caller's (pipelinestages.py)
            self.record(model.family, c.label(model, self.data), c.node, t, u, detail=detail, verbatim=True)

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
