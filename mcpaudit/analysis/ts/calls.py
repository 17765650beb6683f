"""Calls in the TypeScript/JavaScript function interpreter: recording a call for the linker, library models
of results, call targets, and local helpers and callbacks evaluated in place (closures see the enclosing
variables). Mixed into :class:`~mcpaudit.analysis.ts.interp.TsFunction`."""

from __future__ import annotations

from typing import Dict, List, Optional

from .keyedmaps import keyed_map
from .keyfiles import key_file_values
from .keylookups import lookup_args
from .workspace import join_result
from .fixedreads import joined_name  # join(dir, "go.mod"): a file of a fixed name
from ..summary import CallRec
from ..taintmerge import RESULT_FIELDS
from ..taintvalue import (ALL, ENTRY_PAIRS, EMPTY, KEY_NAME, Info, Taint, add_step, all_families, desecret, long_value_option, mark,
                          union, unclean)
from . import choices, cutmarks, errorconfigs, loopcases, loops, paramguards, textshapes, zodkeys
from .forwardregistrars import function_registrar
from . import nodes as N
from .checks import list_joined, replaced_families
from .slotmasks import slot_masked  # replace(/echo "[^"]+" \| sudo -S/, "sudo")
from .forward import FORWARD, SPREADS
from .serverwrappers import wrapper_base
from .secretcalls import masked_value, secret_result
from .maskedresults import unmasked_result
from .secretcommands import command_secret
from .envfiles import env_file_read, long_cut, whole_part
from .outparams import note_write, out_labels
from . import callbackrefs, hookerrors, hookheaders, mapfields
from .sdkanswers import api_client, service_client
from .sqlhttp import sql_requests
from .sqlformat import formatted, receiver_clear
from .spawnwrappers import sink_wrapper
from .storedfns import inline_refs
from .tildes import tilde_expansion
from .runcommand import wrapper_command
from .templatevars import DECODED_MARK
from .queryrows import query_rows
from .sinkresults import sink_result
from .schemarefs import PARSED
from .calltargets import CallTargets

MAX_INLINE = 3  # nesting of local helpers evaluated in place


