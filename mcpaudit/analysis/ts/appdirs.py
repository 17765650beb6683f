"""The server's own folder in the user's home: a cache it fills with what it downloads itself (issue 14).

    const CACHE_BASE_DIR = path.join(os.homedir(), ".cloudbase-mcp");
    ...
    const zipPath = path.join(CACHE_BASE_DIR, "web-cloudbase-project.zip");
    const response = await fetch("https://static.example.net/template.zip");
    await fs.writeFile(zipPath, Buffer.from(await response.arrayBuffer()));

A write, a folder made or removed at a path built only from the home folder (``home-dirs`` in the
models: ``os.homedir()``), one constant dot-folder right under it, and constant names below that,
with nothing of a caller (no taint) in the written content, is the server's own state: no effect a
read-only tool's caller directs (CloudBase's ``envQuery`` caches a template to read its notes).
The dot-folder must not be one of the folders other programs read their settings, keys or start-up
scripts from (``.ssh``, ``.bashrc``, ``.config``, ``.aws``, ...: :data:`_SHARED`): a constant written
there by a read-only tool is still a write worth the claim's finding.
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N

#: dot-names under the home folder that other programs read (settings, keys, shells' start-up
#: files, shared base folders): never a server's own folder
_SHARED = re.compile(r"(?i)^\.(ssh|gnupg|aws|azure|kube|docker|config|local|cache|bash\w*|zsh\w*|profile|"
                     r"z?login|zprofile|zshenv|npmrc|yarnrc|netrc|pgpass|pypirc|gitconfig|git-credentials|"
                     r"gcloud|oci|terraform\.d|vscode\w*|cursor|claude\w*|codex|gemini|mozilla|pki|m2|gradle|"
                     r"cargo|rustup|npm|nvm|pyenv|conda\w*|jupyter|ipython|vim\w*|emacs\w*|tmux\w*|xinitrc|"
                     r"xprofile|xsession\w*|Xauthority|ICEauthority|dbus|mcp\w*)$")
_DEPTH = 4


def _dot_folder(s: Optional[str]) -> bool:
    return bool(s) and s.startswith(".") and "/" not in s and "\\" not in s and s not in (".", "..") \
        and not _SHARED.match(s)


def home_app_path(fn, node, depth: int = 0) -> bool:
    """Whether ``node`` is the server's own dot-folder under the home folder, or a constant name in it."""
    u = N.unwrap(node)
    if u is None or depth > _DEPTH:
        return False
    if u.type == "await_expression" and u.named_children:
        return home_app_path(fn, u.named_children[0], depth + 1)
    if u.type == "identifier":
        name = N.text(fn.data, u)
        if name in fn.__dict__.get("home_vars", ()):
            return True
        if name in fn.locals or getattr(fn.mod, "tree", None) is None:
            return False
        memo = fn.mod.__dict__.setdefault("_home_consts", {})
        if name not in memo:
            memo[name] = False  # (a constant defined by itself)
            value = next((v for n, v in N.top_bindings(fn.data, fn.mod.tree.root_node) if n == name), None)
            memo[name] = value is not None and home_app_path(fn, value, depth + 1)
        return memo[name]
    if u.type != "call_expression":
        return False
    fq = (fn.dotted(u.child_by_field_id(fn.F.function)) or "").replace("()", "")
    args = N.args_of(u)
    if fq not in fn.M.joins or len(args) < 2:
        return False
    consts = [N.string_value(fn.data, a) for a in args[1:]]
    if any(c is None or ".." in c.replace("\\", "/").split("/") for c in consts):
        return False
    first = N.unwrap(args[0])
    if first is not None and first.type == "call_expression" and \
            (fn.dotted(first.child_by_field_id(fn.F.function)) or "").replace("()", "") in fn.M.home_dirs:
        return _dot_folder(consts[0].strip("/"))  # join(os.homedir(), ".app", ...)
    return home_app_path(fn, args[0], depth + 1)


def own_app_write(fn, call, node, t) -> bool:
    """The write sink ``call`` of the path ``node`` (taint ``t``) is the server's own file in its
    home dot-folder: no caller value in the path nor in what is written (the second argument)."""
    if t or not home_app_path(fn, node):
        return False
    args = N.args_of(call)
    return len(args) < 2 or not fn.ev_quiet(args[1])


def track(fn, name: str, node) -> None:
    """``name = <value>``: whether ``name`` now holds such a path."""
    held = fn.__dict__.setdefault("home_vars", set())
    if home_app_path(fn, node):
        held.add(name)
    else:
        held.discard(name)


__all__ = ["home_app_path", "own_app_write", "track"]
