"""Sinks and library models the thirty-ninth TypeScript holdout missed (ts53c, ``fixtures/typescript/ts53c``).

* ``ethers``/``ethers_safe``: ``import { ethers } from "ethers"`` binds the package's namespace
  (``export-aliases`` of the models), so ``new ethers.JsonRpcProvider(rpc)`` and v5's
  ``ethers.providers.JsonRpcProvider`` match the rows that name the package; ``import { got }
  from "got"`` is got's default function. The twin picks the RPC URL from a constant table by an
  enum and fixes the status host: quiet.
* ``crawler``/``crawler_safe``: @spider-rs/spider-rs ``new Website(url)``, ``new Page(url)`` and
  ``crawl(url)`` request the URL (``http.yaml``); a tool handing its URL on as is shows the
  network capability. The twin's URL is a fixed DuckDuckGo host with the query encoded: quiet.
* ``msfconsole``/``msfconsole_safe``: a caller value in msfconsole's ``-x``/``--execute-command``
  element runs as console commands, and msfconsole runs an unknown one in the system shell
  (``command-programs``, ``analysis/ts/consolescripts.py``), also when the program is a variable
  named for it (``msfconsoleBinary``). The twin's value is an enum's table entry or a
  regex-checked module path: no default finding.
* ``gitconfig``/``gitconfig_safe``: ``git config [--scope] <key> <value>`` through simple-git's
  ``raw`` names the setting (``setting-commands``, ``analysis/gitargv.setting_note``) and
  ``addConfig(key, value)`` with a caller key is a sink; the twin sets fixed keys: quiet.
* ``barrel``/``barrel_safe``: a project module re-exporting libraries (``export { path, fs }``)
  is read as those libraries by the modules importing them (``analysis/ts/barrelexports.py``);
  caller text written into ``.git/hooks/<name>`` is a command git runs
  (``analysis/ts/hookwrites.py``). The twin confines the read and writes a constant hook.
"""

from __future__ import annotations

import pytest

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence
from test_ts_engine import annotation_test, line_of, scan, steps

G = "ts53c"
NAMES = ("ethers", "ethers_safe", "crawler", "crawler_safe", "msfconsole", "msfconsole_safe", "gitconfig",
         "gitconfig_safe", "barrel", "barrel_safe")

test_findings_equal_annotations = annotation_test([f"{G}/{n}" for n in NAMES])


def _default(name: str, rule: str = ""):
    out, _ = scan(f"{G}/{name}")
    return sorted((f for f in out.findings if f.confidence >= Confidence.MEDIUM and (not rule or f.rule_id == rule)),
                  key=lambda f: (f.location.path, f.location.line, f.rule_id))


def _one(name: str, rule: str, path: str, line: int):
    hits = [f for f in _default(name, rule) if (f.location.path, f.location.line) == (path, line)]
    assert len(hits) == 1, [(f.rule_id, f.location.path, f.location.line, f.message) for f in _default(name)]
    return hits[0]


# -- 1. a package's namespace imported by its own name -------------------------------------

def test_the_ethers_namespace_imported_by_name_is_the_package():
    assert catalog().typescript.export_aliases["ethers.ethers"] == "ethers"
    line = line_of("src/server.ts", "return new ethers.JsonRpcProvider(rpc)", f"{G}/ethers")
    f = _one("ethers", "tool-ssrf", "src/server.ts", line)
    assert f.tool == "get_balance"
    assert f.message == ("tool 'get_balance' passes parameter 'network' to new ethers.JsonRpcProvider(): "
                         "server-side request forgery")
    assert steps(f)[-1] == ("src/server.ts", line, "reaches new ethers.JsonRpcProvider()")


def test_ethers_v5_providers_and_gots_named_export_are_requests():
    v5 = line_of("src/server.ts", "new ethers.providers.JsonRpcProvider(rpcUrl)", f"{G}/ethers")
    got = line_of("src/server.ts", "await got.get(node)", f"{G}/ethers")
    f = _one("ethers", "capability-network-request", "src/server.ts", v5)
    assert f.message == ("tool 'get_nonce' fetches any URL the caller gives: parameter 'rpcUrl' reaches "
                         "new ethers.providers.JsonRpcProvider() as is")
    g = _one("ethers", "capability-network-request", "src/server.ts", got)
    assert (g.tool, g.message) == ("node_status", "tool 'node_status' fetches any URL the caller gives: parameter "
                                                  "'node' reaches got.get() as is")


def test_a_fixed_rpc_table_and_a_fixed_host_are_quiet():
    assert _default("ethers_safe") == []


# -- 2. crawlers ---------------------------------------------------------------------------

