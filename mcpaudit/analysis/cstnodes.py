"""Small questions about libcst nodes that every part of the analysis asks: the constant value
of a string, the dotted name of an expression, the variable a check is about, the statements and
calls inside a statement. No taint here, and no library knowledge."""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional

from ..lazycst import Visitor, cst, later

from .positions import collect, field_kids, flat_body
from .taintvalue import Taint, union
from .visitorder import find_all as _find_all, visit


def named_params(fn: cst.FunctionDef) -> List[cst.Param]:
    """A function's named parameters: positional-only, ordinary and keyword-only (not ``*args``
    nor ``**kwargs``)."""
    p = fn.params
    return [*p.posonly_params, *p.params, *p.kwonly_params]


def find_all(node: cst.CSTNode, types) -> List[cst.CSTNode]:
    """Every node under ``node`` (itself included), in source order, that is an instance of
    ``types`` (a class or a tuple of classes): ``libcst.matchers.findall`` with a type matcher,
    without importing ``libcst.matchers`` (a fifth of a second of start-up), and without a
    visitor (visitorder.py)."""
    return _find_all(node, types)


def nodes_of(node: cst.CSTNode, types) -> List[cst.CSTNode]:
    """Every node under ``node`` (itself included) that is an instance of ``types``, in no
    particular order: :func:`find_all` for callers that only collect a set, four times faster
    (:func:`positions.walk` over the fields, with no visitor and no whitespace or tokens)."""
    return collect(node, types)


_PLAIN_PREFIX = {"": False, "r": True, "R": True, "u": False, "U": False}


def string_value(node) -> Optional[str]:
    t = type(node)  # exact types: libcst's concrete classes are final (positions.flat_body)
    if t is cst.SimpleString:
        raw = node.value
        # fast path: no escapes to interpret (evaluated_value runs ast.literal_eval, a compile)
        q = raw.find(raw[-1])
        prefix = raw[:q]
        if prefix in _PLAIN_PREFIX and (_PLAIN_PREFIX[prefix] or "\\" not in raw):
            quote = raw[q:q + 3] if raw[q:q + 3] in ('"""', "'''") else raw[q]
            return raw[q + len(quote):len(raw) - len(quote)]
        try:
            v = node.evaluated_value
        except Exception:
            return None
        return v.decode("latin-1") if isinstance(v, bytes) else v
    if t is cst.ConcatenatedString:
        left, right = string_value(node.left), string_value(node.right)
        if left is None or right is None:
            return None
        return left + right
    return None


def tool_name_text(node) -> Optional[str]:
    """A tool name as written: a literal, or an f-string whose leading and trailing expressions
    are a configured prefix or suffix (``f"{prefix}sqlite_execute"``: ``sqlite_execute``);
    expressions inside the text stay as ``{expr}``. None when nothing literal is left."""
    text = string_value(node)
    if text is not None or type(node) is not cst.FormattedString:
        return text
    parts = list(node.parts)
    while parts and isinstance(parts[0], cst.FormattedStringExpression):
        parts.pop(0)
    while parts and isinstance(parts[-1], cst.FormattedStringExpression):
        parts.pop()
    if not parts:
        return None
    out = []
    for p in parts:
        if isinstance(p, cst.FormattedStringText):
            out.append(p.value)
        else:
            out.append("{" + CODEGEN.code_for_node(p.expression).strip() + "}")
    return "".join(out) or None


