"""Causes of the TypeScript holdouts 38-44 (issue 14, ts58a; fixtures under ``fixtures/ts58a``).

* ``gitfactory``/``gitfactory_safe``: a simple-git client made by a project factory declared to
  return the library's class (``function openRepository(dir?: string): SimpleGit``) and handed to a
  helper's untyped parameter of the same name (``writeSetting(git: any, ...)``) is that class's
  receiver there (``analysis/ts/handedclients.py``), so ``git config --<scope> <key> <value>`` with
  the caller's key is reported (a key such as core.sshCommand runs a command line). The twin fixes
  the key (``user.name``): git config stops reading options at the key, so the caller's value
  after it is text (``analysis/gitargv.py`` ``setting_value``); ``--list`` after the scope names
  no setting.
* ``routerauth``/``routerauth_safe``: the SSE app (express with ``cors()`` and a rate limiter only)
  serves MCP on every interface, and the project's one token check is an ``express.Router()``
  mounted by a dashboard's own ``express()`` app, imported through the ``@/`` source-root alias:
  it guards the dashboard, not the MCP app (``analysis/ts/appauth.py``). The twin's MCP app
  installs the same router: quiet.
* ``web3rpc``/``web3rpc_safe``: web3.js's ``new Web3(url)`` (and its HTTP/WebSocket providers) is
  a JSON-RPC client of the node the URL names, as ethers' JsonRpcProvider and viem's http()
  (``rules/models/typescript/http.yaml``): a caller's chain name spliced into the host is
  ``tool-ssrf``; the twin picks a fixed RPC URL by an enum.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ts58a"


def _audit(tmp_path, name: str):
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    (root / ".git").mkdir()
    return api.audit([root], Config(engines=("ts",), cache=False, min_confidence=Confidence.LOW))


def _line(name: str, rel: str, needle: str) -> int:
    lines = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _rows(items, rule: str):
    return [(f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in sorted(items, key=lambda f: (f.location.path, f.location.line)) if f.rule_id == rule]


def test_a_client_from_a_project_factory_handed_to_an_untyped_helper_runs_git_config(tmp_path):
    n = "gitfactory"
    res = _audit(tmp_path, n)
    line = _line(n, "src/settings.ts", 'await git.raw(["config", `--${scope}`, key, value]);')
    rows = _rows(res.findings, "tool-argument-injection")
    assert [r[:4] for r in rows] == [("src/settings.ts", line, "git_config_set", Confidence.HIGH)]
    msg = rows[0][4]
    assert msg.startswith("tool 'git_config_set' passes parameter 'key' to simple-git raw(): argument injection")
    assert "it names the setting git config changes" in msg and "core.sshCommand" in msg


def test_a_fixed_key_with_the_callers_value_and_a_listing_are_quiet(tmp_path):
    res = _audit(tmp_path, "gitfactory_safe")
    assert _rows(res.findings, "tool-argument-injection") == []


def test_client_factories_read_the_declared_return_type():
    from mcpaudit.analysis.ts.handedclients import client_factories, handed_clients

    rc = [("simple-git", frozenset({"simple-git.simpleGit", "simple-git.SimpleGit"}))]
    lib = (b'import { simpleGit, SimpleGit } from "simple-git";\n'
           b'export function openRepository(dir?: string): SimpleGit { return simpleGit(dir); }\n'
           b'export const openAsync = async (dir: string): Promise<SimpleGit> => simpleGit(dir);\n')
    factories = client_factories([("src/git.ts", lib)], rc)
    assert factories == {"openRepository": "simple-git", "openAsync": "simple-git"}
    user = (b'import { openRepository } from "./git.js";\n'
            b'async function run(args) { const git = openRepository(args.dir); return apply(git, args); }\n')
    assert handed_clients(user, rc, factories) == ["simple-git\x1egit"]
    # without the factory known, or with `new` of a class the models do not name: nothing
    assert handed_clients(user, rc) == []
    # the library's own factory called as is
    direct = b'import { simpleGit } from "simple-git";\nconst git = simpleGit();\nrun(git);\n'
    assert handed_clients(direct, rc) == ["simple-git\x1egit"]


def test_the_value_after_a_constant_setting_name_is_text():
    from mcpaudit.analysis.gitargv import inert_options, setting_note
    from mcpaudit.catalog import catalog

    M = catalog().typescript
    assert inert_options(M, ["git", "config", "--global", "user.name", None], 4)
    assert not inert_options(M, ["git", "config", "--global", None, None], 3)
    assert setting_note(M, ["git", "config", None, None], 2).startswith("; it names the setting git config changes")
    assert setting_note(M, ["git", "config", None, "--list"], 2) == ""


def test_auth_on_a_router_only_another_app_mounts_leaves_the_sse_app_open(tmp_path):
    n = "routerauth"
    res = _audit(tmp_path, n)
    line = _line(n, "src/server.ts", 'new SSEServerTransport("/messages", res)')
    use = _line(n, "src/dashboard/routes.ts", "router.use(authMiddleware as RequestHandler)")
    rows = _rows(res.findings, "http-transport-no-auth")
    assert [r[:2] for r in rows] == [("src/server.ts", line)]
    assert rows[0][4].startswith(
        "new SSEServerTransport() serves MCP over HTTP and no authentication is configured for it (what there is "
        f"guards another app: router.use(authMiddleware as RequestHandler) at src/dashboard/routes.ts:{use}, on the "
        "app that module is loaded by, which this server's module neither loads nor is loaded by)")
    assert "anyone who reaches it can call: page_title" in rows[0][4]


def test_the_same_router_installed_on_the_mcp_app_guards_it(tmp_path):
    res = _audit(tmp_path, "routerauth_safe")
    assert _rows(res.findings, "http-transport-no-auth") == []


def test_a_callers_chain_in_the_host_of_a_web3_client_is_ssrf(tmp_path):
    n = "web3rpc"
    res = _audit(tmp_path, n)
    line = _line(n, "src/server.ts", "const web3 = new Web3(")
    rows = _rows(res.findings, "tool-ssrf")
    assert rows == [("src/server.ts", line, "get_balance", Confidence.HIGH,
                     "tool 'get_balance' passes parameter 'chain' to new web3.Web3(): server-side request forgery")]


def test_a_fixed_rpc_url_picked_by_an_enum_is_quiet(tmp_path):
    res = _audit(tmp_path, "web3rpc_safe")
    assert [r for r in _rows(res.findings, "tool-ssrf") if r[3] >= Confidence.MEDIUM] == []
