"""A serving function's bind address, read from every caller in the project, not its module's only.

``async def main(..., host: str = "127.0.0.1")`` serves HTTP on ``host``; a stray ``main()`` at the
bottom of its module passes no host, so the module alone says the default wins. The package's real
entry point is often elsewhere: ``asyncio.run(server.main(**config))`` in ``__init__.py``, with
``config["host"] = os.getenv("X_SERVER_HOST")`` built by a config helper. Once every file is known
(:func:`configured.settle`), the callers in other modules of a function whose parameter default
decided the address are read too (:func:`settle_entry_calls`): a keyword they pass (a constant, an
environment variable), a ``**mapping`` whose ``host`` item the project fills from an environment
variable (the variable named, its value unknown unless a deployment file sets it), or one that
cannot be told; any caller's value counts (the widest exposure), an unknown one makes the address
unknown (chosen at run time).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from ..engines.bind_flow import option_dest

#: separates the parts of a choice's ``via``: "<module path>\x1f<function>\x1f<parameter>"
VIA = "\x1f"
from .loopback import LOOPBACK as _LOOPBACK


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".py") else name


def _imports_function(tree: ast.AST, stem: str, fname: str) -> bool:
    """``from .server import main`` / ``from pkg.server import main``."""
    return any(isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[-1] == stem
               and any(a.name == fname and a.asname is None for a in n.names) for n in ast.walk(tree))


def _calls(tree: ast.AST, stem: str, fname: str) -> List[ast.Call]:
    direct = _imports_function(tree, stem, fname)
    out = []
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        if isinstance(f, ast.Attribute) and f.attr == fname and isinstance(f.value, ast.Name) and f.value.id == stem:
            out.append(n)
        elif direct and isinstance(f, ast.Name) and f.id == fname:
            out.append(n)
    return out


def _env(node) -> Optional[Tuple[str, Optional[str]]]:
    from .configured import _ast_env

    return _ast_env(node)


def _item_envs(trees: Dict[str, ast.AST], pname: str) -> List[Tuple[str, Optional[str]]]:
    """Environment variables the project puts under key ``pname`` of a mapping:
    ``config["host"] = os.getenv("X")`` or ``{"host": os.getenv("X")}``."""
    out = []
    for tree in trees.values():
        for n in ast.walk(tree):
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Subscript):
                key = n.targets[0].slice
                if isinstance(key, ast.Constant) and key.value == pname and _env(n.value):
                    out.append(_env(n.value))
            elif isinstance(n, ast.Dict):
                for k, v in zip(n.keys, n.values):
                    if isinstance(k, ast.Constant) and k.value == pname and _env(v):
                        out.append(_env(v))
    return out


def _option_default(tree: Optional[ast.AST], node) -> Optional[str]:
    """``args.host`` where the caller's module declares ``add_argument("--host", default="...")``."""
    if tree is None or not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return None
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "add_argument" \
                and option_dest(n) == node.attr:
            d = next((k.value for k in n.keywords if k.arg == "default"), None)
            return d.value if isinstance(d, ast.Constant) and isinstance(d.value, str) else None
    return None


def _passed(call: ast.Call, pname: str, trees, where: str, tree: Optional[ast.AST] = None) -> Optional[dict]:
    """What one caller chooses for ``pname``: a choice dict, or None when it passes nothing."""
    for kw in call.keywords:
        if kw.arg == pname:
            if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return {"text": kw.value.value, "how": f"passed to {where}"}
            env = _env(kw.value)
            if env:
                return {"text": env[1], "env": env[0], "how": f"environment variable {env[0]}, passed to {where}"}
            opt = _option_default(tree, kw.value)  # host=args.host, --host defaulting to a constant
            if opt is not None:
                return {"text": opt, "how": f"the default of its --{kw.value.attr.replace('_', '-')} option, "
                                            f"passed to {where}"}
            return {"text": None, "how": f"passed to {where}"}
    if any(kw.arg is None for kw in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
        envs = _item_envs(trees, pname)
        env = next((e for e in envs if e[1] is None or e[1] not in _LOOPBACK), envs[0] if envs else None)
        if env:
            return {"text": env[1], "env": env[0],
                    "how": f"a mapping's {pname!r} item from environment variable {env[0]}, passed to {where}"}
        return {"text": None, "how": f"a mapping passed to {where}"}
    return None


def settle_entry_calls(project, texts: Dict[str, str]) -> None:
    """Serving sites whose address is a function parameter's default (``host_choice["via"]``):
    what that function's callers in the project's other modules pass decides it with the default."""
    sites = [s for s in project.http_servers if VIA in ((s.get("host_choice") or {}).get("via") or "")]
    if not sites:
        return
    parsed: Dict[str, Optional[ast.AST]] = {}

    def trees_with(needles: Tuple[str, ...]) -> Dict[str, ast.AST]:
        """The parsed Python files whose text holds one of ``needles`` (each parsed once)."""
        out = {}
        for path, text in texts.items():
            if path.endswith(".py") and any(n in text for n in needles):
                if path not in parsed:
                    try:
                        parsed[path] = ast.parse(text)
                    except (SyntaxError, ValueError):
                        parsed[path] = None
                if parsed[path] is not None:
                    out[path] = parsed[path]
        return out

    for s in sites:
        choice = s["host_choice"]
        mpath, fname, pname = choice["via"].split(VIA)
        stem = _stem(mpath)
        keyed = trees_with((f'"{pname}"', f"'{pname}'"))  # where a mapping can hold pname (_item_envs)
        found = []
        for path, tree in sorted(trees_with((f"{fname}(",)).items()):
            if path == mpath:
                continue
            for call in _calls(tree, stem, fname):
                got = _passed(call, pname, keyed, f"{fname}() at {path}:{call.lineno}", tree)
                if got is not None:
                    found.append(got)
        if not found:
            continue
        pick = next((c for c in found if c["text"] is None), None) or next(
            (c for c in found if c["text"] not in _LOOPBACK), None)
        if pick is None:
            continue  # every caller passes loopback too: the default's answer stands
        s["host_choice"] = {"text": pick["text"], "how": pick["how"], "attr": None, "env": pick.get("env")}
        s["host"], s["host_default"] = pick["text"], pick["text"] is not None