def const_prefix(node) -> str:
    """The constant text a string expression starts with (for f-strings and ``+``)."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return string_value(node) or ""
    if isinstance(node, cst.FormattedString):
        out = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                out.append(part.value)
            else:
                break
        return "".join(out)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return const_prefix(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return const_prefix(node.func.value)
    return ""


def is_literal(node) -> bool:
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary)):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return is_literal(node.left) and is_literal(node.right)
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return True
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(e, cst.Element) and is_literal(e.value) for e in node.elements)
    if isinstance(node, cst.UnaryOperation):
        return is_literal(node.expression)
    return False


def simple_name(node) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = simple_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


#: One empty module to render nodes with (building one per call validated it every time).
CODEGEN = later(lambda: cst.Module([]))


def dotted_text(node) -> str:
    """The text of an import's dotted name (``a.b.c``), without a codegen pass for the usual
    unparenthesised, unspaced case."""
    parts = []
    cur = node
    while isinstance(cur, cst.Attribute) and not cur.lpar and _tight(cur.dot):
        parts.append(cur.attr.value)
        cur = cur.value
    if isinstance(cur, cst.Name) and not cur.lpar:
        parts.append(cur.value)
        return ".".join(reversed(parts))
    return CODEGEN.code_for_node(node)


def _tight(dot) -> bool:
    wb, wa = dot.whitespace_before, dot.whitespace_after
    return isinstance(wb, cst.SimpleWhitespace) and not wb.value and \
        isinstance(wa, cst.SimpleWhitespace) and not wa.value


def annotation_text(ann) -> Optional[str]:
    if ann is None:
        return None
    simple = simple_name(ann.annotation)
    if simple is not None:
        return simple
    try:
        return CODEGEN.code_for_node(ann.annotation).strip()
    except Exception:  # pragma: no cover
        return None


def ann_parts(text: str) -> List[str]:
    return [p for p in re.split(r"[\[\]\s,|]+", text) if p]


def short_name(fq: str) -> str:
    return fq.replace("()", "").rsplit(".", 1)[-1]


def merge_env(a: Dict[str, Taint], b: Dict[str, Taint]) -> Dict[str, Taint]:
    if a is b:
        return dict(a)
    out = dict(a)
    for k, v in b.items():
        prev = out.get(k)
        if prev is None:
            out[k] = v
        elif prev is not v:
            out[k] = union(prev, v)
    return out


def var_of(node) -> Optional[str]:
    """The variable a check or a mutation is about (``x``, ``x.strip()``, ``str(x)``)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
        return f"{node.value.value}.{node.attr.value}"
    if isinstance(node, cst.Attribute) and node.attr.value in ("hostname", "netloc", "host", "scheme"):
        return var_of(node.value)
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or) and (
            string_value(node.right) == "" or (isinstance(node.right, cst.Name) and node.right.value == "None")):
        # ``str(v or "")``: the text checked is v's own, or empty when v is (None, "")
        return var_of(node.left)
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("strip", "lower", "upper", "casefold", "rstrip", "lstrip"):
            return var_of(node.func.value)
        if isinstance(node.func, cst.Name) and node.func.value in ("str", "Path", "urlparse", "urlsplit") and node.args:
            return var_of(node.args[0].value)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("urlparse", "urlsplit") and node.args:
            return var_of(node.args[0].value)
    return None


def is_call_to(node, name: str) -> bool:
    return isinstance(node, cst.Call) and (
        (isinstance(node.func, cst.Attribute) and node.func.attr.value == name)
        or (isinstance(node.func, cst.Name) and node.func.value == name))


def elements(node):
    if isinstance(node, (cst.List, cst.Tuple)):
        return [e.value for e in node.elements]
    return [node]


def comp_fors(f):
    while f is not None:
        yield f
        f = f.inner_for_in


_NESTED = later(lambda: frozenset((cst.IndentedBlock, cst.SimpleStatementSuite, cst.Else, cst.Finally, cst.If)))


def walk_stmts(stmts):
    """Every statement of ``stmts`` and of the blocks they hold, in source order (a statement
    before its blocks; ``body``, ``orelse``, ``finalbody``, then the handlers). One stack, not a
    generator per level: a 600-branch ``elif`` chain is walked in linear time (nested generators
    passed each statement up through every enclosing level: quadratic, rev52p)."""
    return _stmts(stmts, False)


