"""Statements and control flow of the TypeScript/JavaScript function interpreter: declarations,
assignments and destructuring, ``if``/loops/``switch``/``try`` with the environments of their
branches merged. Mixed into :class:`~mcpaudit.analysis.ts.interp.TsFunction`."""

from __future__ import annotations

from typing import Optional

from .urltext import serialised_url
from .sepvalues import sep_ended
from ..taintvalue import EMPTY, ENTRY_PAIRS, KEY_NAME, Taint, add_step, desecret, mark, union
from .checks import PUBLIC_MARK, PUBLISHABLE
from .factorydispatch import picked_export
from . import mapfields
from .retfields import note_return
from .statusrecords import declared_type
from . import choices, freshkeys, loops, ownrecords, restfields
from . import nodes as N
from . import cmdwords, discriminated, envelopes, errorbodies, errorconfigs, scratch, verdictvars
from .rowkeys import record_row_keys
from .instancelists import either_list, note_field
from .branchlists import list_elements
from .locallists import publish_local_list
from .looppicks import track_loop_pick
from .scriptfiles import written_name
from .hostconsts import track_prefix
from .restsplit import rest_value
from .shellwords import blank_split, first_word
from .splitpieces import element_value
from .fieldtools import note_field_list
from .requiredmembers import required_package
from .sdkanswers import service_field
from .outparams import note_write
from .ifacefields import destructured_types
from .controlflow import ControlFlow, _BREAK, _CONTINUE, _EXIT

#: string methods whose result is a piece (or a normalised form) of the string
_NAME_PIECES = frozenset({"split", "slice", "substring", "replace", "replaceAll", "trim", "toLowerCase", "pop", "at"})

#: statement types with nothing to evaluate
_SKIP_STMTS = frozenset({"empty_statement", "comment", "debugger_statement", "interface_declaration",
                         "type_alias_declaration", "ambient_declaration", "abstract_class_declaration",
                         "import_statement", "enum_declaration", "hash_bang_line"})


