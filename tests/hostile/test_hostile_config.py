"""The scanned repository's own config (``mcpaudit.toml`` or ``[tool.mcpaudit]`` in
``pyproject.toml``) is attacker input. It may narrow its own scan, and everything it turns off is
shown in every report; it can neither widen the scan outside the root, nor name a program to run,
nor point mcpaudit at files outside the root."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from hostile_helpers import VULN_SERVER, cli, finding_paths, tree_snapshot, write

from mcpaudit.api import audit
from mcpaudit.checks import all_rules
from mcpaudit.config import load_config


@pytest.fixture()
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "server.py", VULN_SERVER)
    outside = tmp_path / "outside"
    write(outside / "evil.py", VULN_SERVER)
    write(outside / "baseline.json", '{"version": 1, "findings": []}\n')
    return root


def _as_pyproject(body: str) -> str:
    return "[project]\nname = 'victim'\n\n[tool.mcpaudit]\n" + body


WIDENING = [
    ('exclude = ["../outside"]', "exclude"),
    ('exclude = ["!../outside/evil.py"]', "exclude"),
    ('exclude = ["~/secrets"]', "exclude"),
    ('exclude = ["C:/Windows"]', "exclude"),
    ('baseline = "../outside/baseline.json"', "baseline"),
    ('baseline = "/etc/passwd"', "baseline"),
    ('cache-dir = "../outside/cache"', "cache-dir"),
    ('cache-dir = "/tmp"', "cache-dir"),
    ('semgrep-path = "/bin/sh"', "semgrep-path"),
    ('bandit = "./evil.sh"', "bandit"),
    ('executable = "/bin/sh"', "executable"),
    ('engines = ["/bin/sh"]', "engines"),
    ('engines = ["cst", "./evil.sh"]', "engines"),
    ('plugins = ["evil"]', "plugins"),
]


@pytest.mark.parametrize("filename", ["mcpaudit.toml", "pyproject.toml"])
@pytest.mark.parametrize("body,key", WIDENING)
def test_config_that_reaches_outside_or_names_a_program_is_refused(repo, tmp_path, filename, body, key):
    write(repo / filename, _as_pyproject(body) if filename == "pyproject.toml" else body + "\n")
    before = tree_snapshot(tmp_path / "outside")
    res = cli(["scan", "--engines", "cst", "--format", "json", str(repo)])
    assert res.exit_code == 2, res.output
    assert "configuration error" in res.stderr and key in res.stderr, res.stderr
    assert res.stdout == ""  # nothing scanned, nothing reported as if it had been
    assert tree_snapshot(tmp_path / "outside") == before


def test_symlink_that_smuggles_a_config_path_outside_is_refused(repo, tmp_path):
    os.symlink(tmp_path / "outside" / "baseline.json", repo / "baseline.json")
    os.symlink(tmp_path / "outside", repo / "cachelink")
    for body in ('baseline = "baseline.json"', 'cache-dir = "cachelink/c"'):
        write(repo / "mcpaudit.toml", body + "\n")
        res = cli(["scan", "--engines", "cst", str(repo)])
        assert res.exit_code == 2 and "outside the repository root" in res.stderr, res.stderr


def test_everything_a_repo_config_turns_off_is_listed_in_every_report(repo, tmp_path):
    rule_ids = sorted(all_rules())
    body = "\n".join([
        'engines = ["cst"]',
        "ignore = [" + ", ".join(f'"{r}"' for r in rule_ids) + "]",
        'fail-on = "none"',
        'min-confidence = "high"',
        'exclude = ["vendor/"]',
        'checklists = ["mcp-prod-000"]',
        "max-file-bytes = 100000",
        "[severity]",
        'tool-ssrf = "info"',
    ])
    write(repo / "mcpaudit.toml", body + "\n")
    write(repo / "vendor" / "lib.py", VULN_SERVER)
    reports = {}
    for fmt in ("json", "sarif", "markdown", "github", "rich"):
        out = tmp_path / f"r.{fmt}"
        res = cli(["scan", "--format", fmt, "-o", str(out), str(repo)])
        assert res.exit_code == 0, (fmt, res.output)  # the config relaxed the gate...
        reports[fmt] = out.read_text("utf-8")
    doc = json.loads(reports["json"])
    assert doc["findings"] == []  # ...and silenced every rule...
    warnings = "\n".join(doc["warnings"])
    # ...but not silently: each thing it turned off is named
    expected = [f"ignore: {r}" for r in rule_ids] + [
        "engines: semgrep disabled", "engines: bandit disabled", "fail-on: none",
        "min-confidence: raised to high", "exclude: vendor/", "checklists: only mcp-prod-000",
        "severity: tool-ssrf set to info", "max-file-bytes: lowered to 100000",
    ]
    for item in expected:
        assert item in warnings, item
        for fmt, text in reports.items():
            assert item in text, f"{item!r} missing from the {fmt} report"


def test_select_narrowing_is_listed(repo, tmp_path):
    write(repo / "pyproject.toml", _as_pyproject('select = ["tool-sql-injection"]\n'))
    out = tmp_path / "r.json"
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), str(repo)])
    doc = json.loads(out.read_text())
    assert doc["findings"] == [] and res.exit_code == 0
    assert any("select: only tool-sql-injection" in w and "every other rule is off" in w for w in doc["warnings"])


def test_select_of_an_unknown_rule_is_refused_not_an_empty_pass(repo, tmp_path):
    write(repo / "pyproject.toml", _as_pyproject('select = ["no-such-rule"]\n'))
    res = cli(["scan", "--engines", "cst", "--format", "json", str(repo)])
    assert res.exit_code == 2
    assert "key 'select': unknown rule id or tag 'no-such-rule'" in res.stderr


def test_the_command_line_overrides_a_relaxing_repo_config(repo, tmp_path):
    write(repo / "mcpaudit.toml", 'fail-on = "none"\nignore = ["tool-shell-injection"]\n')
    res = cli(["scan", "--engines", "cst", "--format", "json", "--fail-on", "high", "--ignore", "secret-in-log",
               str(repo)])
    assert res.exit_code == 1
    assert finding_paths_from(res.stdout) == {"server.py"}


def finding_paths_from(stdout: str) -> set:
    return {f["path"] for f in json.loads(stdout)["findings"]}


def test_a_config_above_the_repository_root_does_not_apply(repo, tmp_path):
    write(tmp_path / "mcpaudit.toml", 'ignore = ["tool-shell-injection"]\nfail-on = "none"\n')
    cfg = load_config([repo])
    assert cfg.source is None
    res = cli(["scan", "--engines", "cst", "--format", "json", str(repo)])
    assert res.exit_code == 1 and finding_paths_from(res.stdout) == {"server.py"}


def test_explicit_config_is_trusted_but_still_listed(repo, tmp_path):
    mine = write(tmp_path / "mine.toml", 'ignore = ["tool-ssrf"]\ncache-dir = "outside/cache"\n')
    res = cli(["scan", "--engines", "cst", "--format", "json", "--config", str(mine), str(repo)])
    assert res.exit_code == 1, res.output
    assert any("ignore: tool-ssrf" in w for w in json.loads(res.stdout)["warnings"])
    assert (tmp_path / "outside" / "cache").is_dir()  # the user's own choice, outside the repo


def test_repo_config_cache_dir_writes_only_inside_that_directory(repo, tmp_path):
    """A repository may keep its cache in its own tree (documented, for CI caches); entries are
    signed with a key kept outside the tree, and nothing else in the tree is written."""
    write(repo / "mcpaudit.toml", 'cache-dir = ".mcpaudit-cache"\n')
    before = tree_snapshot(repo)
    res = cli(["scan", "--engines", "cst", "--format", "json", str(repo)])
    assert res.exit_code == 1
    after = tree_snapshot(repo)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed and all(p == ".mcpaudit-cache" or p.startswith(".mcpaudit-cache" + os.sep) for p in changed), changed
    assert not any(p.endswith(".signing-key") for p in after)