def _stmts(stmts, own: bool):
    """:func:`walk_stmts`; with ``own``, without the functions and classes defined in ``stmts``
    (neither they nor their bodies: :func:`own_stmts`)."""
    stack = [iter(stmts)]
    while stack:
        s = next(stack[-1], _END)
        if s is _END:
            stack.pop()
            continue
        ts = type(s)
        if own and (ts is cst.FunctionDef or ts is cst.ClassDef):
            continue
        yield s
        if ts is cst.SimpleStatementLine:
            continue
        blocks = []
        for attr in ("body", "orelse", "finalbody"):
            b = getattr(s, attr, None)
            tb = type(b)
            if b is None or tb not in _NESTED:
                continue
            if tb is cst.If:
                blocks.append((b,))
                continue
            inner = b.body if tb is cst.Else or tb is cst.Finally else b
            blocks.append(flat_body(inner))
        for h in getattr(s, "handlers", ()) or ():
            blocks.append(flat_body(h.body))
        stack.extend(iter(b) for b in reversed(blocks))


_END = object()


def placed_value(consts, node):
    """What ``node`` adds to an argv whose constant elements are ``consts`` (``argv.append(v)``,
    ``argv.extend(["-a", v])``): (the whole argv's constants, None for the value, the value's index,
    the value's node) when it adds exactly one value that is not constant; None otherwise (a splat,
    several values). Shared by argvruns.placed_runs and codeopts.placed_option_step."""
    consts = list(consts)
    if not isinstance(node, (cst.List, cst.Tuple)):
        return consts + [None], len(consts), node
    if any(isinstance(e, cst.StarredElement) for e in node.elements):
        return None
    whole = consts + [string_value(e.value) for e in node.elements]
    at = [len(consts) + j for j, e in enumerate(node.elements) if whole[len(consts) + j] is None]
    if len(at) != 1:
        return None
    return whole, at[0], node.elements[at[0] - len(consts)].value


def own_stmts(stmts):
    """The statements of a body and of its compound statements, not those of functions or
    classes defined in it (their returns are theirs): :func:`walk_stmts` without them (rev53: the
    handlers of ``try ... except*`` too, whose blocks this walk used to take for statement lists,
    a TypeError)."""
    return _stmts(stmts, True)


def calls_in_stmt(stmt):
    """The calls in ``stmt``, not in the blocks it holds (last field first, as a stack walks
    them; the tokens, which hold no call and no block, are not walked)."""
    out = []
    stack = [stmt]
    pop, extend = stack.pop, stack.extend
    while stack:
        n = pop()
        tn = type(n)
        if tn is cst.Call:
            out.append(n)
        elif tn in _BLOCK_TYPES and n is not stmt:
            continue
        extend(field_kids(n))
    return out


_BLOCK_TYPES = later(lambda: frozenset((cst.IndentedBlock, cst.SimpleStatementSuite)))


_RESPONSE = re.compile(r"(?i)^(resp|res|rsp)$|response$")


def _is_response(node) -> bool:
    """``response`` / ``resp`` / ``self.last_response`` / ``exc.response``: an HTTP response."""
    name = node.attr.value if isinstance(node, cst.Attribute) else node.value if isinstance(node, cst.Name) else ""
    return bool(_RESPONSE.search(name))


def whole_names(node) -> List[str]:
    """Argument dicts and header maps logged as a whole (``arguments``, ``request.headers``)."""
    out = []
    if isinstance(node, cst.Name) and node.value in ("arguments", "kwargs", "headers", "args_dict"):
        out.append(node.value)
    elif isinstance(node, cst.Attribute) and node.attr.value == "headers" and not _is_response(node.value):
        out.append("headers")  # response.headers: what the remote end sent back, not our credentials
    elif isinstance(node, cst.FormattedString):
        for p in node.parts:
            if isinstance(p, cst.FormattedStringExpression):
                out.extend(whole_names(p.expression))
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("str", "repr", "dict") and node.args:
        out.extend(whole_names(node.args[0].value))
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "dumps" and node.args:
        out.extend(whole_names(node.args[0].value))
    return out