class Calls(CallTargets):
    """Evaluates calls and functions evaluated in place."""

    # -- functions evaluated in place --------------------------------------------------------
    def inline(self, fn, args: List[Taint], note: str = "", arg_nodes=None, site=None) -> Taint:
        """Evaluate a local helper or a callback with its parameters bound to ``args``; the result is
        what it returns. Its sinks are ours (the closure sees our variables). The argument nodes of a call
        (``arg_nodes``, at ``site``) are kept per parameter: a registration inside sees them (Surface.through)."""
        key = fn.id
        if key in self.inlining or key in self.outer_inlining or len(self.inlining) >= MAX_INLINE:
            return union(*args) if args else EMPTY
        self.inlining.add(key)
        if arg_nodes is not None and any(a.type == "spread_element" for a in arg_nodes):
            arg_nodes = None  # positions no longer match the parameters
        frame: Dict[str, object] = {}
        self.arg_frames.append((fn, site, frame))
        saved_stmt, saved_hint = self.stmt, self.tool_hint
        saved_names = set(self.name_vars)  # the helper's own parameter may shadow `name`
        # no copy of the environment: names the function declares (its parameters, its own
        # let/const) are saved and restored; assignments to enclosing variables stay (closures)
        self._scopes.append({})
        try:
            params = fn.child_by_field_id(self.F.parameters)
            if params is None:
                single = fn.child_by_field_id(self.F.parameter)
                plist = [single] if single is not None else []
            else:
                plist = [c for c in params.named_children if c.type != "comment"]
            for i, p in enumerate(plist):
                pat = p
                if p.type in ("required_parameter", "optional_parameter"):
                    pat = p.child_by_field_id(self.F.pattern)
                if pat is None:
                    continue
                if pat.type == "assignment_pattern":
                    pat = pat.child_by_field_id(self.F.left)
                if pat is not None and pat.type == "rest_pattern":
                    inner = pat.named_children
                    pat = inner[0] if inner else None
                    v = union(*args[i:]) if i < len(args) else EMPTY
                else:
                    v = args[i] if i < len(args) else EMPTY
                if pat is None:
                    continue
                names = self._pattern_names(pat)
                for n in names:
                    self._declare(n)
                    self.param_names.add(n)
                    frame[n] = None
                if arg_nodes is not None and pat.type == "identifier" and i < len(arg_nodes) and \
                        arg_nodes[i].type != "spread_element":
                    frame[names[0]] = arg_nodes[i]
                if self.loop_decls:
                    loops.declared(self, loops.bound_names(self.data, pat), False)
                mapfields.bind_param(self, fn, i, pat, v)  # ({ a, b }) => over known elements (mapfields.py)
                hookheaders.bind_request_config(self, fn, i, pat)  # interceptors.request.use(cb)
            body = fn.child_by_field_id(self.F.body)
            self._ret_stack.append([])
            self._breaks.append([])
            if body is None:
                out = EMPTY
            elif body.type == "statement_block":
                self.exec_block(self._hoist(body))
                out = union(*self._ret_stack[-1])
            else:
                self.stmt = body
                out = self.ev(body)
                out = union(out, *self._ret_stack[-1])
            self._ret_stack.pop()
            self._breaks.pop()
        finally:
            self.arg_frames.pop()
            self.inlining.discard(key)
            self.stmt, self.tool_hint = saved_stmt, saved_hint
            self.name_vars = saved_names
            for n, old in self._scopes.pop().items():
                if old is None:
                    self.env.pop(n, None)
                else:
                    self.env[n] = old
        return out

    def _declare(self, name: str) -> None:
        """``name`` is declared in the function being evaluated in place: its enclosing value
        (if any) comes back when that function is done."""
        if self._scopes:
            scope = self._scopes[-1]
            if name not in scope:
                scope[name] = self.env.get(name)

    def _pattern_names(self, pat) -> List[str]:
        if pat.type in ("identifier", "shorthand_property_identifier_pattern"):
            return [N.text(self.data, pat)]
        out = []
        for c in pat.named_children:
            out.extend(self._pattern_names(c))
        return out

    # -- calls ----------------------------------------------------------------------------
    def ev_call(self, node) -> Taint:
        fn = node.child_by_field_id(self.F.function)
        if fn is None:
            return EMPTY
        fnu = N.unwrap(fn)
        args_node = node.child_by_field_id(self.F.arguments)
        if args_node is not None and args_node.type == "template_string":
            # a tagged template (sql`...`, $`...`): the tag quotes what it interpolates; a command
            # runner's template is still a command line (models: kind template-argv)
            tag = (self.dotted(fnu) or "").replace("()", "")
            model = self.M.sink_calls.get(tag)
            if fnu is not None and fnu.type == "call_expression" and (model is None or model.kind != "template-argv"):
                model = self.M.template_runners.get(tag)  # execa({ shell: true })`...` (models: runners)
            if model is not None and model.kind == "template-argv":
                self.check_sinks(node, tag, None, None, EMPTY, [args_node], [EMPTY], EMPTY, False, forced=model)
            return self._ev_template(args_node) if self.dotted(fnu) in ("String.raw",) else (self.ev(args_node) and EMPTY)
        out = self.call_taints[node.id] = cutmarks.uncut_call(self, fnu, self._call(node, fnu, N.args_of(node), new=False))
        if fnu is not None and fnu.type == "member_expression" and _assigned(node):
            prop = fnu.child_by_field_id(self.F.property)
            self.mark_guarded(node, N.text(self.data, prop) if prop is not None else "", N.args_of(node))
        elif fnu is not None and fnu.type == "identifier" and _assigned(node):
            self.mark_guarded(node, N.text(self.data, fnu), N.args_of(node))
        return out

    def ev_new(self, node) -> Taint:
        ctor = node.child_by_field_id(self.F.constructor)
        if ctor is None:
            return EMPTY
        return self._call(node, N.unwrap(ctor), N.args_of(node), new=True)

    def _call(self, node, fn, arg_nodes, new: bool) -> Taint:
        data, M = self.data, self.M
        recv_node = method = None
        ft = fn.type if fn is not None else ""
        if ft == "member_expression":
            recv_node = fn.child_by_field_id(self.F.object)
            prop = fn.child_by_field_id(self.F.property)
            method = N.text(data, prop) if prop is not None else None
        elif ft in N.FUNCTIONS:  # an immediately invoked function
            return self.inline(fn, [self.ev(a) for a in arg_nodes])
        fq = self.dotted(fn) or ""
        if ((reg := wrapper_base(self, method, recv_node) or method) in M.surface_methods or new or fq.replace("()", "") in M.surface.http_transports) and self.surface_call(node, fn, fq, reg, recv_node, arg_nodes, new) or \
                not new and (fq in M.surface.registration_functions and self.register_function(node, fq, arg_nodes) or self.register_imported(node, fn, arg_nodes)):
            return EMPTY  # registerAppTool(server, ...) as server.registerTool (through.py); an imported project helper (sharedwrappers.py)
        wrapper = (self.registration_wrapper(N.text(data, fn)) if ft == "identifier" else self.method_wrapper(
            method, recv_node)) if self.mod.wrappers else None
        if wrapper is not None:  # addTool({ name, execute }), this.addJsonTool("x", ..., cb): through the helper
            self.inline(wrapper, [EMPTY] * len(arg_nodes), arg_nodes=arg_nodes, site=node)
            return EMPTY
        self.method_site(method, recv_node, arg_nodes, node)
        if ft == "identifier" and arg_nodes:
            function_registrar(self, N.text(data, fn), arg_nodes)  # addTool(server, { name, handler }): forwardregistrars.py
        recv = self.ev(recv_node) if recv_node is not None else EMPTY
        pos_args: List[Taint] = []
        star: Taint = EMPTY
        fn_args = []
        for i, a in enumerate(arg_nodes):
            at = a.type
            if at in N.FUNCTIONS or (at in N.WRAPPERS and N.unwrap(a).type in N.FUNCTIONS):
                fn_args.append((i, N.unwrap(a)))
                pos_args.append(EMPTY)
                continue
            if at == "spread_element":
                star = union(star, self.ev(a))
                continue
            pos_args.append(self.argv_arg(a, self.ev(a), arg_nodes[0] if i == 1 else None))  # run("chmod", [...])
        all_args = union(*pos_args, star) if pos_args or star else EMPTY
        if method in M.sink_method_names or fq.replace("()", "") in M.sink_calls:
            self.check_sinks(node, fq, method, recv_node, recv, arg_nodes, pos_args, star, new)
        sql_requests(self, node, fn, fq, method, arg_nodes)  # a statement sent to a SQL endpoint (sqlhttp.py)
        cb_result = self._callbacks(fn_args, method, recv_node, recv) if fn_args else None
        if cb_result is None and not fn_args and arg_nodes and recv_node is not None and \
                method in callbackrefs.ELEMENT_METHODS and self.M.callbacks.get(method or ""):
            by_ref = callbackrefs.callback_ref(self, node, recv, arg_nodes[0], method)
            if by_ref is not None:
                return by_ref  # columns.map(quoteIdent), paths.map(fetchDocText): callbackrefs.py
        if ft == "identifier":
            local = self.local_fns.get(N.text(data, fn))
            if local is not None and not sink_wrapper(self, N.text(data, fn), node, local):  # (checked as its sink: spawnwrappers.py)
                r = self.inline(local, pos_args, arg_nodes=arg_nodes, site=node)
                if r and self._redacts(N.text(data, fn)):
                    r = desecret(r)
                return add_step(r, self.step(node, f"returned by {N.text(data, fn)}()")) if r else r
        secret = secret_result(self, node, method, recv_node, all_args) if method in M.secret_method_receivers else \
            command_secret(self, node, fq, arg_nodes) if fq in M.sink_calls else None
        if secret is None and M.env_files is not None:
            secret = env_file_read(self, node, fq, arg_nodes)  # readFileSync(".env"), dotenv.config(): envfiles.py
        if secret is not None:
            return secret  # stack.outputs(): decrypted secrets (models: secret-call sources)
        masked = masked_value(self, node, method, recv_node) if method == "get" else None
        if masked is not None:
            return union(masked, recv)  # uris.get(alias) of a map the code masks
        shaped = self._shaped(fq, method, recv_node, recv, arg_nodes, all_args)
        if shaped is not None:
            return shaped
        if method in M.surface.schema_parse and recv_node is not None and self.schema_of(recv_node):
            # Schema.parse(args) of another module's schema: the value, its properties the caller's
            return pos_args[0] if pos_args else EMPTY
        if self._masking_slice(method, recv, arg_nodes):
            # (first: a module variable's string sliced by constants is no call into the project)
            return union(desecret(recv), long_cut(self, recv, arg_nodes))  # a long prefix of a whole .env: envfiles.py
        targets = None
        if fq in M.model_calls or method in M.model_methods:
            if fq not in M.model_calls:
                # a method model (map.get) is for library receivers: a project class's method
                # of that name is followed instead
                targets = self.call_targets(fn, fq, method, recv_node, arg_nodes)
            if not targets:
                modelled = self.model_result(node, fq, method, recv_node, recv, arg_nodes, pos_args, all_args, new)
                if modelled is not None:
                    return modelled
        if cb_result is not None:
            return cb_result
        if targets is None:
            targets = self.call_targets(fn, fq, method, recv_node, arg_nodes)
        if targets:
            return self._linked(node, fn, ft, fq, method, recv_node, recv, arg_nodes, pos_args, star, all_args,
                                fn_args, targets)
        return self.external_result(fq, method, recv_node, recv, lookup_args(self, method, recv_node, arg_nodes, pos_args, all_args))

    def _callbacks(self, fn_args, method, recv_node, recv: Taint) -> Optional[Taint]:
        """The functions given to a call, run inline: arr.map(x => ...), promise.then(r => ...),
        new Promise((res, rej) => ...); what the call returns by them (models: callback-methods),
        None when they decide nothing of it."""
        cb_result: Optional[Taint] = None
        how = self.M.callbacks.get(method or "") if recv_node is not None else None
        elems = recv if how else EMPTY
        for i, f in fn_args:
            if how and i == 0:
                self.loop_callback(recv_node, f)  # TOOLS.forEach(t => server.tool(t.name, ...))
                mapfields.note_elements(self, recv_node, f)  # list.map(({ a }) => ...): mapfields.py
            rej = i == self.M.rejection_callbacks.get(method or "") and recv_node is not None  # p.catch(err => ...)
            hookheaders.note_request_hook(self, method, recv_node, f, i)  # hookheaders.py
            hooked = hookerrors.hook_error(self, method, recv_node, f, i)  # api.interceptors.response.use(ok, err => ...)
            r = self.inline(f, [hooked] if hooked is not None else [errorconfigs.rejected(self, recv_node, f)] if rej
                            else [elems] if how else [])
            if how in ("callback", "both"):
                cb_result = union(cb_result or EMPTY, r)
        if how == "both":
            return union(recv, cb_result or EMPTY)  # s.replace(re, m => ...): kept text and what it returns
        if how == "receiver":
            return recv
        return EMPTY if how == "nothing" else cb_result

    def _linked(self, node, fn, ft, fq, method, recv_node, recv, arg_nodes, pos_args, star, all_args,
                fn_args, targets) -> Taint:
        """A call into the project's own functions: one call record per target, whose result the
        linker fills in."""
        fields = self._arg_fields(arg_nodes)
        # functions written inline, or bound to a local name (const run = (args) => ...), that
        # the callee calls through its parameter
        passed = list(fn_args) + [(i, self.local_fns[n]) for i, a in enumerate(arg_nodes)
                                  if a.type == "identifier" and (n := N.text(self.data, a)) in self.local_fns]
        refs = self._function_refs(arg_nodes) + (inline_refs(self, passed, method or fq.rsplit('.', 1)[-1]) if passed else ())
        fallback = self.external_result(fq, method, recv_node, recv, lookup_args(self, method, recv_node, arg_nodes, pos_args, all_args))
        out: Taint = {}
        for target, hint in targets:
            idx = len(self.calls)
            self.calls[idx] = CallRec(target=target, pos=self.mod.src.pos(node), args=pos_args, kwargs=fields,
                                      star=star, dstar=EMPTY, fallback=fallback,
                                      tool_hint=hint or self.tool_hint or loopcases.passed_field(self, arg_nodes),
                                      receiver_calls=tuple(sorted({k[1] for k in recv if k[0] == "c" and (len(k) == 2 or isinstance(k[2], str))})),
                                      fn_refs=refs, given=paramguards.call_given(self, arg_nodes),
                                      consts=wrapper_command(self, arg_nodes, {
                                          i: c for i, a in enumerate(arg_nodes)
                                          if (c := choices.command_text(self, a)) is not None}) or None)
            short = target.rsplit("#", 1)[-1].split(".")[-1]
            out[("c", idx)] = Info((self.step(node, f"returned by {short}()"),))
            out_labels(self, node, idx, arg_nodes, short)  # walk(dir, files): what it pushes into files (outparams.py)
        if any(self._redacts(t.rsplit("#", 1)[-1].split(".")[-1]) for t, _ in targets):
            out = desecret(out)  # the project says its result hides the secret
        elif ft == "identifier":
            out = union(out, unmasked_result(self, node, N.text(self.data, fn)) or {})  # maskedresults.py
        return self.realpath_result(fn, arg_nodes, pos_args, out) if ft == "identifier" else out

    def _redacts(self, name: str) -> bool:
        """The project's function says its result hides the secret it is given (redactDSN(dsn),
        maskToken(t), obfuscateUri(u))."""
        redacts = self.M.redaction_names
        return redacts is not None and redacts.search(name) is not None

    def masks(self, node) -> bool:
        """A string literal the code writes in place of a secret ("****", "[REDACTED]")."""
        text = N.string_value(self.data, node)
        return text is not None and self.M.mask_text is not None and self.M.mask_text.search(text) is not None

    def _shaped(self, fq: str, method, recv_node, recv: Taint, arg_nodes, all_args: Taint) -> Optional[Taint]:
        """A string or path call whose shape decides what its result is: characters stripped or
        quotes doubled (a sanitiser), ``path.dirname`` (an ancestor); None for any other."""
        if (text := textshapes.shaped_text(self, method, recv_node, arg_nodes, recv)) is not None:
            return text  # x.replace(/'/g, "'\\''"), new URLSearchParams(q).toString(): textshapes.py
        if (fq == "String" and len(arg_nodes) == 1) or (method == "toString" and not arg_nodes and recv):
            whole = all_args if fq == "String" else recv  # String(error): its message (errorconfigs.py)
            text = errorconfigs.as_text(self, whole)
            if text != whole:
                return text
        if method in ("replace", "replaceAll") and recv:
            if len(arg_nodes) > 1 and (self.masks(arg_nodes[1]) or slot_masked(self, arg_nodes[0], arg_nodes[1], recv_node)):
                return desecret(recv)  # uri.replace(/:([^:@]+)@/, ":****@"): the password is masked
            fams = replaced_families(self.data, recv_node, arg_nodes, method)
            if fams:
                return mark(recv, clean=fams, checked=True)
        if method == "join" and recv and (joined := list_joined(self.data, recv_node, arg_nodes, recv, all_args)) is not None:
            return joined  # x.split('"').join('""'); names joined with a separator: a path again (onename.py)
        encoded = self.M.encoded.get(method or "") if recv and arg_nodes else None
        if encoded:
            # buf.toString("base64"): the encoding's alphabet, whatever the bytes (models: sanitizers)
            fams = encoded.get(N.string_value(self.data, arg_nodes[0]) or "")
            if fams:
                return mark(recv, clean=fams, checked=True)
        return self.dirname_result(fq.replace("()", ""), all_args)

    def _arg_fields(self, arg_nodes) -> Dict[str, Taint]:
        """``#i.name`` -> taint, for every property of an object passed at position i (a
        literal, or a variable whose properties were set here)."""
        data = self.data
        fields: Dict[str, Taint] = {}
        i = 0
        for a in arg_nodes:
            if a.type == "spread_element":
                continue
            au = N.unwrap(a)
            if au is not None and au.type == "object":
                for key, vnode in N.object_props(data, au).items():
                    if vnode.type != "method_definition":
                        # a list handed over as a property ({ command: "show", args }): where
                        # its values were placed is known here, as for a list argument
                        fields[f"#{i}.{key}"] = self.argv_arg(vnode, self.ev_quiet(vnode))
                if not any(c.type in ("spread_element", "computed_property_name") or
                           (c.type == "pair" and c.child_by_field_id(self.F.key) is not None and
                            c.child_by_field_id(self.F.key).type == "computed_property_name")
                           for c in au.named_children):
                    fields[f"#{i}.*"] = EMPTY  # every property is listed: the others are absent
                else:
                    self._spread_fields(fields, i, [self.ev_quiet(c) for c in au.named_children if c.type == "spread_element"])
            elif au is not None and au.type == "identifier":
                name = N.text(data, au)
                n = len(name) + 1
                for k in self.fields.get(name, ()):
                    if "." not in k[n:] and k in self.env:
                        fields[f"#{i}.{k[n:]}"] = self.env[k]
                spreads = [k for k in self.fields.get(name, ()) if k[n:].startswith("...")]
                if name in self.literal_objects and not spreads:
                    fields[f"#{i}.*"] = EMPTY  # an object literal known whole: the others are absent
                elif name in self.literal_objects:
                    self._spread_fields(fields, i, [self.env.get(k, EMPTY) for k in spreads])
                whole = self.env.get(name)
                if whole and list(whole) == [("p", name)]:
                    # our own parameter handed on whole: what the caller bound to its properties
                    # (a schema's proof, an object literal's constants) binds to the callee's
                    fields[f"#{i}.{FORWARD}"] = {(FORWARD, name): Info(())}
                elif whole and all(lb[0] == "c" and len(lb) == 2 for lb in whole):
                    # m = createManifest(req) handed on: each property of the literal it returns
                    fields[f"#{i}.{FORWARD}"] = {("c", lb[1], RESULT_FIELDS): Info(()) for lb in whole}
            if au is not None and au.type in ("identifier", "member_expression"):
                self._parsed_fields(au, i, fields)
            i += 1
        return fields

    @staticmethod
    def _spread_fields(fields: Dict[str, Taint], i: int, spreads: List[Taint]) -> None:
        """An object literal with spreads (``{ ...args, flag: true }``) handed over: a property
        it does not list is the spreads' property of that name (``#i....``), not any listed one."""
        if spreads:
            fields[f"#{i}.{SPREADS}"] = union(*spreads)

    def _parsed_fields(self, node, i: int, fields: Dict[str, Taint]) -> None:
        """A value a schema of this module parsed (``Schema.parse(x)``, ``.safeParse(x).data``)
        passed whole: each property the schema declares, as the schema proves it."""
        src = N.var_of(self.data, node)
        if src is None:
            return
        sk = self.schema_vars.get(src) or (self.schema_vars.get(src[:-5]) if src.endswith(".data") else None)
        if sk and sk.startswith("r:") and self.env.get(src):
            # a schema of another module: its fields are bound when modules are linked
            fields.setdefault(f"#{i}.{PARSED}", {(PARSED, self.mod.path, sk[2:]): Info(())})
            return
        if not sk or sk not in self.mod.schemas:
            return
        v = self.ev_quiet(node)
        if not v:
            return
        for key, _desc, _fams in self.mod.schemas[sk]:
            fields.setdefault(f"#{i}.{key}", self.read_field(v, src, key, node))

    def _local_callee(self, fn):
        if fn is None or fn.type != "identifier":
            return None
        return self.local_fns.get(N.text(self.data, fn))

    def model_result(self, node, fq, method, recv_node, recv, arg_nodes, pos_args, all_args, new) -> Optional[Taint]:
        """What a call returns when a model decides it (sanitizers, decoders, resolvers,
        secret sources, parsers); None when left to project code or the pass-through."""
        M = self.M
        if fq in M.drops:
            return EMPTY
        if fq in M.undoes:
            # DECODED: a resource-template value may hold "/" again (placement.py)
            v = mark(unclean(union(recv, all_args), all_families() | {ALL}), clean=DECODED_MARK)
            return add_step(v, self.step(node, f"decoded by {fq}() after any check"))
        if fq in M.clears:
            return mark(all_args, clean=M.clears[fq], checked=True)
        if fq in M.sql_formatters or method in M.receiver_clears:  # format("%I", t), conn.escapeId(t): sqlformat.py
            done = formatted(self, fq, arg_nodes, pos_args) if fq in M.sql_formatters else \
                receiver_clear(self, method, recv_node, all_args)
            if done is not None:
                return done
        # join(root, name): workspace.py; not join(os.homedir(), p.slice(1)), the caller's "~/..."
        # written out (tildes.py)
        joined = joined_name(self, arg_nodes, join_result(self, fq, arg_nodes, pos_args)) if not tilde_expansion(self, arg_nodes) else None
        if joined is not None:
            all_args = joined
        if fq in M.resolver_calls:
            # path.resolve(), realpath(): absolute, so never read as an option in an argv
            v = mark(all_args, resolved=True, clean=frozenset({"argument"}) if fq in M.absolute_resolvers else frozenset())
            if fq in M.real_resolvers:
                v = mark(v, clean=frozenset({"~real"}))
            return v
        if method and method in M.resolver_methods:
            return mark(union(recv, all_args), resolved=True)
        if fq in M.same_function_calls:
            return all_args
        if fq in M.url_parsers and len(pos_args) >= 2 and pos_args[0]:
            # new URL(rel, BASE): the code pins a base, and a rel that is an absolute URL (or
            # starts with //) replaces its host
            base = self.const_prefix(arg_nodes[1])
            pos_args = [mark(pos_args[0], rooted=True), *pos_args[1:]]
            if base and self.fixed_host(base if base.endswith("/") else base + "/"):
                rel = self.const_prefix(arg_nodes[0])
                if rel and not rel.startswith(("/", "\\")) and "://" not in rel:
                    return mark(pos_args[0], clean=frozenset({"ssrf"}), checked=True)
                return mark(pos_args[0], checked=True)
        if method in M.surface.schema_parse and recv_node is not None and self.schema_of(recv_node):
            return pos_args[0] if pos_args else EMPTY
        if method in M.container_mutators and recv_node is not None:
            var = N.var_of(self.data, recv_node)
            if method == "set" and len(pos_args) == 2 and keyed_map(self, recv_node):
                all_args = pos_args[1]  # m.set(key, value): the value is what the Map holds (keyedmaps.py)
            if var and all_args:
                if method == "push" and len(pos_args) == len(arg_nodes):  # ["-i", keyPath]: a path (keyfiles.py)
                    all_args = union(*(pos_args := key_file_values(self, arg_nodes, pos_args)))
                added = add_step(all_args, self.step(node, f"stored in '{var}'")) if var.startswith("this.") else \
                    add_step(all_args, self.step(node, f"added to '{var}'")) if method in ("push", "unshift") else all_args
                if (self.type_of(recv_node) or "") in M.encoding_containers:
                    added = mark(added, clean=frozenset({"shell", "ssrf"}))  # params.set(k, v): percent-encoded
                self.env[var] = union(self.env.get(var, EMPTY), added)
                note_write(self, var, added)  # files.push(p) of a parameter: the caller's list (outparams.py)
            if var and var in self.lists and method == "push":
                # (constants too: a '--' or an option pushed alone places what is pushed after it)
                pushed = self.step(node, f"added to '{var}'")  # (the step the flow shows)
                given = _option_pair(self, arg_nodes, [add_step(t, pushed) for t in _pushed(self, arg_nodes, pos_args)])
                self.lists[var] = self.lists[var] + [(a, given[i], N.string_value(self.data, a),
                                                      a.type == "spread_element") for i, a in enumerate(arg_nodes)]
            return EMPTY if method != "splice" else recv
        if method in M.untainted_result_methods or self._computed_there(method, recv_node, arg_nodes):
            return EMPTY
        if self._masking_slice(method, recv, arg_nodes):
            return union(desecret(recv), long_cut(self, recv, arg_nodes))  # envfiles.py
        if method in M.receiver_only_methods and recv_node is not None:
            return recv
        if fq and (fq.endswith(".hostname") or fq.endswith(".host")):
            return None
        return None

    def _computed_there(self, method, recv_node, arg_nodes) -> bool:
        """``page.$eval(selector, el => el.href)``: what the server's own function computes in
        the page is the page's data, whoever chose the selector (a string there is the
        caller's script: its result stays the caller's); a row without a function argument:
        any call's result on such a receiver (GramJS ``client.invoke(request)``: Telegram's
        response)."""
        on = self.M.untainted_result_on.get(method or "")
        if on is None or recv_node is None or on[1] >= len(arg_nodes):
            return False
        return (on[1] < 0 or N.is_function(N.unwrap(arg_nodes[on[1]]))) and \
            any(self.receiver_is(self.M.receivers[r], recv_node) for r in on[0])

    def _masking_slice(self, method, recv, arg_nodes) -> bool:
        """key.slice(-4), token.substring(0, 8): a few characters of a secret, cut by constant
        bounds, are not the secret (masking)."""
        return method in ("slice", "substring", "substr") and bool(recv) and bool(arg_nodes) and \
            all(self._is_number(a) for a in arg_nodes)

    def _is_number(self, node) -> bool:
        u = N.unwrap(node)
        if u is not None and u.type == "unary_expression":
            u = N.unwrap(u.child_by_field_id(self.F.argument))
        return u is not None and u.type == "number"

    def external_result(self, fq, method, recv_node, recv, all_args) -> Taint:
        """What a call outside the project returns: caller input flows through, secrets only
        through transparent calls (string methods, JSON.stringify)."""
        M = self.M
        on_value = not (recv_node is not None and recv_node.type == "identifier" and
                        N.text(self.data, recv_node) in self.mod.imports)
        if fq in M.key_calls or (on_value and method in M.key_methods):
            return mark(desecret(union(recv, all_args)), clean=frozenset({KEY_NAME}))  # Object.keys(configs): names (zodkeys.py)
        if method == "get" and recv_node is not None and keyed_map(self, recv_node):
            all_args = EMPTY  # m.get(key): a value stored in the Map, never the key (keyedmaps.py)
        str_method = method is not None and method in M.keeps_everything_methods and on_value
        if fq in M.keeps_secrets or str_method:
            v = zodkeys.new_keys(fq, union(recv, all_args))  # JSON.parse(update.meta): the caller's keys
            if v and method in M.builder_methods and all_args:
                v = mark(v, built=True)
            if v and (fq in M.entry_calls or (on_value and method in M.entry_methods)):
                v = mark(v, clean=frozenset({ENTRY_PAIRS}))
            return v
        if method and recv_node is not None and service_client(self, fq, recv_node):
            # an SDK client's answer (AWS send(command), azure-devops getArtifacts(project, id)):
            # the service's record; the caller's id chose which record, not the text it holds
            return EMPTY
        if method and api_client(self, recv_node):
            # a generated client's answer (filesApi.startFileUpload(...)): the same, unless the
            # client itself was built from the caller's value (a host they chose answers)
            return desecret(recv)
        if query_rows(self, method, recv_node, recv):
            return EMPTY  # database.run(sql): the rows the database holds (queryrows.py)
        # a request with an Authorization header returns a response, not the token: whatever
        # the arguments turn out to carry when linked, no secret comes back out
        out = zodkeys.new_keys(fq, desecret(union(recv, all_args)))  # Object.fromEntries(pairs)
        if method in ("match", "matchAll") and on_value:
            out = union(out, whole_part(recv))  # a group of a whole .env text (envfiles.py)
        sm = M.sink_calls.get(fq.replace("()", "")) if out else None
        if out and sm is None and method and recv_node is not None:
            # client.post(path, body) of an axios.create() client: its response too
            sm = next((m for m in M.method_sinks(method) if m.family == "ssrf" and m.kind == "url"
                       and self.receiver_matches(m, recv_node, recv)), None)
        # fetch(url)'s response, readFile(p)'s text, exec(cmd)'s output: what the server, the file,
        # the program answered (sinkresults.py)
        return sink_result(sm, fq, out)


