"""Deploy commands that publish an HTTP endpoint with no authentication (issue 12, py58b).

    cmd = ["gcloud", "functions", "deploy", self.function_name,
           "--trigger-http",
           "--allow-unauthenticated",          # <- anyone with the URL calls the function
           f"--source={self.gcf_source_dir}"]
    subprocess.run(cmd)

A server whose tools post the caller's code or commands to an executor it deploys itself (a Cloud
Function, a Cloud Run service) serves those tools over HTTP twice: over its own transport, and
through the executor's public URL. A deploy command with the platform's switch that turns
authentication off publishes the executor to anyone on the internet who learns the URL, with the
project's service account: a deployment fact, read from the project's Python code as an argv
list or tuple, or a command string, whose constant words start with the deploy command and hold
the flag. Reported by http-transport-no-auth at the flag (medium confidence). None in test code,
none in a project without MCP tools. The commands are data: ``http.public-deploys`` in
``rules/models/python/mcp.yaml``.
"""

from __future__ import annotations

import ast
import shlex
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from ..catalog import catalog
from ..sources import is_test_path


def public_deploy_sites(project) -> List[dict]:
    """One record per deploy command with the no-auth flag in the project's Python files:
    ``path``, ``node`` (the flag's constant), ``words`` (the command, space-joined), ``what``."""
    rows = catalog().python.surface.public_deploys
    if not rows or not any(t.kind == "tool" for t in project.tools):
        return []
    flags = {str(r["flag"]) for r in rows}
    out: List[dict] = []
    for path, src in sorted(project.files.items()):
        text = src.text or ""
        if not path.endswith(".py") or is_test_path(path) or not any(f in text for f in flags):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node, words in _commands(tree):
            hit = _match(words, rows)
            if hit is not None:
                row, at = hit
                out.append({"path": path, "node": at if at is not None else node,
                            "words": " ".join(str(w) for w in row["words"]), "flag": str(row["flag"]),
                            "what": str(row["what"])})
    return out


def public_deploy_words(site: dict) -> str:
    """The message of one public deploy."""
    return (f"`{site['words']} ... {site['flag']}` publishes {site['what']} over HTTP with no "
            f"authentication: anyone on the internet who learns its URL calls it, with the project's "
            f"service account (a deployment the project runs itself; what the tools post to it runs there)")


def _commands(tree: ast.AST) -> Iterator[Tuple[ast.AST, List[Tuple[str, Optional[ast.AST]]]]]:
    """Argv lists/tuples (their constant string elements, each with its node; a computed element
    is a placeholder word) and command strings, f-strings included (their shell words)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
            words = [(e.value, e) if isinstance(e, ast.Constant) and isinstance(e.value, str) else ("", None)
                     for e in node.elts]
            yield node, words
        elif isinstance(node, (ast.Constant, ast.JoinedStr)):
            text = node.value if isinstance(node, ast.Constant) else "".join(
                v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if not isinstance(text, str) or " " not in text:
                continue
            try:
                split = shlex.split(text, comments=False)
            except ValueError:
                continue
            yield node, [(w, None) for w in split]


def _match(words: Sequence[Tuple[str, Optional[ast.AST]]], rows: Sequence[Dict]) -> Optional[Tuple[Dict, Optional[ast.AST]]]:
    """The row whose command the words start with (the program by its base name) and whose flag
    they hold, with the flag's node when it is an element."""
    texts = [w for w, _ in words]
    for row in rows:
        want = [str(w) for w in row["words"]]
        if len(texts) < len(want) or texts[0].replace("\\", "/").rsplit("/", 1)[-1] != want[0] \
                or texts[1:len(want)] != want[1:]:
            continue
        flag = str(row["flag"])
        for w, node in words[len(want):]:
            if w == flag:
                return row, node
    return None