def split_source(node) -> Optional[str]:
    """``shlex.split(x)`` / ``x.split()`` as a whole argv: the split's name, else None."""
    if isinstance(node, cst.Call):
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value == "split":
            if isinstance(f.value, cst.Name) and f.value.value == "shlex":
                return "shlex.split"
            return ".split()"
        if isinstance(f, cst.Name) and f.value == "split":
            return "split"
    return None


def has_list_side(node) -> bool:
    return isinstance(node.operator, cst.Add) and (
        isinstance(node.left, (cst.List, cst.Tuple)) or isinstance(node.right, (cst.List, cst.Tuple)))


def sql_detail(node) -> str:
    if isinstance(node, cst.FormattedString):
        return "the query is an f-string"
    if isinstance(node, cst.BinaryOperation):
        return "the query is built with '%'" if isinstance(node.operator, cst.Modulo) else "the query is built by concatenation"
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return "the query is built with .format()"
    return ""


def constructed(node) -> Optional[cst.Call]:
    """The call that builds a value, through a conditional or a default
    (``pm if pm else ProcessManager()``, ``client or Client()``, ``await make()``); None when the
    value is not built by a call."""
    if isinstance(node, cst.Await):
        node = node.expression
    if isinstance(node, cst.Call):
        return node
    if isinstance(node, cst.IfExp):
        return constructed(node.body) or constructed(node.orelse)
    if isinstance(node, cst.BooleanOperation):
        return constructed(node.right) or constructed(node.left)
    return None


class _Mentions(Visitor):
    def __init__(self, name: str):
        self.name = name
        self.found = False

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value == self.name:
            self.found = True
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if "." in self.name and names_var(node, self.name):
            self.found = True  # a dotted "variable": params.name
            return False
        visit(node.value, self)  # the attribute's own name is not a variable
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        visit(node.value, self)  # nor is a keyword
        return False


def names_var(node, name: str) -> bool:
    """Whether the expression is the variable ``name``, or for a dotted ``name`` (``params.name``)
    that attribute of a variable."""
    if isinstance(node, cst.Name):
        return node.value == name
    return "." in name and isinstance(node, cst.Attribute) and dotted_text(node) == name


def mentions(node, name: str) -> bool:
    """Whether the expression uses the variable ``name`` anywhere in it."""
    v = _Mentions(name)
    visit(node, v)
    return v.found

def option_operand(consts, i: int, operands, unnamed: Optional[FrozenSet[str]] = None) -> bool:
    """Whether argv element ``i`` is the value of the constant option before it (``git commit
    -m <message>``), per ``operands`` ("program subcommand" or "program" -> options that take a
    value), or "*" -> long options that take a value whatever the program (also when the list is
    only the arguments and the program is added elsewhere); with ``unnamed`` (long options
    known as flags), in a list that does not name its program (it starts with an option or a
    variable), any other ``--long`` option;
    ``consts`` are the constant elements (None where not constant)."""
    if i < 1 or not consts or not consts[i - 1]:
        return False
    prev = consts[i - 1]
    if prev in operands.get("*", ()):
        return True  # a long option that takes a value in every program (--config <file>)
    module = not consts[0] and len(consts) > 3 and consts[1] == "-m" and bool(consts[2]) and i >= 4
    # [sys.executable, "/opt/vol/vol.py", ...]: an interpreter from a variable running a script
    # the models describe (keyed by its file name, as below)
    script = not consts[0] and i >= 3 and bool(consts[1]) and consts[1].rsplit("/", 1)[-1] in operands
    if unnamed is not None and not module and not script and (not consts[0] or consts[0].startswith("-")):
        # the list does not name its program (["--context", ctx], added to an argv elsewhere):
        # a long option followed by a separate element takes it as its value in the usual parsers
        return prev.startswith("--") and len(prev) > 2 and "=" not in prev and prev not in unnamed \
            and not prev.startswith("--no-")
    if module:
        prog, start = consts[2], 3  # [sys.executable, "-m", "pytest", ...]: the module's options
    elif i < 2 or not (consts[0] or script):
        return False
    else:
        prog, start = (consts[0] or "").rsplit("/", 1)[-1], 1
    if prog not in operands and i >= 3 and consts[1] and not consts[1].startswith("-") \
            and consts[1].rsplit("/", 1)[-1] in operands:
        # an interpreter or launcher running the script or program named next (python3
        # /opt/XSStrike/xsstrike.py -u URL): that script's options, keyed by its file name
        prog, start = consts[1].rsplit("/", 1)[-1], 2
    sub = next((c for c in consts[start:i - 1] if c and not c.startswith("-")), None)
    return _takes(prev, operands.get(f"{prog} {sub}", ())) or _takes(prev, operands.get(prog, ()))


