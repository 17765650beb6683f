"""Expressions of the TypeScript/JavaScript function interpreter: the taint of each expression
kind (names, members, templates, operators, literals, functions). Mixed into
:class:`~mcpaudit.analysis.ts.interp.TsFunction`; calls are in :mod:`.calls`."""

from __future__ import annotations

import re
from typing import Optional

from ..taintvalue import EMPTY, ENTRY_PAIRS, FIELD_NOT_SECRET, KEY_NAME, Info, Taint, add_step, desecret, mark, union
from ..wholeenv import whole_env
from .fieldkeys import field_key_local, public_return_local
from .freshkeys import fresh_mark
from .ownrecords import own_secret, record_field
from . import errorbodies, errorconfigs, modeparams, retfields
from .statusrecords import status_record
from .objectsinks import object_sinks
from .cliententries import client_entry
from . import nodes as N
from .calls import Calls
from .checks import PUBLIC_MARK, PUBLISHABLE
from .shellwords import quiet_template
from .slashpaths import after_base, led, slash_text
from .schemarefs import field_mark
from .nontext import non_text
from .loaders import loaded_module
from .envpick import caller_named_env
from .connurls import connection_url_read
from .secretcalls import secret_values
from .carriers import REQUEST_NAME
from .objects import is_this
from .reqpaths import concat_text, path_marks
from ..credparams import AS_GIVEN
from .tokenparams import bare_token, credential_token, given_cursor
from .splitpieces import indexed
from ..urlpath import HOLE
from .pathparams import path_params
from .assetnames import asset_record, const_tables
from .keyfiles import key_file_values
from .plainlocals import plain_local
from .captures import capture_marks, global_match_marks
from ..spreadover import overridden
from .normalisers import normaliser_call
from .templates import Templates

_ENVELOPE = ("params", "arguments")
#: string methods that keep a host name the same host (case, surrounding blanks)
_CASE_METHODS = frozenset({"toLowerCase", "toLocaleLowerCase", "trim", "normalize"})
_UPPER = frozenset({"toUpperCase", "toLocaleUpperCase", "trimStart", "trimEnd"})
_HOST_NAME = re.compile(r"(?i)^(host|hostname|origin)$")
_CONTEXT_NAMES = ("extra", "ctx", "context", "_extra", "requestExtra", "handlerExtra")


