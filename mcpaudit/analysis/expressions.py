"""Expressions: what an expression's value may carry (its taint), and what calls return.

Mixed into the function interpreter. ``ev`` evaluates an expression once, recording the calls it
makes and the sinks it reaches; ``ev_quiet`` re-reads an already evaluated expression without
recording anything. What a call returns comes from the library models (sanitizers, decoders,
resolvers, secret sources, pass-through summaries) or, for calls that may land in project code,
from a :class:`~mcpaudit.analysis.summary.CallRec` resolved when modules are linked.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from .madecalls import made_results
from ..lazycst import cst

from .credowner import request_held
from .headerkeys import credential_header_key
from .classkeys import key_taint
from .cstnodes import (comp_fors, const_prefix, constant_table, module_mutated, short_name, split_source, string_value,
                       var_of)
from .charfilter import filtered_families, strips_controls
from .sepreplace import separator_swap, windows_aware
from .partfilter import NO_CLIMB, part_filter
from .sqlbuilders import built_statement, raw_text
from .extcalls import ExternalCalls
from .codedocs import code_document
from .ownedmaps import owned_mapping
from .pathnames import final_name
from .membertypes import member_name
from .fields import PIECE, STORED_READ, field_label
from .fixednames import drop_fixed, fixed_file_name, mark_fixed
from .digestnames import digest_name, mark_digest
from . import shellquote as SQ
from . import sqlquote as Q
from .sqlescape import mark_escaped, mark_escaper_call
from .placement import GLUED, fstring_neighbours, glue
from .maskslices import guarded_short as _guarded_short, SHORT_SECRET as _SHORT_SECRET, TOKEN_HEAD as _TOKEN_HEAD, TOKEN_PREFIX as _TOKEN_PREFIX, head_of_split as _head_of_split, short_slice as _short_slice, \
    tail_of_path_split as _tail_of_path_split
from .argarity import passed_list
from .ifchoice import chosen
from .optlists import known_list
from .spreadkeys import keyed_kwargs
from .retkeys import keyed_read, note_dict
from .taintvalue import (ALL, SPLIT, DECODED, EMPTY, Info, Taint, add_step, all_families, desecret, in_dict, item_of,
                         mark, union, unclean)
from .bridges import call_literals, note_loose_call
from .orfallback import empty_fallback
from .bridgeunseen import note_sent_code
from .superinit import SUPER
from .credparams import attack_input, public_half
from .recordrows import loaded_row
from .envprefix import bind_env_prefix
from .fixedkeys import public_fixed_key
from .libsubclass import own_method_target
from .tupleelems import element_target
from .messages import message_sinks
from .registrars import note_server_args
from .regsites import note_call
from .partialruns import deferred_run
from .modeltables import handed_input
from .reqcreds import NO_DOTS, split_part
from .pagetokens import page_token
from .normhelpers import normalised
from .urlpath import (HOLE, SEGMENT, base_text, concat_text, encodes_slash, format_in_path, fstring_before, in_url_path,
                      path_marks, segment_after_base)
from .argvplaces import ArgvPlaces, argv_program  # argv_program re-exported


class Expressions(ExternalCalls, ArgvPlaces):
    """Evaluation of expressions and calls (mixed into the function interpreter)."""

    # -- expressions --------------------------------------------------------------------
    def ev_quiet(self, node) -> Taint:
        """Evaluate without recording sinks/calls (used for conditions already evaluated)."""
        if isinstance(node, cst.Name):
            return self._name(node.value)
        if isinstance(node, cst.Attribute):
            d = self.mod.dotted(node)
            if d and d in self.env:
                return self.env[d]
            return self.ev_quiet(node.value)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return union(*[self.ev_quiet(e.value) for e in node.elements])
        if isinstance(node, cst.FormattedString):
            v = union(*[self.ev_quiet(p.expression) for p in node.parts
                        if isinstance(p, cst.FormattedStringExpression)])
            return mark(v, built=True) if v else v
        if isinstance(node, cst.BinaryOperation):
            v = union(self.ev_quiet(node.left), self.ev_quiet(node.right))
            return mark(v, built=True) if v and isinstance(node.operator, (cst.Add, cst.Modulo)) else v
        if isinstance(node, cst.Subscript):
            return self.ev_quiet(node.value)
        if isinstance(node, cst.IfExp):
            return union(self.ev_quiet(node.body), self.ev_quiet(node.orelse))
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute):
                return self.ev_quiet(node.func.value)
            return EMPTY
        return EMPTY

    def _name(self, name: str) -> Taint:
        """A variable's taint. A module-level variable read in a function brings the secrets its
        value came from (``API_KEY = os.environ["API_KEY"]``); a name alone never makes a secret."""
        v = self.env.get(name)
        if v is None:
            g = None if self.is_module or self.mod.top is None else self.mod.top.env.get(name)
            v = {k: i for k, i in g.items() if k[0] == "s"} if g else EMPTY
            if not self.is_module and name in self.mod.rebound_globals:
                # a module variable some function rebinds (global name): what it stored there
                v = union(v, {("g", name): Info(((self.stmt, None, f"'{name}' read {STORED_READ}"),))})
        return v

    def ev(self, node) -> Taint:
        t = type(node)
        if t is cst.Name:
            v = self._name(node.value)
            key = self.mod.secret_globals.get(node.value)
            if key and node.value not in self.env and not self.is_module:
                # a global another function set to a mapping with a credential in it
                v = union(v, {("s", f"{node.value}[{key!r}]"): Info(((self.stmt, node, f"global {node.value} holds {key!r}"),))})
            return v
        if t is cst.Call:
            v = self.ev_call(node)
            if v and encodes_slash(self.mod.dotted(node.func, self.types) or "", node):
                v = mark(v, clean=SEGMENT)  # quote(v, safe=""): one path segment (urlpath.py)
            if v and split_source(node) is not None:
                # the words of a string: any word can start with '-', whatever the string began with
                v = mark(unclean(v, frozenset({"argument"})), clean=_SPLIT)
            if v and SQ.escapes(node):
                return SQ.mark(v)  # x.replace("'", "'\"'\"'"): a single-quoted shell word's escape
            return mark_escaped(mark_escaper_call(self, v, node), node) if v else v  # x.replace("'", "''"), esc(x): sqlescape.py
        if t in (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis):
            return EMPTY
        if t is cst.Attribute:
            d = self.mod.dotted(node)
            if d and d in self.env:
                v = self.env[d]
            elif (field := field_label(self, node)) is not None:
                v = {field: Info(((self.stmt, node, f"'{d}' read {STORED_READ}"),))}
            else:
                v = self.ev(node.value)
                if v and not self.M.is_secret_name(node.attr.value):
                    v = desecret(v)  # token.client_id is not the token
                if v and node.attr.value in ("parent", "parents"):
                    v = drop_fixed(v)  # the folder of folder / "name": fixednames.py
                if v and final_name(self, node):  # Path(x).name: as os.path.basename(x) (pathnames.py)
                    named = self.M.clears.get("os.path.basename", frozenset())  # basename's sanitizer row
                    v = mark(unclean(v, frozenset({"argument"})), clean=named)
                if v and node.attr.value and not any(i.key for i in v.values()):
                    v = {k: i.replace(key="." + node.attr.value) for k, i in v.items()}
            if self.M.is_secret_name(node.attr.value) and not public_half(self, node, d) and \
                    not member_name(self.mod, node) and not page_token(self, node):  # Code.BAD_TOKEN (membertypes.py)
                v = union(v, {("s", d or node.attr.value): Info(((self.stmt, None, f"secret '{d or node.attr.value}' read"),))})
            return v
        if t is cst.FormattedString:
            return self._fstring(node)
        if t is cst.ConcatenatedString:
            return self._concatenated(node)
        if t is cst.BinaryOperation:
            return self._binop(node)
        if t is cst.BooleanOperation:
            left, right = self.ev(node.left), self.ev(node.right)
            return left if empty_fallback(self.mod, node) else union(left, right)  # sub(p, "_", x) or x
        if t is cst.Comparison:
            self.ev(node.left)
            for c in node.comparisons:
                self.ev(c.comparator)
            return EMPTY
        if t is cst.UnaryOperation:
            v = self.ev(node.expression)
            return EMPTY if isinstance(node.operator, cst.Not) else v
        if t is cst.Subscript:
            return self._subscript(node)
        if t is cst.IfExp:
            self.ev(node.test)
            v = chosen(self, node, union(self.ev(node.body), self.ev(node.orelse)))  # x if x in SET else "c": ifchoice.py
            return desecret(v) if v and _guarded_short(node) else v  # s[:2] if len(s) >= 2 else s
        if t in (cst.List, cst.Tuple):
            return union(*self._seq_items(node))
        if t is cst.Set:
            return union(*[self.ev(e.value) for e in node.elements])
        if t is cst.Dict:
            return self._dict(node)
        if t in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
            return self._comp(node)
        if t is cst.Await:
            return self.ev(node.expression)
        if t is cst.NamedExpr:
            v = self.ev(node.value)
            self.assign(node.target, v, node.value)
            return v
        if t is cst.StarredElement:
            return self.ev(node.value)
        if t in (cst.Yield,):
            if node.value is not None and not isinstance(node.value, cst.From):
                v = self.ev(node.value)
                self.returns.append((self.mod.pos(self.stmt), v))
            return EMPTY
        if t is cst.Lambda:
            return self._lambda(node)
        return EMPTY

    def _dict(self, node) -> Taint:
        """A dict display; one returned as it stands keeps its keys one by one (retkeys.py)."""
        vals, keyed = [], {} if type(self.stmt) is cst.Return and self.stmt.value is node else None
        for e in node.elements:
            if isinstance(e, cst.DictElement):
                vals.append(key_taint(e.key, self.ev(e.key)))  # {Kind.onepassword: ...}: classkeys.py
                key, v = string_value(e.key), self.ev(e.value)
                vals.append(v if key is None else in_dict(v, key))
                self.__dict__.setdefault("dict_items", {})[id(e.value)] = v  # messages.py
                if keyed is not None and key is not None:
                    keyed[key] = union(keyed.get(key, EMPTY), v)
                elif keyed is not None:
                    keyed = None  # a computed key: not plain
            else:
                vals.append(self.ev(e.value))
                keyed = None
        if type(self.stmt) is cst.Return and self.stmt.value is node:
            note_dict(self, node, keyed)  # None: a ** or computed key
        message_sinks(self, node)
        return union(*vals)

    def _concatenated(self, node: cst.ConcatenatedString) -> Taint:
        """``"SELECT '" f"{v}'"``: each f-string read after the text of the literals before it."""
        parts, vals, text = [], [], ""
        while isinstance(node, cst.ConcatenatedString):
            parts.append(node.left)
            node = node.right
        parts.append(node)
        texts = [fstring_before(p, len(p.parts)) if isinstance(p, cst.FormattedString) else string_value(p) or Q.HOLE
                 for p in parts]
        for p, own in zip(parts, texts):
            vals.append(self._fstring(p, text, "".join(texts)) if isinstance(p, cst.FormattedString) else self.ev(p))
            text += own
        return union(*vals)

    def _fstring(self, node: cst.FormattedString, text_before: str = "", whole: Optional[str] = None) -> Taint:
        """An f-string: its values, marked where they follow text or a ``?``, or sit in an SQL
        literal (sqlquote.py)."""
        vals = []
        # text_before: the parts before it of an implicit concatenation (f"{base}" f"?q={v}")
        query = "?" in text_before
        whole = whole if whole is not None else fstring_before(node, len(node.parts))
        for i, p in enumerate(node.parts):
            if isinstance(p, cst.FormattedStringExpression):
                before = text_before + fstring_before(node, i)
                pv = glue(Q.place(SQ.place(self.ev(p.expression), before), before, whole), *fstring_neighbours(node, i, windows_aware(self)))
                if pv and query:
                    pv = mark(pv, clean=_AFTER_QUERY)  # f"{base}/items?id={quote(v)}"
                elif pv and (in_url_path(before) or segment_after_base(before, pv, base_text(self, getattr(node.parts[0], "expression", None)))):
                    pv = mark(pv, clean=path_marks(before))  # f"{base}/items/{v}": urlpath.py
                vals.append(mark(pv, rooted=True) if pv and (i > 0 or text_before) else pv)  # after text or a value
            elif "?" in p.value:
                query = True
        v = union(*vals)
        if v and any(isinstance(p, cst.FormattedStringText) for p in node.parts):
            v = mark(v, built=True)
        if v and const_prefix(node):
            v = mark(v, clean=frozenset({"argument"}))  # f"refs/{x}" starts with the code's text: never an option
        return v

    def _binop(self, node: cst.BinaryOperation) -> Taint:
        """``a + b``, ``a / b``, ``a % b``: the right side is rooted after text, in an argv or a query."""
        head = self._argv_head(node.left) if isinstance(node.operator, cst.Add) and isinstance(
            node.right, (cst.List, cst.Tuple)) else None
        head = head if head is not None and argv_program(head) else None
        left = self.ev(node.left)
        # ["kubectl"] + ctx_args(c) + ["exec", pod, "-n", ns]: its elements read after the head
        right = union(*self._seq_items(node.right, head)) if head is not None else self.ev(node.right)
        if isinstance(node.operator, (cst.Add, cst.Modulo)):
            # "CALL p('" + safe + "')": the right side read after the text of the left (sqlquote.py)
            text = concat_text(node.left) if isinstance(node.operator, cst.Add) else None
            whole = concat_text(node) if text is not None else None
            left = glue(Q.place(left, "", whole or Q.ANY_QUOTE), None, concat_text(node.right) if text is not None else None)
            right = glue(Q.place(right, text if text is not None else "", whole or Q.ANY_QUOTE), text, None)
        argv = self._list_of(node.left) if right and isinstance(node.operator, cst.Add) and head is None else None
        if argv is not None and argv_program(argv):
            right = self.placed_in_argv(argv, node.right, right)  # ["git", "diff"] + shlex.split(x)
        if left and isinstance(node.operator, cst.Divide) and fixed_file_name(node.right):
            left = mark_fixed(left)  # folder / "package.json": fixednames.py
        if right and isinstance(node.operator, (cst.Add, cst.Divide)) or \
                right and isinstance(node.operator, cst.Modulo) and const_prefix(node.left)[:1] not in ("", "%"):
            right = mark(right, rooted=True)  # root / name, "prefix " + value, "cmd %s" % value
        if right and isinstance(node.operator, cst.Divide):
            right = mark(right, clean=_NOT_LEADING)  # root / name: as os.path.join, not the path's start
        if right and isinstance(node.operator, cst.Add) and "?" in _literal_text(node.left):
            right = mark(right, clean=_AFTER_QUERY)  # base + "?q=" + quote(v)
        elif right and isinstance(node.operator, cst.Add) and (in_url_path(concat_text(node.left) or "") or
                                                               segment_after_base(concat_text(node.left) or "", right, base_text(self, node.left))):
            right = mark(right, clean=path_marks(concat_text(node.left) or ""))  # base + "/items/" + v: urlpath.py
        if isinstance(node.operator, cst.Divide) and (left or right) and digest_name(self, node.right):
            left, right = mark_digest(left), mark_digest(right)  # cache / f"{md5(k).hexdigest()}.cache": digestnames.py
        v = union(left, right)
        if v and isinstance(node.operator, (cst.Add, cst.Modulo)):
            v = mark(v, built=True)
            if const_prefix(node):
                v = mark(v, clean=frozenset({"argument"}))  # "refs/" + x: never an option
        return v

    def _lambda(self, node: cst.Lambda) -> Taint:
        """A lambda's body, evaluated where the lambda is written (it is usually called right
        there: ``run_in_executor(None, lambda: cur.execute(q))``), so the sinks it reaches through
        the enclosing variables are recorded; its own parameters shadow them and carry nothing.
        The value is what the body evaluates to."""
        depth = getattr(self, "_lambda_depth", 0)
        if depth >= 16:
            return EMPTY  # lambda: lambda: ... nested deeper than any real code
        p = node.params
        own = [x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params) if isinstance(x, cst.Param)]
        own += [x.name.value for x in (p.star_arg, p.star_kwarg) if isinstance(x, cst.Param)]
        saved = {n: self.env.get(n) for n in own}
        types = {n: self.types.pop(n) for n in own if n in self.types}
        for n in own:
            self.env[n] = EMPTY
        self._lambda_depth = depth + 1
        try:
            return self.ev(node.body)
        finally:
            self._lambda_depth = depth
            for n, v in saved.items():
                if v is None:
                    self.env.pop(n, None)
                else:
                    self.env[n] = v
            self.types.update(types)

    def appended(self, stmt: cst.AugAssign) -> Tuple[Taint, Optional[str]]:
        """The value of ``name += value``, read after the text already built in ``name`` (in
        the query or the path of a URL whose host that text fixes, it chooses no host), and the
        text ``name`` holds after it."""
        v = self.ev(stmt.value)
        before = self.texts.get(stmt.target.value) if isinstance(stmt.target, cst.Name) else None
        if before is None or not isinstance(stmt.operator, cst.AddAssign):
            return v, None
        after = before + (concat_text(stmt.value) or HOLE)
        if v and "?" in before:
            return mark(v, clean=_AFTER_QUERY), after  # url += f"{key}={value}&" after "...?"
        if v and in_url_path(before):
            return mark(v, clean=path_marks(before)), after  # url += "/items/" + v
        return v, after

    def keep_text(self, target, text: Optional[str]) -> None:
        """Remember the text of the string a name holds (``url = f"{base}/v1/{x}"``), for what
        is appended to it later; forget it when the name gets anything else."""
        if isinstance(target, cst.Name):
            if text is not None and text != HOLE:
                self.texts[target.value] = text
            else:
                self.texts.pop(target.value, None)

    def _subscript(self, node: cst.Subscript) -> Taint:
        base = self.ev(node.value)
        key = None
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            idx = node.slice[0].slice.value
            key = string_value(idx)
            if key is None:
                self.ev(idx)
        if base and key is None:  # a piece of the value (fields.PIECE)
            base = mark(base, clean=PIECE)
            base = desecret(base) if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and \
                public_fixed_key(self, node.slice[0].slice.value) else base
        d = self.mod.dotted(node.value)
        env_object = d in self.M.secret_env_objects
        if env_object and key and self.M.is_secret_env(key):
            return {("s", f"{d}['{key}']"): Info(((self.stmt, node, f"secret {d}['{key}'] read"),))}
        if base and key is not None:
            base = {k: (i if i.key else i.replace(key=key)) for k, i in item_of(base, key).items()}
            base = keyed_read(self, node.value, key, base)  # f(x)["k"]: the callee's field k (retkeys.py)
            if not self.M.is_secret_name(key):
                base = desecret(base)  # config["url"] of a config holding a token
        if base and not (len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)):
            base = Q.strip(base)  # a slice can cut a doubled quote in two
        if base and (_short_slice(node) or _head_of_split(node, self.local_values) or (
                _short_slice(node, _TOKEN_PREFIX, _TOKEN_HEAD) and not any(
                    label[0] == "s" and _SHORT_SECRET.search(str(label[1])) for label in base))):
            base = desecret(base)  # token[:4] + "...": masked; header.split(" ", 1)[0]: the scheme
        if base and _tail_of_path_split(node, self.local_values):  # v.split("/")[-1]: as os.path.basename(v)
            base = mark(unclean(base, frozenset({"argument"})), clean=self.M.clears.get("os.path.basename", frozenset()))
        if base and split_part(node):
            base = mark(base, clean=frozenset({NO_DOTS}))  # kind.split(".")[1]: no '..' (reqcreds.py)
        if key is not None and self.M.is_secret_name(key) and not env_object and not attack_input(self, base) \
                and not loaded_row(self, node.value, key):  # a parsed record's row id (recordrows.py)
            base = union(base, {("s", f"{d or '?'}[{key!r}]"): Info(((self.stmt, node, f"secret item [{key!r}] read"),))})
        return base

    def _comp(self, node) -> Taint:
        for comp in comp_fors(node.for_in):
            it = self.ev(comp.iter)
            self.assign(comp.target, it, None)
            bind_env_prefix(self, comp)  # {k: v for k, v in os.environ.items() if k.startswith(P)}: envprefix.py
            for cond in comp.ifs:
                self.ev(cond.test)
        if isinstance(node, cst.DictComp):
            return union(self.ev(node.key), self.ev(node.value))
        return self.ev(node.elt)

    # -- calls --------------------------------------------------------------------------
    def _joined_name(self, call: cst.Call, fq: str, method: str, pos_args: List[Taint], recv: Taint) -> Tuple[List[Taint], Taint]:
        if (pos_args[:-1] or recv) and call.args and fixed_file_name(call.args[-1].value) and (
                fq.replace("()", "") in self.M.joins or method in self.M.join_methods):
            return [mark_fixed(a) for a in pos_args[:-1]] + pos_args[-1:], mark_fixed(recv)
        if pos_args and call.args and fq.replace("()", "") in self.M.joins and digest_name(self, call.args[-1].value):
            return [mark_digest(a) for a in pos_args], recv  # os.path.join(cache, f"{key}.json"), key a digest
        return pos_args, recv  # (a join ending in a fixed file name: fixednames.py; in a digest: digestnames.py)

    def ev_call(self, call: cst.Call) -> Taint:
        func = call.func
        if isinstance(func, cst.Call):
            self.ev(func)  # YOLO(path)(image): the call that makes the callable is a call too
        recv_node = func.value if isinstance(func, cst.Attribute) else None
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        recv = self.ev(recv_node) if recv_node is not None else EMPTY
        pos_args: List[Taint] = []
        kw_args: Dict[str, Taint] = {}
        star: Taint = EMPTY
        dstar: Taint = EMPTY
        for a in call.args:
            v = self.ev(a.value)
            if a.keyword is not None:
                kw_args[a.keyword.value] = v
            elif a.star == "*":
                star = union(star, v)
            elif a.star == "**":
                dstar = union(dstar, v)
            else:
                pos_args.append(passed_list(self, a.value, v))  # run(["helm", "get", "all", name]): argarity.py
        fq = self.mod.dotted(func, self.types) or ""
        if not fq and isinstance(func, cst.Subscript):
            # subprocess.CompletedProcess[str](...): a generic class called with its type parameters
            base = self.mod.dotted(func.value) or ""
            fq = base if base.split(".")[0] in self.mod.imports.values() else ""
        in_path = format_in_path(self.mod, self.cls, call) if method == "format" else None
        if in_path:  # "/api/{name}/access".format(name=v): urlpath.py
            pos_args = [mark(a, clean=in_path[str(i)]) if a and in_path.get(str(i)) else a for i, a in enumerate(pos_args)]
            kw_args = {k: mark(v, clean=in_path[k]) if v and in_path.get(k) else v for k, v in kw_args.items()}
        rooted = self._rooted_args(call, fq, method, pos_args, None)
        if rooted is not None:
            pos_args = rooted
            if method in ("format", "format_map"):  # "select {cols} from t".format(cols=v): placed too
                kw_args = {k: mark(v, rooted=True) if v else v for k, v in kw_args.items()}
        pos_args, recv = self._joined_name(call, fq, method, pos_args, recv)
        if method in ("format", "format_map", "join") and isinstance(func, cst.Attribute):
            pos_args, kw_args = Q.placed_args(self.mod, self.cls, call, pos_args, kw_args)
        all_args = union(*pos_args, *keyed_kwargs(fq, kw_args).values(), star, dstar)  # dict(url=u): spreadkeys.py
        dispatch = self._dispatch_targets(func)
        typed = None if dispatch else own_method_target(self, self._typed_target(func))  # libsubclass.py
        returned = typed is not None and typed.rsplit(".", 2)[-2][:1].islower()  # modelled unless a class is found
        # a method of an object whose class may be the project's (imported by an absolute name):
        # a library call unless the linker finds the class in the project
        maybe = None if dispatch or typed else self._maybe_typed_target(func) or element_target(self, func)  # tupleelems.py
        if not dispatch and not typed:
            # a method of a project object is project code, never a library sink
            before = len(self.sinks)
            self._check_sinks(call, fq, method, recv_node, recv, pos_args, kw_args, star, dstar)
            for sink in self.sinks[before:] if maybe else ():
                sink.unless_target = maybe
        elif returned:
            # on what a project *function* returned (classes are CapWords): a library object unless annotated a project class
            before = len(self.sinks)
            self._check_sinks(call, fq, method, recv_node, recv, pos_args, kw_args, star, dstar)
            for sink in self.sinks[before:]:
                sink.unless_target = typed
        surface = self.M.surface
        if method in surface.surface_methods or fq in surface.http_servers or fq in surface.route_classes or isinstance(func, cst.Call) or \
                fq.endswith(surface.rebinding["settings-class"]) or fq in surface.middleware_classes or fq == "getattr" \
                or fq in surface.deferred_calls:
            before, auth_before = len(self.mod.http), len(self.mod.auth)
            # partial(mcp.run_http_async, host=...): the run call it defers (partialruns.py)
            self._note_surface(*deferred_run(self, call, fq, method, recv_node))
            for site in self.mod.http[before:] + self.mod.auth[auth_before:]:
                site.setdefault("scope", self.qualname)  # the function that serves: one server each

        # a project object's method is no library callback runner nor modelled method (its .get() is not dict.get)
        called_back = normalised(self, call, pos_args, kw_args)  # normalize_path(p) as os.path.normpath(p): normhelpers.py
        if called_back is None:
            called_back = None if typed else self._callback(call, fq, method, pos_args, kw_args)
        called_back = called_back if called_back is not None else self._closure_call(call, pos_args, kw_args)
        if called_back is not None:
            return called_back
        modelled = None if dispatch or typed and not returned else self._model_result(call, fq, method, recv_node, recv, pos_args, all_args)
        if modelled is not None and not maybe and not typed:
            return modelled
        plain = None if dispatch or typed else self._call_target(func, fq)
        targets = dispatch or [t for t in (typed or plain or maybe,) if t]
        site = self._dispatch_site(func)
        first = len(self.calls)
        if targets:
            fallback = self.mod.resolve_taint(
                modelled if modelled is not None else self._external_result(fq, method, recv_node, recv, all_args))
            out = self._record_call(
                targets, call, [self.mod.resolve_taint(a) for a in pos_args],
                {k: self.mod.resolve_taint(v) for k, v in kw_args.items()},
                self.mod.resolve_taint(star), self.mod.resolve_taint(dstar), fallback, dispatched=bool(dispatch),
                receiver=recv if recv_node is not None else None,
                made=() if dispatch else made_results(self, call, targets))  # safe_call(client.get, v): madecalls.py
        else:
            out = self._external_result(fq, method, recv_node, recv, all_args)
            note_loose_call(self, call, func, pos_args, kw_args, star, dstar, call_literals(call))  # bridges.py
        note_sent_code(self, call, func, targets)  # send_command("execute_code", {"code": code}): bridgeunseen.py
        note_server_args(self, call, targets)  # register_tools(mcp, ...): registrars.py
        note_call(self, call, targets)  # add_tool(fn) on a callback, server.tool(server.m): regsites.py
        if site is not None and handed_input(self, all_args):
            # the chosen function is handed the caller's input (arguments), not just the name
            self.dispatch_sites.append((self.mod.pos(self.stmt, call), site, tuple(range(first, len(self.calls)))))
        return out

    def _rooted_args(self, call, fq: str, method: Optional[str], pos_args, all_args):
        """Mark the arguments a join or a template places after a component the code chose:
        ``os.path.join(root, name)``, ``Path(root, name)``, ``urljoin(base, path)``, ``root.joinpath(name)``,
        ``"prefix {}".format(value)``."""
        M = self.M
        if fq.replace("()", "") in M.joins and len(pos_args) > 1:
            # the joined path starts with the first component (or, when a later one is absolute,
            # with a separator or a drive): a later component cannot put an option's '-' first
            # unless the first is empty, and the first keeps its own taint. The working folder
            # (os.getcwd()) is not a root the code chose: a relative path is read there anyway
            # and an absolute one replaces it, so what follows it is the caller's path as is.
            first = call.args[0].value if call.args else None
            cwd = isinstance(first, cst.Call) and (self.mod.dotted(first.func) or "") in M.cwd_calls
            return [pos_args[0], *(mark(a, rooted=not cwd, clean=_NOT_LEADING) if a else a for a in pos_args[1:])]
        if method in M.join_methods or (method in ("format", "format_map") and isinstance(call.func, cst.Attribute)
                                        and const_prefix(call.func.value)):
            return [mark(a, rooted=True) if a else a for a in pos_args]
        return None

    def _model_result(self, call, fq, method, recv_node, recv, pos_args, all_args) -> Optional[Taint]:
        """What a call returns when a model or a builtin container method decides it; None when
        the call is left to project code or to the generic pass-through."""
        M = self.M
        base_fq = fq.replace("()", "")
        if built_statement(M, fq):
            # insert(T).values(name=v): a statement whose values are bound, but for the text of a
            # .prefix_with(s)/.with_hint(s) in its chain (sqlbuilders.py)
            return raw_text(self, call)
        if method in ("sub", "join"):
            kept = filtered_families(self, call, fq, method)  # "".join(c for c in x if c.isalnum())
            if kept:
                return mark(union(recv, all_args), clean=kept)
        if method == "join" and all_args:  # "/".join(p for p in v.split("/") if p and p != ".."): partfilter.py
            parts = part_filter(self, call, method, self._external_result(fq, method, recv_node, recv, all_args))
            if parts is not None:
                return parts
        if method in ("replace", "sub", "join") and (recv or all_args):  # else no flow: nothing to swap
            # name.replace("/", "_"): no separator left (sepreplace.py)
            swapped = separator_swap(self, call, fq, method, self._external_result(fq, method, recv_node, recv, all_args))
            if swapped is not None:
                return swapped
        if method == "sub" and strips_controls(self, call):
            return desecret(all_args)  # CONTROL_RE.sub("", value): the value less its control characters
        if fq in M.drops or base_fq in M.drops:
            return EMPTY
        if base_fq in M.code_documents:
            return code_document(self, call)  # a notebook read from the caller's path (codedocs.py)
        if fq in M.undoes:
            v = mark(unclean(union(recv, all_args), all_families() | {ALL, GLUED, NO_CLIMB}), clean=frozenset({DECODED}))
            return add_step(v, (self.stmt, call, f"decoded by {short_name(fq)}() after any check"))
        if fq in M.path_tails:  # basename(abspath(x)): the name can start with '-' again
            all_args = unclean(desecret(all_args), frozenset({"argument"}))
            if fq not in M.clears:
                return all_args
        if fq in M.clears:
            # a sanitizer of some families: the others still get the value as is (basename()
            # says nothing about what a shell makes of the name)
            return mark(all_args, clean=M.clears[fq])
        if fq in M.resolver_calls:
            # an absolute path (abspath, realpath) can never be read as an option
            return mark(all_args, resolved=True if fq not in M.dotted_resolvers else None,
                        clean=frozenset({"argument"}) if fq in M.absolute_resolvers else frozenset())
        if method in M.resolver_methods:
            return mark(union(recv, all_args), resolved=True if method not in M.dotted_resolvers else None,
                        clean=frozenset({"argument"}) if method in M.absolute_resolvers else frozenset())
        if fq in M.secret_env_calls and call.args:
            key_arg = call.args[M.secret_env_calls[fq]] if M.secret_env_calls[fq] < len(call.args) else None
            key = string_value(key_arg.value) if key_arg is not None else None
            if key and M.is_secret_env(key):
                label = M.secret_env_labels[fq].format(key=key)
                return {("s", label): Info(((self.stmt, call, f"secret {label} read"),))}
            return EMPTY
        if method in M.container_mutators and recv_node is not None:
            var = var_of(recv_node)
            if var:
                self._store_into(var, call, method, pos_args, all_args)
                return EMPTY
        if method == "get" and pos_args and not recv and self._lookup_table(recv_node):
            # a constant table's value or the default: the key itself never comes out
            return union(*pos_args[1:2])
        if method == "get" and pos_args and not recv and owned_mapping(self, recv_node):
            return union(*pos_args[1:2])  # a server-owned mapping's entry: the caller's key only chooses it
        header = credential_header_key(recv_node, call.args[0].value) if method == "get" and call.args else None
        if method == "get" and (recv or header or self._secret_key_get(call, recv_node)):
            key = string_value(call.args[0].value) if call.args else None
            out = {k: (i if i.key or key is None else i.replace(key=key)) for k, i in item_of(recv, key).items()}
            out = keyed_read(self, recv_node, key, out)  # f(x).get("k"): the callee's field k (retkeys.py)
            if key is not None and not M.is_secret_name(key) or key is None and call.args and public_fixed_key(self, call.args[0].value):
                out = desecret(out)  # claims.get(k) for k in ("client_id", "aud"): fixedkeys.py
            if (header or self._secret_key_get(call, recv_node)) and not attack_input(self, recv) \
                    and not (key is not None and loaded_row(self, recv_node, key)):  # recordrows.py
                d, key = self.mod.dotted(recv_node) or "?", key if key is not None else header  # headerkeys.py
                out = union(out, {("s", f"{d}[{key!r}]"): Info(((self.stmt, call, f"secret item [{key!r}] read"),),
                                                                  clean=request_held(self, recv_node, d))})  # credowner.py
            return out
        if method in M.secret_methods:
            return {("s", f"{self.mod.dotted(recv_node) or '?'}.{method}()"): Info(((self.stmt, call, f"secret read by {method}()"),))}
        if method in M.untainted_result_methods:
            return EMPTY
        return None

    def _lookup_table(self, recv_node) -> bool:
        """``recv_node`` names a dict of constant strings (bound in this function, the enclosing
        one, or the module) that nothing in the module writes into: an allow-list of values."""
        if not isinstance(recv_node, cst.Name):
            return False
        name = recv_node.value
        for values in (self.local_values, self.outer_values):
            if name in values:
                return constant_table(values[name])
        if name in self.env or name not in self.mod.module_values:
            return False  # a local bound to something else (or a parameter)
        return name not in module_mutated(self.mod) and constant_table(self.mod.module_values[name])

    def _secret_key_get(self, call, recv_node) -> bool:
        """``mapping.get("api_key")``: an item named like a credential, of a mapping (settings,
        headers, a token response), not of a module or client (``requests.get(url)``)."""
        if not call.args or recv_node is None:
            return False
        key = string_value(call.args[0].value)
        if not key or not key.replace("-", "_").isidentifier() or not self.M.is_secret_name(key):
            return False
        if isinstance(recv_node, cst.Name) and recv_node.value in self.mod.imports:
            return False
        return not any(self._receiver_is(self.M.receivers[r], recv_node) for r in self.M.keeps_everything_not_on)

    def _call_target(self, func, fq: str) -> Optional[str]:
        """A dotted target for calls that may land in project code (linked later)."""
        if isinstance(func, cst.Name):
            name = func.value
            if name in self.M.not_project_calls:
                return None
            return fq or name
        if isinstance(func, cst.Attribute):
            base = func.value
            if isinstance(base, cst.Call) and isinstance(base.func, cst.Name) and base.func.value == "super" \
                    and not base.args:
                return f"{SUPER}{func.attr.value}"  # super().__init__(x): the base class's (linker: resolve)
            if isinstance(base, cst.Name):
                if base.value in ("self", "cls"):
                    return f"self.{func.attr.value}"
                if base.value in self.mod.imports or base.value in self.mod.functions:
                    return fq
                # ClassName.method or imported module attribute
                if base.value[:1].isupper():
                    return fq
        return None

    def _list_of(self, node):
        return known_list(self, node)  # displays, tracked lists, joins with option-list helpers: optlists.py


#: A value placed after a literal ``?`` of a URL is in its query (or fragment): whatever it holds,
#: percent-encoded (``quote``, ``quote_plus``, ``urlencode``) or not, a URL parser ends the
#: authority and the path at the first ``?``, so it cannot choose the scheme, host or path the
#: request goes to. (In a path segment even ``quote(v, safe="")`` lets ``..`` through.)
_AFTER_QUERY = frozenset({"ssrf"})
#: A component joined after the first one does not start the path: not an option.
_NOT_LEADING = frozenset({"argument"})
_SPLIT = frozenset({SPLIT})  # split into words (taintvalue.SPLIT)


def _literal_text(node) -> str:
    """The string literal pieces of a ``+`` chain or f-string, joined (what the code wrote)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    return string_value(node) or ""