def _takes(option: str, known) -> bool:
    """``option`` is one of ``known``, or a form of a ``-c:*`` entry: that option alone or with a
    specifier after ':' (ffmpeg's ``-c:v``, ``-b:a:0``: the stream it applies to)."""
    return option in known or (option.partition(":")[0] + ":*") in known


def file_operand(consts, i: int, programs, operands=None) -> Optional[str]:
    """The program when argv element ``i`` is a file it changes: an operand (not a constant
    option, not the value of an option that takes one, per ``operands`` as for
    :func:`option_operand`) of a program that changes the files its operands name, after the
    operands it takes first (``chmod MODE FILE``: ``programs`` maps "chmod" to 1); ``consts`` as
    for :func:`option_operand`. None otherwise."""
    if i < 1 or not consts or not consts[0]:
        return None
    prog = consts[0].rsplit("/", 1)[-1]
    before, start = programs.get(prog), 1
    if before is None:
        # a command of the program that copies files ("kubectl cp": ``programs`` maps it to 0),
        # or of a tool the program runs ("xcrun simctl io"): its first constant words, the
        # operands counted after them
        words = [j for j in range(1, i) if consts[j] and not consts[j].startswith("-")
                 and not (operands and option_operand(consts, j, operands))][:2]
        hit = next((n for n in (1, 2) if len(words) >= n and words[n - 1] == words[0] + n - 1
                    and " ".join([prog, *(consts[j] for j in words[:n])]) in programs), None)
        if hit is None:
            return None
        prog = " ".join([prog, *(consts[j] for j in words[:hit])])
        before, start = programs[prog], words[hit - 1] + 1
    if operands and option_operand(consts, i, operands):
        return None
    count = sum(1 for j in range(start, i) if (consts[j] is None or not consts[j].startswith("-"))
                and not (operands and option_operand(consts, j, operands)))
    return prog if count >= before else None


def url_operand(consts, i: int, commands, operands=None) -> Optional[str]:
    """The command ("git clone", "curl") when argv element ``i`` is the operand it fetches from
    (``commands`` maps the command to that operand's number among the operands after it:
    options and their values, per ``operands`` as for :func:`option_operand`, are not counted);
    ``consts`` as for :func:`option_operand`. None otherwise."""
    if i < 1 or not consts or not consts[0] or (consts[i] or "").startswith("-"):
        return None
    prog = consts[0].rsplit("/", 1)[-1]
    words = [j for j in range(1, i) if consts[j] and not consts[j].startswith("-")
             and not (operands and option_operand(consts, j, operands))]
    cmd, start = (prog, 1) if prog in commands else (None, 1)
    for n in range(len(words), 0, -1):  # the longest command the first constant words name
        name = " ".join([prog] + [consts[j] for j in words[:n]])
        if name in commands:
            cmd, start = name, words[n - 1] + 1
            break
    if cmd is None or (operands and option_operand(consts, i, operands)):
        return None
    count = sum(1 for j in range(start, i) if (consts[j] is None or not consts[j].startswith("-"))
                and not (operands and option_operand(consts, j, operands)))
    return cmd if count == commands[cmd] else None


_ADDING_METHODS = frozenset({"update", "setdefault", "__setitem__", "__ior__"})