class Statements(ControlFlow):
    """Executes statements, updating the environment."""

    # -- statements -----------------------------------------------------------------------
    def _hoist(self, block) -> list:
        """Function declarations in a block are visible before their statement. Returns the
        block's statements (both are read once per block: a block runs again in every loop pass
        and every call of a function evaluated in place)."""
        hit = self.mod.blocks.get(block.id)
        if hit is None:
            kids = block.named_children
            decls = []
            for c in kids:
                if c.type in ("function_declaration", "generator_function_declaration"):
                    name = c.child_by_field_id(self.F.name)
                    if name is not None:
                        decls.append((N.text(self.data, name), c))
            hit = self.mod.blocks[block.id] = (kids, decls)
        for n, c in hit[1]:
            self.local_fns[n] = c
            self.locals.add(n)
        return hit[0]

    def exec_block(self, stmts) -> Optional[str]:
        for s in stmts:
            r = self.exec_stmt(s)
            if r:
                return r
        return None

    def exec_stmt(self, s) -> Optional[str]:
        t = s.type
        if t in _SKIP_STMTS:
            return None
        self.stmt = s
        if t == "expression_statement":
            for c in s.named_children:
                self.ev(c)
                self.statement_check(c)
            return None
        if t in ("lexical_declaration", "variable_declaration"):
            for d in s.named_children:
                if d.type == "variable_declarator":
                    self._declarator(d, t == "lexical_declaration")
            return None
        if t == "return_statement":
            inner = [c for c in s.named_children if c.type != "comment"]
            if inner and inner[0].type == "object":
                self.returned_tools(inner[0])
                note_field_list(self, inner[0])  # { tools: this.tools }: fieldtools.py
            v = union(self.ev(inner[0]), written_name(self, inner[0])) if inner else EMPTY
            if inner:  # return argv: where each caller value sits in the list built here (sinks._argv_arg)
                v = self.argv_arg(inner[0], v)
            pub = self.M.public_return_name
            if v and pub is not None and pub.search(self.qualname.rsplit(".", 1)[-1]):
                v = mark(v, clean=PUBLISHABLE | {PUBLIC_MARK})  # resolveMapboxPublicToken(): a public key, whatever it returns
            if self._ret_stack:
                self._ret_stack[-1].append(v)
                mapfields.note_return(self, s, inner[0] if inner else None, v, self.step(s, "returned"))
            else:
                self.returns.append((self.mod.src.pos(s), add_step(v, self.step(s, "returned")) if v else v))
                if self.tool_hint:  # the tool of the branch it returns in (branchreturns.py)
                    self.return_hints[self.mod.src.pos(s)] = self.tool_hint
                note_return(self, inner[0] if inner else None, self.step(s, "returned"))  # retfields.py
                if inner and (tags := discriminated.return_tags(self, inner[0])) is not None:
                    self.return_tags[self.mod.src.pos(s)] = tags  # its constant properties: discriminated.py
                # what each parameter holds where the function returns (its validates/weak_checks)
                self.return_envs.append({p.name: self.env.get(p.name) for p in self.params})
                if inner:
                    self.returned_types.append(picked_export(self, inner[0]) or self.type_of(inner[0]))
                    self.verdict_return(inner[0])  # a predicate helper's true verdicts (verdicts.py)
            return _EXIT
        if t == "if_statement":
            return self._if(s)
        if t == "statement_block":
            return self.exec_block(self._hoist(s))
        if t == "throw_statement":
            inner = [c for c in s.named_children if c.type != "comment"]
            if inner:
                v = errorconfigs.rethrown(self, inner[0], self.ev(inner[0]))  # throw error: its message only
                if v and not self._ret_stack:
                    self.raises.append((self.mod.src.pos(s), add_step(v, self.step(s, "raised to the caller"))))
            return _EXIT
        if t in ("for_statement", "for_in_statement", "while_statement", "do_statement"):
            self._loop(s)
            return None
        if t == "switch_statement":
            return self._switch(s)
        if t == "try_statement":
            return self._try(s)
        if t == "break_statement":
            if self._breaks:
                self._breaks[-1].append(dict(self.env))
            return _BREAK
        if t == "continue_statement":
            return _CONTINUE
        if t in ("function_declaration", "generator_function_declaration"):
            name = s.child_by_field_id(self.F.name)
            if name is not None:
                self.local_fns[N.text(self.data, name)] = s
                if self.node is None:
                    pass  # module-level functions are summarised by the module pass
            return None
        if t in ("class_declaration",):
            if self.node is not None:
                self.mod.nested_class(s, self)
            return None
        if t == "export_statement":
            decl = s.child_by_field_id(self.F.declaration)
            if decl is not None:
                return self.exec_stmt(decl)
            val = s.child_by_field_id(self.F.value)
            if val is not None:
                self.ev(val)
            return None
        if t == "labeled_statement":
            body = s.child_by_field_id(self.F.body)
            return self.exec_stmt(body) if body is not None else None
        if t == "with_statement":
            body = s.child_by_field_id(self.F.body)
            return self.exec_stmt(body) if body is not None else None
        if t == "expression":  # pragma: no cover - grammar variants
            self.ev(s)
        return None

    def _imported_module(self, node) -> str:
        """The package an identifier names when it is an import of a whole package (``import
        https from "node:https"``, not a local or a project module), else ""."""
        u = N.unwrap(node)
        if u is None or u.type != "identifier":
            return ""
        name = N.text(self.data, u)
        d = self.mod.imports.get(name, "") if name not in self.locals else ""
        return d if d and "#" not in d and "." not in d else ""

    def _module_choice(self, name: str, node) -> None:
        """``const client = url.startsWith("https:") ? https : http``: either package, whose
        functions of the same name do the same (a request, a file access): calls through
        ``client`` are the first package's (``client.get(url)`` is ``https.get``), so that the
        sink both have is seen."""
        arms = [node.child_by_field_id(self.F.consequence), node.child_by_field_id(self.F.alternative)]
        mods = [self._imported_module(a) if a is not None else "" for a in arms]
        if all(mods):
            self.fn_alias[name] = mods[0]

    def _declarator(self, d, lexical: bool = False) -> None:
        name = d.child_by_field_id(self.F.name)
        value = d.child_by_field_id(self.F.value)
        if name is None:
            return
        if self._scopes:
            for n in ([N.text(self.data, name)] if name.type == "identifier" else self._pattern_names(name)):
                self._declare(n)
        if self.loop_decls:
            loops.declared(self, loops.bound_names(self.data, name), lexical)
        if value is None:
            if name.type == "identifier":
                n = N.text(self.data, name)
                self.locals.add(n)
                self.env[n] = EMPTY
                ann = d.child_by_field_id(self.F.type)
                if ann is not None:
                    tp = self.resolve_type(N.type_name(self.data, ann) or "")
                    if tp:
                        self.types[n] = tp
            return
        v = N.unwrap(value)
        ownrecords.note_declared(self, name, v)  # const { secret } = await sdk.createSecret(n, { secretValue })
        if name.type == "identifier":
            n = N.text(self.data, name)
            self.locals.add(n)
            freshkeys.note_declared(self, n, v)  # const apiKey = generateApiKey()
            if v is not None and v.type in N.FUNCTIONS:
                self.local_fns[n] = v
                self.env[n] = EMPTY
                return
            if v is not None and v.type == "regex":
                pat, flags = v.child_by_field_id(self.F.pattern), v.child_by_field_id(self.F.flags)
                self.local_regexes[n] = (N.text(self.data, pat) if pat is not None else "",
                                         N.text(self.data, flags) if flags is not None else "")
            ann = d.child_by_field_id(self.F.type)
            if ann is not None:
                tp = self.resolve_type(N.type_name(self.data, ann) or "")
                if tp:
                    self.types[n] = tp
                declared_type(self, n, ann)  # const r: Report (statusrecords.py)
        self.assign_value(name, value)
        if name.type == "object_pattern":
            destructured_types(self, name, v)  # const { indexer } = deps, deps: Deps (ifacefields.py)

    def assign_value(self, target, value) -> None:
        """``target = value`` where target is a name, a pattern or a member."""
        v = self.ev(value)
        self.assign_pattern(target, v, value)

    def _assign_array(self, target, v: Taint, value_node=None) -> None:
        """``[a, b = d, ...rest] = v``: every element may hold what ``v`` holds; the key of a
        [key, value] pair of a mapping (Object.entries) holds none of its secrets. Each element
        of ``[{ A }, b] = await Promise.all([import("./a.js"), import("b")])`` is that import."""
        items = N.promise_all_items(self.data, value_node) if value_node is not None else None
        pairs = bool(v) and all(ENTRY_PAIRS in i.clean for i in v.values())
        if pairs:  # [key, value] of Object.entries(m): the key holds no secret of m
            v = {label: i.replace(clean=i.clean - {ENTRY_PAIRS}) for label, i in v.items()}
        pos = 0
        for c in target.children:
            if c.type == ",":
                pos += 1
            if not c.is_named or c.type == "comment":
                continue
            item = items[pos] if items is not None and pos < len(items) else None
            if item is not None and self.mod.require_of(N.unwrap(item)) is not None:
                self.assign_pattern(c, EMPTY, item)  # a module loaded by import(): its names
                continue
            if pairs and pos == 0:  # the key: a name (zodkeys.py)
                self.assign_pattern(c, mark(desecret(v), clean=frozenset({KEY_NAME})), None)
                continue
            if pos == 0 and c.type == "identifier" and value_node is not None and blank_split(self.data, value_node):
                self.assign_pattern(c, first_word(v), None)  # [program, ...args] = line.split(" ")
                continue
            if c.type == "assignment_pattern":
                left = c.child_by_field_id(self.F.left)
                if left is not None:
                    self.assign_pattern(left, union(v, self.ev(c.child_by_field_id(self.F.right))), None)
            elif c.type == "rest_pattern":
                inner = c.named_children
                if inner:
                    self.assign_pattern(inner[0], v, None)
            else:  # [name, ext] = f.split("."): each piece holds no '.' (splitpieces.py)
                self.assign_pattern(c, element_value(self, value_node, v), None)

    def assign_pattern(self, target, v: Taint, value_node, source_var: Optional[str] = None,
                       note: bool = True) -> None:
        t = target.type
        if t == "identifier" or t == "shorthand_property_identifier_pattern":
            name = N.text(self.data, target)
            self._set_var(name, v, value_node, target, note)
        elif t == "object_pattern":
            src = source_var or (N.var_of(self.data, value_node) if value_node is not None else None)
            parsed = self._parsed_schema(value_node) if src is None and value_node is not None else None
            loaded = self.mod.require_of(N.unwrap(value_node)) if value_node is not None else None
            if loaded is not None:
                # const { execSync } = await import("child_process") / require(...)
                for c in target.named_children:
                    if c.type == "shorthand_property_identifier_pattern":
                        n = N.text(self.data, c)
                        self.locals.add(n)
                        self.fn_alias[n] = self.mod.member(loaded, n)
                    elif c.type == "pair_pattern":
                        k = N.prop_key(self.data, c.child_by_field_id(self.F.key))
                        tgt = c.child_by_field_id(self.F.value)
                        if k and tgt is not None and tgt.type == "identifier":
                            self.locals.add(N.text(self.data, tgt))
                            self.fn_alias[N.text(self.data, tgt)] = self.mod.member(loaded, k)
                return
            for c in target.named_children:
                if c.type == "rest_pattern":
                    inner = c.named_children
                    if inner:  # { accessToken: _r, ...safe }: the rest without the secret split off
                        self.assign_pattern(inner[0], rest_value(self, target, v, src, value_node), None)
                    continue
                entry = N.pattern_property(self.data, c)
                if entry is None:
                    continue
                key, tgt, default = entry
                fv = self.read_field(v, src, key, c)
                if parsed and fv:
                    fams = self.schema_proof(parsed, key)
                    if fams:
                        fv = mark(fv, clean=fams)
                if default is not None:
                    fv = union(fv, self.ev(default))
                self.assign_pattern(tgt, fv, None, source_var=(src + "." + key) if src else None)
                if src is not None and self._is_name_path(src + "." + key) or envelopes.names_tool(self, target, key, value_node):
                    if tgt.type in ("identifier", "shorthand_property_identifier_pattern"):
                        self.name_vars.add(N.text(self.data, tgt))
                if src is not None and tgt.type in ("identifier", "shorthand_property_identifier_pattern"):
                    sub = src + "." + key
                    if sub in self.schema_vars:
                        self.schema_vars[N.text(self.data, tgt)] = self.schema_vars[sub]
        elif t == "array_pattern":
            self._assign_array(target, v, value_node)
            if value_node is not None and self.holds_name_piece(N.unwrap(value_node)):
                # const [category, ...rest] = request.params.name.split("_"): pieces of the name
                sep = self._split_at(N.unwrap(value_node))
                if sep:
                    self.mod.name_splits[self.qualname] = sep
                for c in target.named_children:
                    c = c.named_children[0] if c.type == "rest_pattern" and c.named_children else c
                    if c.type == "identifier":
                        self.name_vars.add(N.text(self.data, c))
        elif t in ("member_expression", "subscript_expression"):
            d = N.var_of(self.data, target)
            if d is not None and (d.startswith("this.") or "." in d):
                base = d.split(".")[0]
                self.literal_objects.difference_update([o for o in self.literal_objects if o == d or o.startswith(d + ".")])
                restfields.note_store(self, d, v)  # o.k = ...: what o's field k holds (restfields.py)
                restfields.note_value(self, d, value_node)  # (read before the store: { ...o, k })
                self.env[d] = add_step(v, self.step(target, f"stored in '{d}'")) if v else v
                self.fields.setdefault(base, set()).add(d)
                note_field(self, d, value_node)  # this.tools = <a list> (instancelists.py)
                if base != "this" and v:
                    self.env[base] = union(self.env.get(base, EMPTY), v)
                if value_node is not None:
                    tp = self.type_of(value_node)
                    if tp:
                        self.types[d] = tp
                        service_field(self, d, tp)  # this.customSearch = google.customsearch("v1").cse
                    cs = self.const_of(value_node)
                    if cs is not None:
                        self.consts[d] = cs
            else:
                obj = target.child_by_field_id(self.F.object)
                base = N.var_of(self.data, obj) if obj is not None else None
                if base and v:
                    self.env[base] = union(self.env.get(base, EMPTY), v)
                    note_write(self, base, v)  # seen[i] = v of a parameter: the caller's list (outparams.py)
        elif t == "assignment_pattern":
            left = target.child_by_field_id(self.F.left)
            if left is not None:
                self.assign_pattern(left, union(v, self.ev(target.child_by_field_id(self.F.right))), value_node)
        elif t in N.WRAPPERS:
            inner = N.unwrap(target)
            if inner is not None and inner is not target:
                self.assign_pattern(inner, v, value_node, source_var)

    def _object_fields(self, base: str, name: str, node, depth: int) -> None:
        """Per-property taint of an object literal, so o.url and o.headers stay apart; with its
        spreads (``"<name>....<n>"``) and, one level down, the properties of an object-valued
        property, each an env entry: the object is then known whole (``literal_objects``)."""
        whole = True
        for i, c in enumerate(node.named_children):
            if c.type == "spread_element":
                self.env[f"{name}....{i}"] = self.ev_quiet(c)
                self.fields.setdefault(base, set()).add(f"{name}....{i}")
            elif c.type not in ("pair", "shorthand_property_identifier", "comment"):
                whole = False  # a method, a computed key
        for key, vnode in N.object_props(self.data, node).items():
            if vnode.type == "method_definition" or N.is_function(vnode):
                continue
            fv = self.ev_quiet(vnode)
            self.env[f"{name}.{key}"] = fv
            self.fields.setdefault(base, set()).add(f"{name}.{key}")
            cs = self.const_of(vnode)
            if cs is not None:
                self.consts[f"{name}.{key}"] = cs
            inner = N.unwrap(vnode)
            if depth < 1 and inner is not None and inner.type == "object":
                self._object_fields(base, f"{name}.{key}", inner, depth + 1)
        if whole:
            self.literal_objects.add(name)

    def _set_var(self, name: str, v: Taint, value_node, at, note: bool = True) -> None:
        how = "stored in" if self.global_store(name, at) else "assigned to"  # a module variable: state.py
        self.locals.add(name)
        restfields.note_value(self, name, value_node)  # an object literal's fields (restfields.py)
        self.env[name] = add_step(v, self.step(at, f"{how} '{name}'")) if v and note else v
        fields, old_list = self.fields.pop(name, None), self.list_refs.get(name)
        if fields:
            for d in fields:
                self.env.pop(d, None)
        for table in (self.types, self.consts, self.url_prefixes, self.choices, self.list_choices, self.lists, self.derived, self.case_copies, self.row_keys, self.relchecks, self.fn_alias,
                      self.schema_vars, self.dispatch_vars, self.dispatch_fields, self.list_refs):
            table.pop(name, None)
        for names in (self.constant_vars, self.sep_vars, self.host_vars, self.name_vars):
            names.discard(name)
        self.literal_objects.difference_update([o for o in self.literal_objects if o == name or o.startswith(name + ".")])
        discriminated.track(self, name, value_node)  # { isError: true, ... }: discriminated.py
        mapfields.track(self, name, value_node)  # records[0].filepath of a map's callback (mapfields.py)
        cmdwords.track(self, name, value_node)  # a command line's words (cmdwords.py)
        verdictvars.track(self, name, value_node)  # a check's verdict kept in a name (verdictvars.py)
        errorconfigs.track(self, name, value_node)  # another name of a caught error
        if value_node is None:
            return
        node = N.unwrap(value_node)
        if node is None:
            return
        if node.type == "await_expression":
            inner = node.named_children
            node = N.unwrap(inner[0]) if inner else None
            if node is None:
                return
        t = node.type
        scratch.track(self, name, node)
        errorbodies.track(self, name, node)
        if t == "object":
            self._object_fields(name, name, node, 0)
        elif (elems := list_elements(self, node)) is not None:  # [..], cond ? [..] : [..] (branchlists.py)
            self.lists[name] = [(n, add_step(v, self.step(n, f"placed in '{name}'")) if v else v, c, s)
                                for n, v, c, s in elems]  # each caller value placed shows the step (an argv's flow)
        if t in ("array", "ternary_expression", "identifier"):
            vals = choices.list_values(self, node)
            if vals is not None:
                self.list_choices[name] = vals
        elif t == "call_expression" and self.kept_list(node) is not None:
            kept = self._list_of(self.kept_list(node))  # [...].filter(Boolean)
            if kept is not None:
                self.lists[name] = kept
        record_row_keys(self, name, node)  # a row looked up by key (rowkeys.py)
        ref = self.list_source(node)
        if ref:
            self.list_refs[name] = either_list(self, old_list, ref, node)  # instancelists.py
        self.loop_fields.pop(name, None)
        if ref is None:
            self.entry_records(name, node)
        track_loop_pick(self, name, node)
        publish_local_list(self, name, node)  # locallists.py
        cs = self.const_of(node)
        track_prefix(self, name, node)  # a URL built on a fixed origin (hostconsts.py)
        if cs is not None:
            self.consts[name] = cs
        elif self.is_constant(node):
            self.constant_vars.add(name)
        tp = self.type_of(node)
        if tp:
            self.types[name] = tp
        if sep_ended(self, node, t):  # path.sep, or const prefix = dir + sep: ends with one (sepvalues.py)
            self.sep_vars.add(name)
        if t in ("subscript_expression", "call_expression"):
            table = self.picked_table(node)
            if table:
                self.dispatch_vars[name] = table  # handler = HANDLERS[request.params.name]
        self._track_picked(name, node, t)
        serialised_url(self, name, node)  # v = u.toString(), u = new URL(x): no option (urltext.py)
        if t in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_id(self.F.object)
            if obj is not None and ((self.dotted(obj) or "").endswith("#") or required_package(self, obj)):
                # upload = storage.uploadFile (a project module), google = googleapis.google (a
                # package required in the function, requiredmembers.py): the module's export itself
                self.fn_alias[name] = self.dotted(node) or ""
            d = N.var_of(self.data, node)
            if d is not None and self._is_name_path(d):
                self.name_vars.add(name)
            if d is not None and d in self.schema_vars:
                self.schema_vars[name] = self.schema_vars[d]
            self._track_host(name, node)
        elif t == "identifier":
            other = N.text(self.data, node)
            if other in self.name_vars:
                self.name_vars.add(name)
            if other in self.fn_alias:
                self.fn_alias[name] = self.fn_alias[other]
            elif self._imported_module(node):
                self.fn_alias[name] = self._imported_module(node)  # const client = https
            if other in self.schema_vars:
                self.schema_vars[name] = self.schema_vars[other]
        elif t == "ternary_expression":
            self._module_choice(name, node)
        elif t in ("call_expression", "new_expression"):
            self._track_call(name, node)
            if t == "call_expression":
                self.track_realpath(name, node)

    def _track_picked(self, name: str, node, t: str) -> None:
        """``t = entry.tool``: a field of the entry the tool's name picked; ``parts =
        name.split("__")``, ``name = parts[parts.length - 1]``: a piece of the tool's name (a
        client's prefixed form of it, normalised) still names the tool."""
        obj = N.unwrap(node.child_by_field_id(self.F.object)) if t in ("member_expression", "subscript_expression") else None
        base = N.text(self.data, obj) if obj is not None and obj.type == "identifier" else None
        if t == "member_expression" and base in self.dispatch_vars:
            self.dispatch_vars[name] = self.dispatch_vars[base]
            self.dispatch_fields[name] = self.dispatch_fields.get(base, "") + \
                N.text(self.data, node.child_by_field_id(self.F.property)) + "."
        elif t == "subscript_expression" and base in self.name_vars:
            self.name_vars.add(name)
        elif t == "call_expression" and self.holds_name_piece(node):
            self.name_vars.add(name)

    def holds_name_piece(self, node) -> bool:
        """``name.split("__")``, ``rest.join("_")``, ``parts.slice(1).join("_")``: a chain of
        string and list methods over a variable holding (pieces of) the tool's name."""
        while node is not None and node.type == "call_expression":
            fn = N.unwrap(node.child_by_field_id(self.F.function))
            if fn is None or fn.type != "member_expression" or \
                    N.text(self.data, fn.child_by_field_id(self.F.property)) not in _NAME_PIECES | {"join"}:
                return False
            node = N.unwrap(fn.child_by_field_id(self.F.object))
            if node is not None and node.type == "identifier":
                return N.text(self.data, node) in self.name_vars
            if node is not None and node.type == "member_expression":
                d = N.var_of(self.data, node)
                return d is not None and d.endswith("params.name")
        return False

    def _split_at(self, node) -> Optional[str]:
        """The constant ``x.split("_")`` splits at (the call ``node`` is), or None."""
        fn = N.unwrap(node.child_by_field_id(self.F.function)) if node.type == "call_expression" else None
        if fn is None or fn.type != "member_expression" or N.text(self.data, fn.child_by_field_id(self.F.property)) != "split":
            return None
        args = N.args_of(node)
        return N.string_value(self.data, args[0]) if len(args) == 1 else None

    def _is_name_path(self, d: str) -> bool:
        return d.endswith("params.name") or d.endswith(".toolName") or d in self.name_vars