@pytest.mark.parametrize("needle,tool,param,sink", [
    ("new Website(url)", "summarize_page", "url", "new @spider-rs/spider-rs.Website()"),
    ("new Page(url, false, false)", "page_links", "url", "new @spider-rs/spider-rs.Page()"),
    ("await crawl(site)", "site_map", "site", "@spider-rs/spider-rs.crawl()"),
])
def test_spider_rs_requests_the_url_it_is_given(needle, tool, param, sink):
    line = line_of("src/server.ts", needle, f"{G}/crawler")
    f = _one("crawler", "capability-network-request", "src/server.ts", line)
    assert f.tool == tool
    assert f.message == f"tool '{tool}' fetches any URL the caller gives: parameter '{param}' reaches {sink} as is"


def test_a_crawl_of_a_fixed_host_is_quiet():
    assert _default("crawler_safe") == []


# -- 3. msfconsole -x ----------------------------------------------------------------------

_MSF = ("OS command injection (msfconsole runs the value as console commands (';' starts another) and runs a "
        "command it does not know in the system shell)")


def test_a_value_in_msfconsoles_x_script_runs_in_the_shell():
    line = line_of("src/server.ts", 'spawn(msfconsoleBinary, ["-q", "-x", script])', f"{G}/msfconsole")
    f = _one("msfconsole", "tool-shell-injection", "src/server.ts", line)
    assert f.tool == "msf_search"
    assert f.message == f"tool 'msf_search' passes parameter 'query' to child_process.spawn() ['msfconsole', '-x', …]: {_MSF}"
    assert [s[2] for s in steps(f)][1:4] == ["passed to runConsole()", "parameter 'commands'", "assigned to 'script'"]


def test_msfconsoles_long_flag_with_a_literal_program():
    line = line_of("src/server.ts", '"--execute-command"', f"{G}/msfconsole")
    f = _one("msfconsole", "tool-shell-injection", "src/server.ts", line)
    assert f.message == ("tool 'msf_info' passes parameter 'modulePath' to child_process.execFileSync() "
                         f"['msfconsole', '--execute-command', …]: {_MSF}")


def test_an_enum_table_entry_or_a_checked_module_path_is_not_a_default_finding():
    assert _default("msfconsole_safe") == []


# -- 4. git config keys --------------------------------------------------------------------

_KEY = "core.fsmonitor, core.sshCommand, core.pager and alias.* run a command line at the next git call"


def test_a_caller_key_of_git_config_names_a_setting_that_runs_commands():
    line = line_of("src/server.ts", 'git.raw(["config"', f"{G}/gitconfig")
    f = _one("gitconfig", "tool-argument-injection", "src/server.ts", line)
    assert f.tool == "git_config_set"
    assert f.message.startswith("tool 'git_config_set' passes parameter 'key' to simple-git raw(): argument injection")
    assert f.message.endswith(f"; it names the setting git config changes: {_KEY})")


def test_simple_git_add_config_with_a_caller_key():
    line = line_of("src/server.ts", ".addConfig(key, value", f"{G}/gitconfig")
    f = _one("gitconfig", "tool-argument-injection", "src/server.ts", line)
    assert f.message == (f"tool 'git_config_add' passes parameter 'key' to simple-git addConfig(): argument injection "
                         f"(the key names any git setting: {_KEY})")


def test_the_value_of_a_git_config_key_is_not_named_a_setting():
    line = line_of("src/server.ts", 'raw(["show"', f"{G}/gitconfig")
    assert "names the setting" not in _one("gitconfig", "tool-argument-injection", "src/server.ts", line).message
    assert _default("gitconfig_safe") == []


# -- 5. a barrel module's libraries, git hooks ----------------------------------------------

def test_libraries_re_exported_by_a_project_module_are_those_libraries():
    line = line_of("src/server.js", "await fs.readFile(fullPath", f"{G}/barrel")
    f = _one("barrel", "tool-path-traversal", "src/server.js", line)
    assert f.message == ("tool 'git_read_files' passes parameter 'file_paths' to fs-extra.readFile(): "
                         "path traversal / arbitrary file access")
    assert ("src/server.js", line - 1, "assigned to 'fullPath'") in steps(f)


def test_caller_text_written_as_a_git_hook_is_a_command():
    line = line_of("src/server.js", "await fs.writeFile(hookPath, body)", f"{G}/barrel")
    f = _one("barrel", "tool-shell-injection", "src/server.js", line)
    assert f.tool == "git_hooks"
    assert f.message == ("tool 'git_hooks' passes parameter 'body' to fs-extra.writeFile(): OS command injection "
                         "(the text is written as a git hook: the repository's next git command runs it)")
    assert _one("barrel", "tool-path-traversal", "src/server.js", line).message.startswith(
        "tool 'git_hooks' passes parameter 'hook_name' to fs-extra.writeFile()")


def test_a_confined_read_a_constant_hook_and_another_git_file_are_quiet():
    assert _default("barrel_safe") == []
