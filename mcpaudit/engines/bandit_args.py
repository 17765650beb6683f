"""Where bandit's call tests fire on arguments that defuse their hazard.

Two blacklist tests name a call and say nothing of what it is given:

* ``B310`` (``urllib.urlopen`` and relatives) warns that a URL may carry ``file:`` or a custom
  scheme. A URL whose text the code fixes to start with ``http://`` or ``https://`` (a literal,
  an f-string or a concatenation with that constant head, or a local name every assignment in the
  function binds to such a value, or a ``Request`` built from one) has its scheme fixed: the
  scheme hazard does not apply (a caller-chosen host is SSRF, which the taint rules report).
* ``B615`` (Hugging Face hub downloads without a pinned revision) warns that the hub's files
  change under the server. For the loaders of data files only (tokenizers, configurations,
  feature extractors and processors: vocabularies and JSON) a new revision cannot run code,
  unless the call passes ``trust_remote_code`` other than a literal false, which loads the
  repository's Python. A model loader whose model name is the operator's configuration (a
  literal, an environment variable, an attribute of a module-level settings object, a constant,
  a field of the instance's or a loaded configuration) and which does not trust remote code
  moves too (issue 12), and so do ``hf_hub_download``/``snapshot_download``/``load_dataset`` of
  such a repository: a new revision swaps the weights the operator chose, and runs no code of
  the repository; one given a function's parameter (through local names and f-strings: a value a
  caller may choose) keeps the finding, unless every caller in the project passes the operator's
  values (:mod:`.bandit_hubcallers`).

* ``B608`` (SQL text built from strings) where every inserted piece is a generated run of
  bind-parameter placeholders (:mod:`.bandit_sql`).

* ``B701`` (jinja2 without autoescape) in a module that renders no HTML: text for a model or
  a document (:mod:`.bandit_templates`).

* ``B601`` (paramiko ``exec_command``) whose command is a string literal (an ``echo`` liveness
  probe, ``uname -a``): no value of anyone's reaches the remote shell.

Such hits move to the audit view with the reason (:func:`demotions`).
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Iterable, List, Optional

from .bandit_hubcallers import WHY as _CALLERS_CONFIGURE
from .bandit_sql import REASON as _PLACEHOLDERS
from .bandit_sql import placeholder_only
from .bandit_templates import REASON as _TEXT_ONLY
from .bandit_templates import renders_text_only

#: URL heads that fix the scheme to the web (B310)
_WEB_SCHEMES = ("http://", "https://")

#: the call B310 names: the URL is its first argument (or ``url=``/``fullurl=``)
_URL_KEYWORDS = ("url", "fullurl")

#: classes whose ``from_pretrained`` loads data files only (B615): their name ends with one of
#: these (AutoTokenizer, BertTokenizerFast, AutoConfig, AutoImageProcessor, AutoFeatureExtractor,
#: AutoProcessor)
_DATA_LOADER_SUFFIXES = ("Tokenizer", "TokenizerFast", "Config", "ImageProcessor", "FeatureExtractor",
                         "Processor")

#: B615 on a model loader whose model the operator configures (a setting, an environment
#: variable, a constant) and which does not trust the repository's code
_CONFIGURED_MODEL = ("the model name is the operator's configuration (a setting, an environment variable, a "
                     "constant or a field of a configuration object), not a value the function is given, and the loader does not trust remote code: a new hub "
                     "revision changes the weights the operator chose, it runs no code of the repository")

REASONS = {
    "B310": "the URL's scheme is fixed to http(s) by the code, so no file: or custom scheme reaches the call",
    "B615": ("the loader reads data files only (a tokenizer, configuration or processor) and does not "
             "trust remote code, so a new hub revision cannot run code in the server"),
    "B608": _PLACEHOLDERS,
    "B701": _TEXT_ONLY,
    "B601": "the command is a string literal: no value reaches the remote shell through it",
}


def _head(node: Optional[ast.AST]) -> Optional[str]:
    """The constant text a string expression starts with, if any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _head(node.values[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _head(node.left)
    return None


def _url_arg(call: ast.Call, keywords=_URL_KEYWORDS) -> Optional[ast.AST]:
    """The call's first argument, or the keyword that names it."""
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg in keywords), None)


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


class _Scopes:
    """The assignments of each local name, per enclosing function (or the module)."""

    def __init__(self, tree: ast.AST) -> None:
        self.module = tree
        self.owner: Dict[int, ast.AST] = {}
        self.binds: Dict[int, Dict[str, List[Optional[ast.AST]]]] = {}
        self.params: Dict[int, set] = {}  # the parameters of each function (not self/cls)
        self._walk(tree, tree)

    def _walk(self, node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.owner[id(child)] = scope
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) else scope
            if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
                value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) and child in getattr(
                    node, "targets", [getattr(node, "target", None)]) else None
                self.binds.setdefault(id(scope), {}).setdefault(child.id, []).append(value)
            elif isinstance(child, ast.arg):
                self.binds.setdefault(id(inner), {}).setdefault(child.arg, []).append(None)
                if child.arg not in ("self", "cls"):
                    self.params.setdefault(id(inner), set()).add(child.arg)
            self._walk(child, inner)

    def values(self, name: ast.Name, module: ast.AST) -> List[Optional[ast.AST]]:
        """What the name is bound to in its function, or at module level when the function
        binds it nowhere (a module constant)."""
        scope = self.owner.get(id(name))
        if scope is None:
            return []
        local = self.binds.get(id(scope), {}).get(name.id)
        return local if local is not None else self.binds.get(id(module), {}).get(name.id, [])