class Expressions(Templates):
    """Evaluates expressions to their taint."""

    # -- expressions ----------------------------------------------------------------------
    def ev_quiet(self, node) -> Taint:
        """The taint of an expression already evaluated (no sinks or calls recorded again)."""
        node = N.unwrap(node)
        if node is None:
            return EMPTY
        t = node.type
        if t == "identifier":
            return self._name(N.text(self.data, node), node)
        if t in ("member_expression", "subscript_expression"):
            d = N.var_of(self.data, node)
            if d is not None and d in self.env:
                return self.env[d]
            obj = node.child_by_field_id(self.F.object)
            if obj is None:
                return EMPTY
            if t == "member_expression" and is_this(obj) and d is not None:
                return self.field_read(d[5:], node)
            base = self.ev_quiet(obj)
            parts = N.member_parts(self.data, node)
            if not base and parts and len(parts) >= 2 and ".".join(parts[:-1]) in self.M.secret_env_objects:
                return self._ev_member(node)  # process.env.API_TOKEN in an object passed on: the secret
            if not base or not parts:
                return base
            return self.read_field(base, N.var_of(self.data, obj), parts[-1], node)
        if t == "template_string":
            if node.id in self.call_taints and node.parent is not None and node.parent.type == "pair":
                return self.call_taints[node.id]  # an option's value evaluated already, with its marks ({ url: ... })
            v = union(*quiet_template(self, node))  # each placed among the words (shellwords.py)
            return mark(v, built=True) if v else v
        if t == "binary_expression":
            v = union(self.ev_quiet(node.child_by_field_id(self.F.left)), self.ev_quiet(node.child_by_field_id(self.F.right)))
            return v
        if t == "ternary_expression":
            return union(self.ev_quiet(node.child_by_field_id(self.F.consequence)),
                         self.ev_quiet(node.child_by_field_id(self.F.alternative)))
        if t in ("array", "object"):
            v = union(*[self.ev_quiet(c) for c in node.named_children])
            return path_params(self, node, v) if t == "object" else v
        if t == "pair":
            return self.ev_quiet(node.child_by_field_id(self.F.value))
        if t == "shorthand_property_identifier":
            return self._name(N.text(self.data, node), node)
        if t in ("spread_element", "await_expression"):
            inner = node.named_children
            return self.ev_quiet(inner[0]) if inner else EMPTY
        if t == "call_expression":
            if node.id in self.call_taints:  # a call evaluated already (path.resolve(x) in { path: ... })
                return self.call_taints[node.id]
            fn = node.child_by_field_id(self.F.function)
            if fn is not None and fn.type == "member_expression":
                return self.ev_quiet(fn.child_by_field_id(self.F.object))
            return EMPTY
        return EMPTY

    def _name(self, name: str, node) -> Taint:
        v = self.env.get(name)
        if v is None:
            v = self.global_read(name, node)
        if self.M.is_secret_name(name) and name not in self.local_fns and name not in self.mod.functions and \
                self._runtime_value(name) and not non_text(self.mod, name) and not own_secret(self, name) and \
                not errorbodies.is_error_body(self, name) and \
                not field_key_local(self, name) and not public_return_local(self, name) and \
                not (bare_token(name) and given_cursor(self, v)):  # const { token } = args (tokenparams.py)
            # a number, an error body, the caller's own record, a field's key, a public token: no secret
            # secretEntries = Object.entries(secrets): [name, value] pairs, their keys no secret
            pairs = frozenset({ENTRY_PAIRS}) if v and all(ENTRY_PAIRS in i.clean for i in v.values()) else frozenset()
            # if (token.startsWith("pk.")) return token: a publishable key there (checks.py _prefix)
            public = PUBLISHABLE if v and all(PUBLIC_MARK in i.clean for i in v.values()) else frozenset()
            v = union(v, {("s", name): Info((self.step(node, f"secret '{name}' read"),),
                                            clean=pairs | public | fresh_mark(self, name))})
        elif name not in self.param_names:
            v = union(v, connection_url_read(self, name, node) or EMPTY)  # createClient({url: name})
        return v

    def ev(self, node) -> Taint:
        if node is None:
            return EMPTY
        t = node.type
        h = _EV.get(t)
        if h is not None:
            return h(self, node)
        if t in N.WRAPPERS:
            inner = N.unwrap(node)
            return self.ev(inner) if inner is not None and inner is not node else EMPTY
        return EMPTY

    def _ev_identifier(self, node) -> Taint:
        return self._name(N.text(self.data, node), node)

    def _ev_member(self, node) -> Taint:
        data = self.data
        obj = node.child_by_field_id(self.F.object)
        if node.type == "member_expression":
            prop = node.child_by_field_id(self.F.property)
            key = N.text(data, prop) if prop is not None else None
        else:
            idx = node.child_by_field_id(self.F.index)
            key = N.string_value(data, idx) if idx is not None else None
            if key is None and idx is not None:
                picked = caller_named_env(self, obj, self.ev(idx), node)  # process.env[name]: envpick.py
                if picked:
                    return picked
        parts = N.member_parts(data, node)
        d = ".".join(parts) if parts else None
        if d is not None and d in self.env:
            v = self.env[d]
            if key and self.M.is_secret_path(d) and not self._id_field(parts) and not status_record(self, parts):
                v = union(v, {("s", d): Info((self.step(node, f"secret '{d}' read"),), clean=self._given(parts))})
            return v
        whole = whole_env(self, node, d) if d is not None and node.type == "member_expression" else None
        if whole is not None:
            return whole  # console.debug(JSON.stringify(process.env)): every variable (wholeenv.py)
        if parts is not None and len(parts) >= 2:
            # process.env.API_TOKEN and friends
            base_d = ".".join(parts[:-1])
            if base_d in self.M.secret_env_objects:
                if key and self.M.is_secret_env(key):
                    return {("s", f"{base_d}.{key}"): Info((self.step(node, f"secret {base_d}.{key} read"),))}
                return EMPTY
            if parts[0] == self.context_param or parts[0] in _CONTEXT_NAMES:
                ctx = self.context_read(node)
                if ctx is not None:
                    return ctx
        base = self.ev(obj) if obj is not None else EMPTY
        if key is None and base and node.type == "subscript_expression" and (sm := indexed(self, obj, idx)):
            return mark(base, clean=sm)  # kind.split(".")[1]: no '..'; x.split("/")[0]: one component (splitpieces.py)
        if key is None and base and node.type == "subscript_expression" and (cm := capture_marks(self, obj, idx)):
            return mark(base, clean=cm)  # url.match(/\/([^/\\?]+)/)[1]: one segment (captures.py)
        if key is None:
            return base
        src = ".".join(parts[:-1]) if parts is not None else None
        if node.type == "member_expression" and is_this(obj):
            out = self.field_read(key, node)  # this.attr: what the object holds (ObjectState)
        else:
            out = self.read_field(base, src, key, node) if base or src is not None else EMPTY
            out = errorconfigs.own_field(self, out, key)  # err.message: not the request it carries
            if node.type == "member_expression" and d is not None and d.count(".") == 1:
                out = union(out, self.typed_field_read(obj, key, node))  # server.activeProject
        if d is not None and node.type == "member_expression":
            out = union(out, connection_url_read(self, d, node) or EMPTY)  # new Pool({connectionString: cfg.url})
        rec = record_field(self, parts, key)  # secret.secretKey of a record a tool wrote: ownrecords.py
        out = desecret(out) if rec == "id" else out
        if key and rec is None and self.M.is_secret_name(key) and self.M.is_secret_path(d or key) and \
                (obj is None or obj.type != "call_expression") and self._runtime_value(d or key, parts) and \
                not (bare_token(key) and parts and len(parts) == 2 and parts[0] in self.param_names
                     and not credential_token(self, parts[0])):  # args.token: a cursor unless said (tokenparams.py)
            what = d or key
            out = union(out, {("s", what): Info((self.step(node, f"secret '{what}' read"),), clean=self._given(parts))})
        return out

    def _given(self, parts) -> frozenset:
        """A credential-named field of a parameter (``options.token``) holds what the caller
        passed: the caller's own key unless the caller passes the server's (sentcreds.py)."""
        return AS_GIVEN if parts and parts[0] in self.param_names else frozenset()

    def _runtime_value(self, name: str, parts=None) -> bool:
        """A secret-named value that can hold a secret at run time: not a constant written in
        the code (API_KEY_PREFIX = "sk-"), not a member of a class, an enum or a table of ids
        (LogId.checkCredentials), and not a parameter (a parameter carries whatever its caller
        passes, secrets included: maskSecret(secret) is given data, not a credential)."""
        head = parts[0] if parts else name
        if head in self.param_names and not (parts and len(parts) >= 2):
            return False
        if name in self.consts or (name not in self.locals and (name in self.mod.consts or name in const_tables(self.mod))):
            return False  # API_KEY_PREFIX = "sk-", TOKEN_SORT = { volume: "volume_usd" }: written in the code
        if parts is None and asset_record(self, name):
            return False  # processedToken.tokenBalance: a crypto asset (assetnames.py)
        if parts is None and plain_local(self, name):
            return False  # addedCookies.push(cookie.name): names and flags only (plainlocals.py)
        if self._id_field(parts):
            return False  # this.token = Math.random()...: an id the class made, not a credential
        if status_record(self, parts):
            return False  # report.token typed TokenStatus: a record about the token (statusrecords.py)
        if parts and len(parts) >= 2:
            head = parts[0]
            if head in self.mod.enums or head in self.mod.class_names:
                return False
            if head[:1].isupper() and not head.isupper() and head not in self.locals:
                return False  # PascalCase: a class, an enum or a namespace of constants
        return True

    def _id_field(self, parts) -> bool:
        """``this.<field>`` of a field the class only sets to a fresh id (idfields.py)."""
        return bool(parts) and len(parts) == 2 and parts[0] == "this" and (self.cls, parts[1]) in self.mod.id_fields

    def read_field(self, v: Taint, src: Optional[str], key: str, at) -> Taint:
        """Property ``key`` of a value: the property's own taint when it was set (an object
        literal, an assignment), else the whole value's; a parameter's property is a field
        label the linker binds to what the caller passed for it."""
        if src is not None:
            d = f"{src}.{key}"
            if d in self.env:
                return self.env[d]
        if key == "length" and v and not self.M.is_secret_name(src or ""):
            return EMPTY  # a string's or an array's length is a number: `$${params.length + 1}`
        if (key in _ENVELOPE and not (key == "arguments" and src in self.schema_vars)) or \
                (key == "data" and src is not None and src in self.schema_vars):
            # request.params.arguments, Schema.safeParse(x).data: an envelope, not a property
            # (a schema's parsed value is the arguments already: its .arguments is a property)
            return v
        out: Taint = {}
        for label, info in v.items():
            if label[0] == "p" and len(label) == 2:
                out[("pf", label[1], key)] = info.replace(key=info.key or key)
            else:  # r.key of a call's result r: that property of what it returns (retfields.py)
                out[retfields.field_label(label, key)] = info if info.key else info.replace(key=key)
        if not self.M.is_secret_name(key):
            # config.port of a config that holds a token is not the token, whatever the config
            # turns out to be when linked (a mapping of secrets keeps them: secretcalls.py)
            fields = {lb: i.replace(clean=i.clean | {FIELD_NOT_SECRET}) for lb, i in out.items()
                      if lb[0] == "pf" and lb[2] == key and ("p", lb[1]) in v}  # bound when linked
            out = union(desecret({lb: i for lb, i in out.items() if lb not in fields}), secret_values(out, key), fields)
        sk = self.schema_vars.get(src) if src is not None else None
        if sk is None and src is not None and src.endswith(".data"):
            sk = self.schema_vars.get(src[:-5])  # const { a } = Schema.safeParse(x).data
        if sk and out:
            fams = self.schema_proof(sk, key)
            if fams:
                out = mark(out, clean=fams)
        return out

    def schema_proof(self, sk: str, key: str) -> frozenset:
        """What the schema ``sk`` proves of its field ``key``; for a schema of another module, a
        mark the linker replaces with that (schemarefs.py)."""
        if sk.startswith("r:"):
            return frozenset({field_mark(self.mod.path, sk[2:], key)})
        return self.mod.schema_field(sk, key)

    def _parsed_schema(self, node) -> Optional[str]:
        """``Schema.parse(x)`` (awaited or not): the schema's key."""
        u = N.awaited_call(node)
        if u is None:
            return None
        fn = u.child_by_field_id(self.F.function)
        helper = self.helper_schema(fn, u)
        if helper:
            return helper
        if fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_id(self.F.property)
        if prop is None or N.text(self.data, prop) not in self.M.surface.schema_parse:
            return None
        return self.schema_of(fn.child_by_field_id(self.F.object))

    def helper_schema(self, fn, call) -> Optional[str]:
        """``validateArgs(args, Schema)`` / ``this.parseInput(Schema, x)``: a project helper the
        models name (``parse-helpers``) handed a value and exactly one schema reads as that
        schema's ``parse`` of the value (ts56a: a base class's ``validateArgs`` calls
        ``schema.parse(args)`` with the schema its subclass passes); the schema's key."""
        if fn is None or fn.type not in ("identifier", "member_expression"):
            return None
        short = N.text(self.data, fn).rsplit(".", 1)[-1]
        args = N.args_of(call)
        if len(args) != 2 or not self.M.surface.schema_parse_helpers.match(short):
            return None
        keys = [self.schema_of(a) for a in args]
        found = [k for k in keys if k]
        return found[0] if len(found) == 1 else None

    def schema_of(self, node) -> Optional[str]:
        """The schema a value is (a module-level zod schema, ``z.object({...})``, an imported
        one as a reference), for ``Schema.parse(x)``."""
        u = N.unwrap(node)
        if u is None:
            return None
        if u.type == "identifier":
            name = N.text(self.data, u)
            if name in self.mod.schema_names:
                return self.mod.schema_names[name]
            d = self.dotted(u)
            if d and "#" in d and d[0] != "#":
                return "r:" + d
            return None
        if u.type == "call_expression" and self._zod_call(u):
            key = f"@{u.start_byte}"
            if key not in self.mod.schemas:
                self.mod.schemas[key] = self.schema_params(u)
            return key
        if u.type == "member_expression":
            d = self.dotted(u)
            if d and ("#" in d or d.split(".")[0] in self.mod.local_names):
                return "r:" + d
        return None

    def _track_call(self, name: str, node) -> None:
        """What ``name = <call>`` makes ``name``: a URL parsed from a variable, a resolved path,
        a relative path, a function alias, a validated value."""
        M = self.M
        if node.type == "call_expression" and self.mod.require_of(node) is not None:
            self.fn_alias[name] = self.mod.require_of(node)
            self.__dict__.setdefault("required_names", set()).add(name)  # (requiredmembers.py)
            return
        loaded = loaded_module(self, node) if node.type == "call_expression" else None
        if loaded:
            self.fn_alias[name] = loaded  # m = await loadModule("mail"): that module (loaders.py)
            return
        fn = node.child_by_field_id(self.F.function) if node.type == "call_expression" else node.child_by_field_id(self.F.constructor)
        if fn is None:
            return
        fq = (self.dotted(fn) or "").replace("()", "")
        args = N.args_of(node)
        if fq in M.same_function_calls and args:
            target = self.dotted(args[0])
            if target:
                self.fn_alias[name] = target
            return
        if args and fq not in M.sink_calls and fq not in M.model_calls:
            # wrapped = withLogging(handleToolCall): calling `wrapped` calls the project function
            for a in args:
                au = N.unwrap(a)
                if au is not None and au.type in ("identifier", "member_expression"):
                    d = self.dotted(au)
                    if d and ("#" in d or d.split(".")[0] in self.mod.local_names) and \
                            d.split(".")[0] not in self.locals:
                        self.fn_alias[name] = d
                        break
        if fq in M.url_parsers and args:
            src = N.var_of(self.data, args[0])
            if src:
                self.derived[name] = src
                owner, _, attr = src.rpartition(".")
                if attr in ("url", "originalUrl") and REQUEST_NAME.match(owner.rsplit(".", 1)[-1]):
                    self.request_urls.add(name)
            if node.type == "new_expression":  # u = new URL(x): past it x parsed, u's text starts with a scheme
                self.parsed_url_object(name, node)
            return
        if len(args) == 1 and normaliser_call(self, fn):  # normalizePath(real): a check on it is one on real
            src = N.var_of(self.data, args[0])
            if src and self.env.get(src) and all(i.resolved for i in self.env[src].values()):
                self.derived[name] = src  # (and the value is src's, renamed: a realpath stays one)
                self.env[name] = add_step(self.env[src], self.step(node, f"normalised by {N.text(self.data, fn)}() into '{name}'"))
        if fq.endswith("path.relative") or fq == "path.relative":
            if len(args) >= 2:
                src = N.var_of(self.data, args[1])
                if src:
                    self.relchecks[name] = src
            return
        meth = None
        if fn.type == "member_expression":
            prop = fn.child_by_field_id(self.F.property)
            meth = N.text(self.data, prop) if prop is not None else None
            src = N.var_of(self.data, fn.child_by_field_id(self.F.object)) if meth in _CASE_METHODS else None
            base = _case_base(self.data, fn) if meth in _CASE_METHODS or meth in _UPPER else None
            if base:
                self.case_copies[name] = base  # a read-only keyword test on the copy is one on the text
            if src and _HOST_NAME.search(src.rsplit(".", 1)[-1]):
                # host = hostname.toLowerCase(): a check on host restricts hostname
                self.derived[name] = src
                self.host_vars.add(name)
        short = fq.rsplit(".", 1)[-1] if fq else meth
        if (short in M.path_derivations or meth in M.path_derivations) and (fq in M.resolver_calls or meth in M.resolver_methods
                                                                          or fq.startswith(("path.", "fs."))):
            src = self.derivation_source(args[-1]) if args else None  # realpath(resolve(p)): p (symlinks.py)
            if src:
                self.derived[name] = src
        if meth in M.surface.schema_parse and fn.type == "member_expression":
            sk = self.schema_of(fn.child_by_field_id(self.F.object))
            if sk or meth == "safeParse":  # "": another library's schema (CallToolRequestSchema), .data its envelope
                self.schema_vars[name] = sk or ""
        elif node.type == "call_expression" and self.helper_schema(fn, node):
            self.schema_vars[name] = self.helper_schema(fn, node)  # validateArgs(args, Schema)

    def _track_host(self, name: str, node) -> None:
        """``host = new URL(x).hostname`` / ``host = u.hostname``: a check on ``host``
        restricts the URL it came from."""
        if node.type != "member_expression":
            return
        prop = node.child_by_field_id(self.F.property)
        if prop is None or N.text(self.data, prop) not in ("hostname", "host", "origin"):
            return
        base = N.unwrap(node.child_by_field_id(self.F.object))
        src = None
        if base is not None and base.type == "new_expression":
            ctor = base.child_by_field_id(self.F.constructor)
            if (self.dotted(ctor) or "") in self.M.url_parsers:
                args = N.args_of(base)
                src = N.var_of(self.data, args[0]) if args else None
        elif base is not None and base.type == "identifier":
            b = N.text(self.data, base)
            src = self.derived.get(b) or b
        if src:
            self.derived[name] = src
            self.host_vars.add(name)

    def _ev_new(self, node) -> Taint:
        modeparams.constructor_options(self, node, N.args_of(node))  # new Database(f, { readonly: v })
        return self.ev_new(node)

    def _ev_binary(self, node) -> Taint:
        op = node.child_by_field_id(self.F.operator)
        opt = op.type if op is not None else ""
        left, right = node.child_by_field_id(self.F.left), node.child_by_field_id(self.F.right)
        lv, rv = self.ev(left), self.ev(right)
        if opt == "&&":  # readonly && { options: '-c default_transaction_read_only=on' }
            modeparams.conditional(self, node, N.unwrap(left), right, lv)
        if opt in ("==", "===", "!=", "!==", "<", ">", "<=", ">=", "instanceof", "in", "-", "*", "/", "%",
                   "**", "&", "|", "^", "<<", ">>", ">>>"):
            return EMPTY
        if rv and opt == "+":
            rv = mark(rv, rooted=True)  # root + name, "prefix " + value
            if any(ch in self.const_suffix(left) for ch in "?#"):
                # url + "?" + new URLSearchParams(q): a query or fragment cannot change the host
                rv = mark(rv, clean=frozenset({"ssrf"}))
            elif path_marks(concat_text(self, left)):
                rv = mark(rv, clean=path_marks(concat_text(self, left)))  # base + "/items/" + v
        if rv and opt == "+" and self.const_of(left) != "":
            rv = after_base(rv, self.const_suffix(left) or HOLE)  # base + slashLedPath
        v = union(lv, rv)
        if v and opt == "+":
            v = self._built(v, self.const_prefix(node), node)
            v = led(v) if slash_text(concat_text(self, node)) else v  # "/" + p
        return v

    def _ev_unary(self, node) -> Taint:
        arg = node.child_by_field_id(self.F.argument)
        v = self.ev(arg)
        op = node.child_by_field_id(self.F.operator)
        if op is not None and op.type in ("!", "typeof", "-", "+", "~", "void", "delete"):
            return EMPTY
        return v

    def _ev_ternary(self, node) -> Taint:
        cond = N.unwrap(node.child_by_field_id(self.F.condition))
        modeparams.conditional(self, node, cond, node.child_by_field_id(self.F.consequence), self.ev(cond))
        if self._object_length(cond):
            # `Object(headers).length ? JSON.stringify(headers) : "(none)"`: Object(v) of a map is
            # the map, which has no length: the first arm never runs (its calls are still read)
            self.ev(node.child_by_field_id(self.F.consequence))
            return self._ev_branch(cond, False, node.child_by_field_id(self.F.alternative))
        return union(self._ev_branch(cond, True, node.child_by_field_id(self.F.consequence)),
                     self._ev_branch(cond, False, node.child_by_field_id(self.F.alternative)))

    def _object_length(self, cond) -> bool:
        """``Object(v).length`` of a name not bound to a list or a text here: undefined (only
        arrays, strings and functions have a length; ``Object(v)`` of an object is ``v``)."""
        if cond is None or cond.type != "member_expression" or N.text(self.data, cond.child_by_field_id(self.F.property)) != "length":
            return False
        call = N.unwrap(cond.child_by_field_id(self.F.object))
        if call is None or call.type != "call_expression" or N.text(self.data, call.child_by_field_id(self.F.function)) != "Object":
            return False
        args = N.args_of(call)
        arg = N.unwrap(args[0]) if len(args) == 1 else None
        name = N.text(self.data, arg) if arg is not None and arg.type == "identifier" else None
        return bool(name) and name not in self.mod.arrays and name not in self.consts and name not in self.mod.consts

    def _ev_branch(self, cond, truth: bool, node) -> Taint:
        """One arm of ``c ? a : b``, read with what the condition proves there
        (``path.isAbsolute(p) ? p : ...``); the proof does not outlive the arm."""
        if cond is None or node is None:
            return self.ev(node)
        before = dict(self.env)
        self.apply(self.narrowings(cond, truth), arm=True)
        touched = {k: v for k, v in self.env.items() if v is not before.get(k)}
        v = self.ev(node)
        for k, narrowed in touched.items():
            if self.env.get(k) is narrowed:
                if k in before:
                    self.env[k] = before[k]
                else:
                    self.env.pop(k, None)
        return v

    def _ev_assign(self, node) -> Taint:
        left, right = node.child_by_field_id(self.F.left), node.child_by_field_id(self.F.right)
        if right is None or left is None:
            return EMPTY
        rv = N.unwrap(right)
        if left.type == "identifier" and rv is not None and rv.type in N.FUNCTIONS:
            self.local_fns[N.text(self.data, left)] = rv
            return EMPTY
        if node.type == "augmented_assignment_expression":
            rv = self.ev(right)
            if rv and (self.const_prefix(right) or " ")[0] in "?#&/":
                # url += `?${query}`: appended after what the URL already holds, not its host
                rv = mark(rv, clean=frozenset({"ssrf"}), rooted=True)
            v = union(rv, self.ev(left))
            self.assign_pattern(left, v, None)
            return v
        v = self.ev(right)
        if left.type in ("member_expression", "subscript_expression"):
            # doc.$language = lang: placed under an operator of a document the code writes
            if left.type == "member_expression":
                key = N.prop_key(self.data, left.child_by_field_name("property"))
            else:
                key = N.string_value(self.data, left.child_by_field_name("index"))
            obj = left.child_by_field_name("object")
            if key and obj is not None and obj.type == "identifier" and self.M.is_secret_name(key) \
                    and self.masks(right) and N.text(self.data, obj) in self.env:
                # url.password = "****": the object no longer holds the secret
                name = N.text(self.data, obj)
                self.env[name] = desecret(self.env[name])
                return EMPTY
            self.assign_pattern(left, self._operand(key, v), right)
            client_entry(self, left, right)  # config.mcpServers[name] = { command, args } (cliententries.py)
            return v
        self.assign_pattern(left, v, right)
        return v

    def _operand(self, key: Optional[str], v: Taint) -> Taint:
        """A value the code places under a MongoDB operator whose operand is a value, never a
        query document (``{ $near: { $geometry: g } }``): it cannot choose an operator."""
        if v and key is not None and key in self.M.nosql_operands:
            return mark(v, clean=frozenset({"nosql"}))
        if v and key and not key.startswith("$") and all(KEY_NAME in i.clean for i in v.values()):
            # { date } where date is a key of Object.entries(m) / Object.keys(m): a string at a
            # fixed key is compared for equality, it cannot be an operator object (ts53b)
            return mark(v, clean=frozenset({"nosql"}))
        return v

    def _ev_array(self, node) -> Taint:
        out = []
        after_dashes = False
        elements = [c for c in node.named_children if c.type != "comment"]
        for c in elements:
            v = self.ev(c)
            if v and c.type != "spread_element" and (after_dashes or self.const_prefix(c)):
                v = mark(v, clean=frozenset({"argument"}))
            if v and out:
                v = mark(v, rooted=True)  # ["ping", "-c", host]: placed after what the code chose
            out.append(v)
            if N.string_value(self.data, c) == "--":
                after_dashes = True
        return union(*key_file_values(self, elements, out))  # ["-i", keyPath]: a path (keyfiles.py)

    def _ev_object(self, node) -> Taint:
        vals, keyed = [], {}
        if self.mod.may_table_tools and node.parent is not None and node.parent.type == "arguments":
            self.named_tool_object(node)
        for c in node.named_children:
            t = c.type
            if t == "pair":
                k = c.child_by_field_id(self.F.key)
                if k is not None and k.type == "computed_property_name":
                    self.ev(k)
                v = c.child_by_field_id(self.F.value)
                if self.mod.may_table_tools and v is not None and v.type in ("object", "call_expression"):
                    self.table_tool(c, k, v)
                vals.append(self._operand(N.prop_key(self.data, k), self.ev(v)))
            elif t == "shorthand_property_identifier":
                vals.append(self._operand(N.text(self.data, c), self._name(N.text(self.data, c), c)))
            keyed = retfields.object_property(self, c, keyed, vals[-1] if t in ("pair", "shorthand_property_identifier") else EMPTY)
            if t == "spread_element":
                vals.append(self._spread(c))
            elif t == "method_definition":
                self.inline(c, [])
        object_sinks(self, node)  # nodemailer's { filename, path } (models: object-sinks)
        retfields.note_object(self, node, keyed)  # a returned literal's properties
        return path_params(self, node, union(*vals))  # { url: "/x/{id}", path: { id } }: pathparams.py

    def _spread(self, c) -> Taint:
        """``...X`` in an object literal. A property written after the spread replaces X's
        property of that name (``{ ...init.headers, Authorization: "***" }`` no longer carries
        the header), so when X holds an object literal known whole, the spread carries X's other
        properties and spreads only."""
        whole = self.ev(c)
        inner = N.unwrap(c.named_children[0]) if c.named_children else None
        d = N.var_of(self.data, inner) if inner is not None and inner.type in ("identifier", "member_expression") else None
        later, seen = set(), False
        for s in c.parent.named_children:
            if s is c or s.id == c.id:
                seen = True
            elif seen and s.type == "pair":
                k = N.prop_key(self.data, s.child_by_field_id(self.F.key))
                if k is not None:
                    later.add(k)
            elif seen and s.type == "shorthand_property_identifier":
                later.add(N.text(self.data, s))
        if not later:
            return whole
        if not d or d not in self.literal_objects:
            return overridden(whole, later, d)  # its fields not known here: marked (spreadover.py)
        prefix = d + "."
        parts = [self.env.get(f, EMPTY) for f in self.fields.get(d.split(".")[0], ())
                 if f.startswith(prefix) and "." not in f[len(prefix):].lstrip(".")
                 and f[len(prefix):] not in later]
        return union(*parts) if parts else EMPTY

    def _ev_first(self, node) -> Taint:
        inner = [c for c in node.named_children if c.type != "comment"]
        return self.ev(inner[0]) if inner else EMPTY

    def _ev_sequence(self, node) -> Taint:
        v = EMPTY
        for c in node.named_children:
            v = self.ev(c)
        return v

    def _ev_function(self, node) -> Taint:
        # a function value that is not called here: its body still runs somewhere (an event
        # handler, a timer): evaluate it once with no caller input
        self.inline(node, [])
        return EMPTY

    def _ev_update(self, node) -> Taint:
        return EMPTY

    def _ev_yield(self, node) -> Taint:
        inner = [c for c in node.named_children if c.type != "comment"]
        if inner:
            v = self.ev(inner[0])
            if self._ret_stack:
                self._ret_stack[-1].append(v)
            else:
                self.returns.append((self.mod.src.pos(node), v))
        return EMPTY