def _assigned(call) -> bool:
    """``const r = check(x)`` / ``r = await check(x)``: the call's result kept to be tested."""
    p = call.parent
    while p is not None and p.type in ("await_expression", "parenthesized_expression"):
        p = p.parent
    return p is not None and p.type in ("variable_declarator", "assignment_expression")


def _pushed(fa, arg_nodes, pos_args: list) -> list:
    """The taint of each argument of ``xs.push(a, ...b)``, in order: a spread's is its list's
    (``args.push("--", ...paths)``; spreads are no positional arguments of the call)."""
    rest = iter(pos_args)
    return [fa.ev_quiet(a) if a.type == "spread_element" else next(rest, EMPTY) for a in arg_nodes]


def _option_pair(fa, arg_nodes, given: list) -> list:
    """``args.push('-C', String(n))``, ``args.push('-e', pattern, root)``: in one push, a value
    right after a constant option is that option's value (the code pairs them), so it cannot be
    read as an option of its own: clean for argument injection. A usual switch (``--json``) before
    it, an ``--opt=`` form or ``--`` leaves it as it is; so does a push of one element."""
    if len(arg_nodes) < 2 or len(given) != len(arg_nodes):
        return given
    from ...catalog import catalog  # the usual switches (--force, --json) are language-independent

    flags = catalog().python.flag_options | getattr(fa.M, "flag_options", frozenset())
    out = list(given)
    for i in range(1, len(arg_nodes)):
        if not out[i] or arg_nodes[i].type == "spread_element" or N.string_value(fa.data, arg_nodes[i]) is not None:
            continue
        opt = N.string_value(fa.data, arg_nodes[i - 1])
        if opt and opt.startswith("-") and opt != "--" and "=" not in opt and opt not in flags and (
                not opt.startswith("--") or long_value_option(opt)):
            out[i] = mark(out[i], clean=frozenset({"argument"}))
    return out