def _web_url(node: Optional[ast.AST], scopes: _Scopes, depth: int = 0) -> bool:
    """The expression's text starts with http:// or https:// wherever it comes from."""
    if node is None or depth > 3:
        return False
    head = _head(node)
    if head is not None:
        return head.lower().startswith(_WEB_SCHEMES)
    if isinstance(node, ast.Call) and _name(node.func) == "Request":
        return _web_url(_url_arg(node), scopes, depth + 1)  # urlopen(Request("https://..."))
    if isinstance(node, ast.Name):
        values = scopes.values(node, scopes.module)
        return bool(values) and all(_web_url(v, scopes, depth + 1) for v in values)
    return False


#: hub downloads B615 names besides ``from_pretrained``, and the keyword of the repository they fetch
_HUB_CALLS = {"hf_hub_download": "repo_id", "snapshot_download": "repo_id", "load_dataset": "path"}


def _hub_call(call: ast.Call) -> bool:
    return (isinstance(call.func, ast.Attribute) and call.func.attr == "from_pretrained") or _name(call.func) in _HUB_CALLS


def _no_remote_code(call: ast.Call) -> bool:
    """A hub download (``from_pretrained``, ``hf_hub_download``...) that does not trust the
    repository's code."""
    if not _hub_call(call):
        return False
    for k in call.keywords:
        if k.arg is None:
            return False  # **kwargs may carry trust_remote_code
        if k.arg == "trust_remote_code" and not (isinstance(k.value, ast.Constant) and k.value.value is False):
            return False
    return True


def _data_loader(call: ast.Call) -> bool:
    return _no_remote_code(call) and isinstance(call.func, ast.Attribute) and call.func.attr == "from_pretrained" \
        and _name(call.func.value).endswith(_DATA_LOADER_SUFFIXES)


def _root(node: ast.AST) -> ast.AST:
    """The object an attribute, item or method call is read from: ``req.model_name`` ->
    ``req``, ``arguments["repo_id"]`` -> ``arguments``, ``name.strip()`` -> ``name``."""
    while True:
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        else:
            return node


def _given_name(node: ast.Name, scopes: _Scopes, depth: int) -> bool:
    """A parameter of the name's function or of a function enclosing it (a closure), a loop,
    ``with`` or unpacking target (bound to no plain value), or a local name bound to a given value."""
    if node.id in ("self", "cls"):
        return False  # the instance's own state: its configuration
    scope = scopes.owner.get(id(node))
    values = scopes.values(node, scopes.module)
    if any(v is None for v in values) and scope is not scopes.module:
        return True  # a parameter, or a for/with/unpacking/comprehension target
    outer = scope
    while outer is not None and outer is not scopes.module and not scopes.binds.get(id(scope), {}).get(node.id):
        if node.id in scopes.params.get(id(outer), ()):
            return True
        outer = scopes.owner.get(id(outer))
    return any(_given(v, scopes, depth + 1) for v in values if v is not None)


def _given(node: Optional[ast.AST], scopes: _Scopes, depth: int = 0) -> bool:
    """The expression carries a value its function is given (a parameter other than ``self``/``cls``,
    also of an enclosing function, a loop or ``with`` target, through local names, attributes, items
    and method calls of such a value, f-strings, concatenations and calls' arguments): a name a caller
    may choose. Anything else (a literal, a setting, an environment variable, a constant, a field of
    the instance's configuration) is the operator's choice. Past the depth limit: given."""
    if node is None:
        return False
    if depth > 6:
        return True
    node = _root(node) if isinstance(node, (ast.Attribute, ast.Subscript)) else node
    if isinstance(node, ast.Name):
        return _given_name(node, scopes, depth)
    if isinstance(node, ast.Call):
        parts = [_root(node.func)] + list(node.args) + [k.value for k in node.keywords]
        return any(_given(p, scopes, depth + 1) for p in parts)
    if isinstance(node, ast.Starred):
        return _given(node.value, scopes, depth + 1)
    if isinstance(node, ast.JoinedStr):
        return any(_given(v.value, scopes, depth + 1) for v in node.values if isinstance(v, ast.FormattedValue))
    if isinstance(node, ast.BinOp):
        return _given(node.left, scopes, depth + 1) or _given(node.right, scopes, depth + 1)
    if isinstance(node, ast.IfExp):
        return _given(node.body, scopes, depth + 1) or _given(node.orelse, scopes, depth + 1)
    if isinstance(node, ast.BoolOp):
        return any(_given(v, scopes, depth + 1) for v in node.values)
    return False