_EV = {
    "identifier": Expressions._ev_identifier,
    "shorthand_property_identifier": Expressions._ev_identifier,
    "member_expression": Expressions._ev_member,
    "subscript_expression": Expressions._ev_member,
    "call_expression": lambda self, node: global_match_marks(self, node, Calls.ev_call(self, node)),
    "new_expression": Expressions._ev_new,
    "template_string": Expressions._ev_template_kept,
    "binary_expression": Expressions._ev_binary,
    "unary_expression": Expressions._ev_unary,
    "ternary_expression": Expressions._ev_ternary,
    "assignment_expression": Expressions._ev_assign,
    "augmented_assignment_expression": Expressions._ev_assign,
    "array": Expressions._ev_array,
    "object": Expressions._ev_object,
    "await_expression": Expressions._ev_first,
    "spread_element": Expressions._ev_first,
    "parenthesized_expression": Expressions._ev_first,
    "non_null_expression": Expressions._ev_first,
    "as_expression": Expressions._ev_first,
    "satisfies_expression": Expressions._ev_first,
    "sequence_expression": Expressions._ev_sequence,
    "arrow_function": Expressions._ev_function,
    "function_expression": Expressions._ev_function,
    "function": Expressions._ev_function,
    "update_expression": Expressions._ev_update,
    "yield_expression": Expressions._ev_yield,
}


def _case_base(data: bytes, fn) -> Optional[str]:
    """The variable under a chain of case and whitespace methods (``query.trim().toLowerCase``)."""
    node = fn
    while node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is None or N.text(data, prop) not in _CASE_METHODS | _UPPER:
            return None
        obj = N.unwrap(node.child_by_field_name("object"))
        if obj is not None and obj.type == "call_expression" and not N.args_of(obj):
            node = N.unwrap(obj.child_by_field_name("function"))
            continue
        return N.var_of(data, obj) if obj is not None and obj.type in ("identifier", "member_expression") else None
    return None