def module_calls(mod) -> List[cst.Call]:
    """Every call of a module analyzer's tree (``mod.module``), in source order: one walk per
    module, shared by whatever reads its calls (handler registrations, configured defaults)."""
    got = mod.__dict__.get("_module_calls")
    if got is None:
        got = mod.__dict__["_module_calls"] = find_all(mod.module, cst.Call)
    return got


def per_node(mod, key: str, node, compute):
    """``compute(node)``, once per node (a function) of the module ``mod`` analyses, kept under
    ``key`` on the module's analyzer, which drops it with the tree: a function is interpreted
    again for each call that inlines it. The node is kept with its result, so its id is not
    reused meanwhile."""
    memo = mod.__dict__.setdefault(key, {})
    hit = memo.get(id(node))
    if hit is None or hit[0] is not node:
        hit = memo[id(node)] = (node, compute(node))
    return hit[1]


def module_mutated(mod) -> frozenset:
    """:func:`mutated_names` of a module analyzer's tree (``mod.module``), computed once per module."""
    got = mod.__dict__.get("_mutated_names")
    if got is None:
        got = mod._mutated_names = mutated_names(mod.module)
    return got


def mutated_names(module: cst.Module) -> frozenset:
    """The names anything in ``module`` writes into after binding them, or rebinds through
    ``global``: ``NAME[k] = v``, ``NAME |= {...}``, ``NAME.update(...)`` / ``.setdefault(...)``,
    ``global NAME``."""
    names: set = set()
    for node in collect(module, (cst.Call, cst.Assign, cst.AugAssign, cst.Global)):
        t = type(node)
        if t is cst.Call:
            f = node.func
            if type(f) is cst.Attribute and type(f.value) is cst.Name and f.attr.value in _ADDING_METHODS:
                names.add(f.value.value)
        elif t is cst.Assign:
            for target in node.targets:
                _subscript_target(target.target, names)
        elif t is cst.AugAssign:
            _subscript_target(node.target, names)
            if type(node.target) is cst.Name:
                names.add(node.target.value)
        elif t is cst.Global:
            names.update(n.name.value for n in node.names)
    return frozenset(names)


def _subscript_target(target, names: set) -> None:
    if type(target) is cst.Subscript and type(target.value) is cst.Name:
        names.add(target.value.value)


def constant_table(node) -> bool:
    """A dict literal whose every value is a constant string (``{"a": "a.csv", ...}``): a lookup in
    it yields one of those strings, never the key it was given."""
    return isinstance(node, cst.Dict) and bool(node.elements) and all(
        isinstance(e, cst.DictElement) and string_value(e.value) is not None for e in node.elements)


def is_abstract(fn: cst.FunctionDef, dotted) -> bool:
    """A method that only declares itself: ``@abstractmethod``, or a body of nothing but a
    docstring, ``pass``, ``...`` or ``raise NotImplementedError``; subclasses provide the code. ``dotted`` names a decorator expression."""
    for d in fn.decorators:
        name = (dotted(d.decorator) or "").split(".")[-1]
        if name in ("abstractmethod", "abstractproperty"):
            return True
    body = flat_body(fn.body)
    if body and isinstance(body[0], cst.Expr) and isinstance(body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        body = body[1:]
    if not body:
        return True
    for stmt in body:
        if isinstance(stmt, cst.Pass) or (isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Ellipsis)):
            continue
        if isinstance(stmt, cst.Raise) and stmt.exc is not None:
            exc = stmt.exc.func if isinstance(stmt.exc, cst.Call) else stmt.exc
            if isinstance(exc, cst.Name) and exc.value == "NotImplementedError":
                continue
        return False
    return True


def target_name(node) -> Optional[str]:
    """The name an unpacked element is stored under: ``user`` of ``user`` and of ``self.user``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def conjuncts(test) -> List[cst.CSTNode]:
    """The parts of ``a and b and c`` (``[test]`` for anything else)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return conjuncts(test.left) + conjuncts(test.right)
    return [test]