def _configured_model(call: ast.Call, scopes: _Scopes) -> bool:
    """A hub download without remote code (B615) whose model is not a value its function is given."""
    keyword = _HUB_CALLS.get(_name(call.func), "pretrained_model_name_or_path")
    name = call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else next(
        (k.value for k in call.keywords if k.arg == keyword), None)
    return _no_remote_code(call) and name is not None and _data_files(call) and not _given(name, scopes)


#: file formats a hub download may fetch without loading code: weights and text the program reads as data
#: (a pickle -- ``.bin``, ``.pt``, ``.pkl``, ``.joblib`` -- runs code when it is loaded afterwards)
_DATA_FORMATS = (".safetensors", ".json", ".txt", ".gguf", ".md", ".yaml", ".yml", ".csv", ".parquet", ".jsonl",
                 ".model", ".tiktoken")


def _data_files(call: ast.Call) -> bool:
    """``hf_hub_download`` of a literal file of a data format, ``snapshot_download`` limited by
    ``allow_patterns`` to such files; any other hub call (its loader decides what it reads)."""
    name = _name(call.func)
    if name not in ("hf_hub_download", "snapshot_download"):
        return True
    key = "filename" if name == "hf_hub_download" else "allow_patterns"
    value = next((k.value for k in call.keywords if k.arg == key), None)
    if value is None and name == "hf_hub_download" and len(call.args) > 1:
        value = call.args[1]
    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) and name == "snapshot_download" else [value]
    return bool(items) and all(isinstance(v, ast.Constant) and isinstance(v.value, str)
                               and v.value.lower().endswith(_DATA_FORMATS) for v in items)


def _hub_callers(tree: ast.AST, scopes: _Scopes, callers: Callable[[str], Iterable[ast.AST]]):
    """``call -> bool``: the B615 call's model is given only by callers that pass the operator's
    values (:mod:`.bandit_hubcallers`)."""
    from ..astparents import parents as parent_map
    from .bandit_hubcallers import configured_by_callers

    maps: Dict[int, dict] = {}
    others: Dict[int, _Scopes] = {id(tree): scopes}

    def parents_of(t: ast.AST) -> dict:
        if id(t) not in maps:
            maps[id(t)] = parent_map(t)
        return maps[id(t)]

    def is_given(t: ast.AST, value: ast.AST) -> bool:
        if id(t) not in others:
            others[id(t)] = _Scopes(t)
        return _given(value, others[id(t)])

    def check(call: ast.Call) -> bool:
        keyword = _HUB_CALLS.get(_name(call.func), "pretrained_model_name_or_path")
        has_name = bool(call.args) and not isinstance(call.args[0], ast.Starred) or any(k.arg == keyword for k in call.keywords)
        return _no_remote_code(call) and has_name and _data_files(call) and configured_by_callers(
            tree, call, parents_of(tree), is_given, callers, parents_of)
    return check


def demotions(text: str, hits: Iterable[tuple],
              callers: Callable[[str], Iterable[ast.AST]] = lambda name: ()) -> Dict[tuple, str]:
    """For bandit hits ``(test_id, line)`` of a file's ``text``: those whose call's arguments
    defuse the hazard, with the reason. A hit is demoted only when every call of its kind on its
    line qualifies. ``callers(name)``: the other scanned files whose text names ``name`` (for a
    B615 model a function is given, :mod:`.bandit_hubcallers`)."""
    hits = [h for h in hits if h[0] in REASONS]
    if not hits:
        return {}
    text_only = any(h[0] == "B701" for h in hits) and renders_text_only(text)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    calls: Dict[int, List[ast.Call]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls.setdefault(node.lineno, []).append(node)
    scopes: Optional[_Scopes] = None
    by_callers = None
    sql_lines = [h[1] for h in hits if h[0] == "B608"]
    out: Dict[tuple, str] = {("B608", ln): why for ln, why in placeholder_only(tree, sql_lines).items()}
    for test, line in hits:
        here = calls.get(line, [])
        if test == "B310":
            here = [c for c in here if _name(c.func) in ("urlopen", "urlretrieve", "URLopener", "FancyURLopener")]
            if here:
                scopes = scopes or _Scopes(tree)
                if all(_web_url(_url_arg(c), scopes) for c in here):
                    out[(test, line)] = REASONS[test]
        elif test == "B615":
            here = [c for c in here if _hub_call(c)]
            if here and all(_data_loader(c) for c in here):
                out[(test, line)] = REASONS[test]
            elif here:
                scopes = scopes or _Scopes(tree)
                own = [c for c in here if not _data_loader(c) and not _configured_model(c, scopes)]
                if not own:
                    out[(test, line)] = _CONFIGURED_MODEL
                else:
                    by_callers = by_callers or _hub_callers(tree, scopes, callers)  # built once a file
                    if all(by_callers(c) for c in own):
                        out[(test, line)] = _CALLERS_CONFIGURE
        elif test == "B601":
            here = [c for c in here if _name(c.func) == "exec_command"]
            if here and all(isinstance(_url_arg(c, ("command",)), ast.Constant) for c in here):
                out[(test, line)] = REASONS[test]
        elif test == "B701" and text_only:
            out[(test, line)] = REASONS[test]
    return out


__all__ = ["REASONS", "demotions"]
