"""Config loading: discovery, file kinds, validation, precedence, hostile repository configs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mcpaudit.config import (
    Config,
    ConfigError,
    apply_cli,
    exclude_matcher,
    find_config_file,
    load_config,
    rule_selected,
)
from mcpaudit.models import Confidence, Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "src" / "pkg").mkdir(parents=True)
    return root


# -- discovery ---------------------------------------------------------------------------------


def test_discovers_pyproject_upward_from_scanned_path(repo: Path) -> None:
    cfg_file = write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.mcpaudit]\nfail-on = "medium"\n')
    cfg = load_config([repo / "src" / "pkg"])
    assert cfg.source == cfg_file.resolve()
    assert cfg.fail_on is Severity.MEDIUM


def test_discovery_from_a_file_path_starts_in_its_directory(repo: Path) -> None:
    write(repo / "src" / "mcpaudit.toml", 'min-confidence = "high"\n')
    server = write(repo / "src" / "pkg" / "server.py", "x = 1\n")
    cfg = load_config([server])
    assert cfg.source == (repo / "src" / "mcpaudit.toml").resolve()
    assert cfg.min_confidence is Confidence.HIGH


def test_pyproject_without_tool_table_is_skipped(repo: Path) -> None:
    write(repo / "src" / "pyproject.toml", '[project]\nname = "inner"\n')
    outer = write(repo / "mcpaudit.toml", "jobs = 3\n")
    cfg = load_config([repo / "src"])
    assert cfg.source == outer.resolve()
    assert cfg.jobs == 3


def test_mcpaudit_toml_wins_over_pyproject_in_same_directory(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.mcpaudit]\njobs = 1\n")
    write(repo / "mcpaudit.toml", "jobs = 2\n")
    assert load_config([repo]).jobs == 2


def test_discovery_stops_at_the_repository_root(tmp_path: Path, repo: Path) -> None:
    # a config above the repository must not apply to it
    write(tmp_path / "mcpaudit.toml", 'fail-on = "none"\n')
    cfg = load_config([repo / "src"])
    assert cfg.source is None
    assert cfg == Config()
    assert find_config_file(repo / "src") is None


def test_nearest_config_wins(repo: Path) -> None:
    write(repo / "mcpaudit.toml", "jobs = 1\n")
    near = write(repo / "src" / "mcpaudit.toml", "jobs = 5\n")
    cfg = load_config([repo / "src" / "pkg"])
    assert cfg.source == near.resolve() and cfg.jobs == 5


def test_all_keys_parse(repo: Path) -> None:
    write(
        repo / "mcpaudit.toml",
        """
select = ["tool-shell-injection", "cwe-89"]
ignore = ["secret-in-log"]
exclude = ["tests/", "**/migrations/**"]
fail-on = "critical"
min-score = 70
min-confidence = "low"
checklists = ["owasp-mcp"]
baseline = ".mcpaudit/baseline.json"
engines = ["semgrep", "cst"]
max-file-bytes = 1000
parse-timeout = 5
engine-timeout = 60.5
scan-timeout = 600
jobs = 2
cache = false
cache-dir = ".cache/mcpaudit"

[severity]
sql-fstring = "critical"
""",
    )
    cfg = load_config([repo])
    assert cfg.select == ["tool-shell-injection", "cwe-89"]
    assert cfg.ignore == ["secret-in-log"]
    assert cfg.exclude == ["tests/", "**/migrations/**"]
    assert cfg.fail_on is Severity.CRITICAL
    assert cfg.min_score == 70.0
    assert cfg.min_confidence is Confidence.LOW
    assert cfg.checklists == ["owasp-mcp"]
    assert cfg.baseline == (repo / ".mcpaudit" / "baseline.json").resolve()
    assert cfg.engines == ("cst", "semgrep")  # canonical order
    assert cfg.max_file_bytes == 1000
    assert cfg.parse_timeout == 5.0 and cfg.engine_timeout == 60.5 and cfg.scan_timeout == 600.0
    assert cfg.jobs == 2 and cfg.cache is False
    assert cfg.cache_dir == (repo / ".cache" / "mcpaudit").resolve()
    assert cfg.severity_overrides == {"sql-fstring": Severity.CRITICAL}


def test_fail_on_none_disables_the_findings_gate(repo: Path) -> None:
    write(repo / "mcpaudit.toml", 'fail-on = "none"\n')
    assert load_config([repo]).fail_on is None


# -- errors name the key and the file -----------------------------------------------------------


def test_unknown_key_names_key_and_file(repo: Path) -> None:
    f = write(repo / "mcpaudit.toml", 'fail_on = "high"\n')
    with pytest.raises(ConfigError) as exc:
        load_config([repo])
    msg = str(exc.value)
    assert "'fail_on'" in msg and str(f.resolve()) in msg
    assert "fail-on" in msg  # suggestion


def test_rule_options_is_an_unknown_key(repo: Path) -> None:
    """``rule-options`` was once accepted but nothing read it; it is refused like any unknown key."""
    f = write(repo / "mcpaudit.toml", "[rule-options.tool-shell-injection]\nallow = [\"git\"]\n")
    with pytest.raises(ConfigError) as exc:
        load_config([repo])
    msg = str(exc.value)
    assert msg.startswith(f"{f.resolve()}: unknown key 'rule-options'; allowed keys: "), msg
    assert "rule-options" not in msg.split("allowed keys:")[1]


def test_unknown_key_in_pyproject_table(repo: Path) -> None:
    f = write(repo / "pyproject.toml", "[tool.mcpaudit]\nbogus = 1\n")
    with pytest.raises(ConfigError, match="bogus") as exc:
        load_config([repo])
    assert str(f.resolve()) in str(exc.value)


@pytest.mark.parametrize(
    "line, key",
    [
        ('fail-on = "severe"', "fail-on"),
        ("min-score = 140", "min-score"),
        ('min-confidence = "certain"', "min-confidence"),
        ('engines = ["cst", "pylint"]', "engines"),
        ("engines = []", "engines"),
        ("jobs = -1", "jobs"),
        ("jobs = true", "jobs"),
        ('max-file-bytes = "big"', "max-file-bytes"),
        ("parse-timeout = 0", "parse-timeout"),
        ('cache = "yes"', "cache"),
        ('select = "tool-shell-injection"', None),  # a string is accepted as one item
        ("select = [1]", "select"),
        ('severity = { sql-fstring = "huge" }', "severity"),
        ("exclude = [1]", "exclude"),
    ],
)
def test_bad_values_name_the_key(repo: Path, line: str, key) -> None:
    f = write(repo / "mcpaudit.toml", line + "\n")
    if key is None:
        load_config([repo])
        return
    with pytest.raises(ConfigError) as exc:
        load_config([repo])
    assert f"'{key}'" in str(exc.value) and str(f.resolve()) in str(exc.value)


def test_invalid_toml_names_the_file(repo: Path) -> None:
    f = write(repo / "mcpaudit.toml", "fail-on = \n")
    with pytest.raises(ConfigError, match="invalid TOML") as exc:
        load_config([repo])
    assert str(f.resolve()) in str(exc.value)


def test_explicit_config_file(tmp_path: Path, repo: Path) -> None:
    write(repo / "mcpaudit.toml", "jobs = 1\n")
    explicit = write(tmp_path / "ci" / "audit.toml", "jobs = 7\n")
    cfg = load_config([repo], explicit=explicit)
    assert cfg.jobs == 7 and cfg.source == explicit.resolve()


def test_explicit_pyproject_needs_the_table(tmp_path: Path) -> None:
    f = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"no \[tool.mcpaudit\]"):
        load_config([tmp_path], explicit=f)


def test_explicit_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config([tmp_path], explicit=tmp_path / "nope.toml")


# -- precedence: CLI over file over defaults -------------------------------------------------------


def test_precedence_cli_over_file_over_defaults(repo: Path) -> None:
    write(repo / "mcpaudit.toml", 'fail-on = "low"\nmin-score = 50\nignore = ["a-rule"]\n')
    cfg = load_config([repo])
    assert cfg.parse_timeout == Config().parse_timeout  # default kept
    merged = apply_cli(cfg, fail_on="critical", min_score=None, ignore=None, jobs=4)
    assert merged.fail_on is Severity.CRITICAL  # CLI wins
    assert merged.min_score == 50.0  # not given on the CLI: file wins
    assert merged.ignore == ["a-rule"]
    assert merged.jobs == 4
    assert cfg.fail_on is Severity.LOW  # the input is not modified


def test_cli_strings_and_gate_off(tmp_path: Path) -> None:
    cfg = apply_cli(Config(), fail_on="none", select="a-rule, b-rule", min_confidence="high",
                    baseline=str(tmp_path / "b.json"), no_ignores=True, diff_base="origin/main")
    assert cfg.fail_on is None
    assert cfg.select == ["a-rule", "b-rule"]
    assert cfg.min_confidence is Confidence.HIGH
    assert cfg.baseline == (tmp_path / "b.json").resolve()
    assert cfg.no_ignores is True and cfg.diff_base == "origin/main"


def test_cli_bad_value_and_unknown_setting() -> None:
    with pytest.raises(ConfigError, match="--fail-on"):
        apply_cli(Config(), fail_on="bad")
    with pytest.raises(ConfigError, match="--diff-base"):
        apply_cli(Config(), diff_base="--output=/tmp/x")
    with pytest.raises(TypeError):
        apply_cli(Config(), frobnicate=1)


def test_cli_override_drops_the_files_narrowing_note(repo: Path) -> None:
    write(repo / "mcpaudit.toml", 'ignore = ["a-rule"]\nengines = ["cst"]\n')
    cfg = load_config([repo])
    assert "ignore: a-rule" in cfg.disabled_by_config
    merged = apply_cli(cfg, ignore=[])
    assert not any(d.startswith("ignore:") for d in merged.disabled_by_config)
    assert "engines: bandit disabled" in merged.disabled_by_config


# -- hostile repository config ---------------------------------------------------------------------


def test_hostile_engine_path_key_rejected(repo: Path) -> None:
    write(repo / "mcpaudit.toml", 'semgrep-path = "./evil.sh"\n')
    with pytest.raises(ConfigError, match="semgrep-path"):
        load_config([repo])


def test_hostile_engine_named_by_path_rejected(repo: Path) -> None:
    write(repo / "mcpaudit.toml", 'engines = ["./evil.sh"]\n')
    with pytest.raises(ConfigError, match="engines"):
        load_config([repo])


@pytest.mark.parametrize("pattern", ["../", "../other/**", "!../secrets", "src/../../x", "C:/x"])
def test_hostile_exclude_outside_root_rejected(repo: Path, pattern: str) -> None:
    write(repo / "mcpaudit.toml", f"exclude = [{pattern!r}]\n".replace("'", '"'))
    with pytest.raises(ConfigError, match="exclude"):
        load_config([repo])


@pytest.mark.parametrize("key", ["baseline", "cache-dir"])
def test_hostile_paths_outside_root_rejected(tmp_path: Path, repo: Path, key: str) -> None:
    write(repo / "mcpaudit.toml", f'{key} = "../outside.json"\n')
    with pytest.raises(ConfigError, match=key) as exc:
        load_config([repo])
    assert "outside the repository root" in str(exc.value)
    write(repo / "mcpaudit.toml", f'{key} = "/etc/passwd"\n')
    with pytest.raises(ConfigError, match=key):
        load_config([repo])


def test_hostile_symlink_out_of_root_rejected(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    try:
        os.symlink(outside, repo / "link", target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks not available")
    write(repo / "mcpaudit.toml", 'baseline = "link/baseline.json"\n')
    with pytest.raises(ConfigError, match="outside the repository root"):
        load_config([repo])


def test_nested_config_may_use_paths_elsewhere_in_the_repository(repo: Path) -> None:
    write(repo / "src" / "mcpaudit.toml", 'baseline = "../.mcpaudit-baseline.json"\n')
    cfg = load_config([repo / "src"])
    assert cfg.baseline == (repo / ".mcpaudit-baseline.json").resolve()
    assert cfg.config_root == repo.resolve()


def test_explicit_config_is_trusted_with_outside_paths(tmp_path: Path, repo: Path) -> None:
    f = write(tmp_path / "ci.toml", 'baseline = "baselines/mcp.json"\n')
    cfg = load_config([repo], explicit=f)
    assert cfg.baseline == (tmp_path / "baselines" / "mcp.json").resolve()


def test_everything_a_repo_config_turns_off_is_listed(repo: Path) -> None:
    write(
        repo / "mcpaudit.toml",
        """
ignore = ["tool-shell-injection", "secrets"]
select = ["sql-fstring"]
engines = ["cst"]
exclude = ["server.py"]
min-confidence = "high"
fail-on = "none"
[severity]
tool-ssrf = "info"
""",
    )
    listed = load_config([repo]).disabled_by_config
    for expected in (
        "ignore: tool-shell-injection",
        "ignore: secrets",
        "engines: semgrep disabled",
        "engines: bandit disabled",
        "severity: tool-ssrf set to info",
        "exclude: server.py",
        "min-confidence: raised to high",
    ):
        assert expected in listed
    assert any(d.startswith("select: only sql-fstring") for d in listed)
    assert any(d.startswith("fail-on: none") for d in listed)


def test_no_config_lists_nothing(repo: Path) -> None:
    assert load_config([repo]).disabled_by_config == []


# -- rule selection -----------------------------------------------------------------------------


def test_rule_selected_by_id_and_tag() -> None:
    cfg = Config(select=["cwe-78", "secret-in-log"], ignore=["noisy"])
    assert rule_selected(cfg, "tool-shell-injection", ["security", "external/cwe/cwe-78"])
    assert rule_selected(cfg, "secret-in-log", [])
    assert not rule_selected(cfg, "sql-fstring", ["external/cwe/cwe-89"])
    assert not rule_selected(cfg, "secret-in-log", ["noisy"])
    assert rule_selected(Config(), "anything", [])


# -- gitignore-style excludes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "patterns, path, expected",
    [
        (["build/"], "build/x.py", True),
        (["build/"], "src/build/x.py", True),
        (["build/"], "build", False),  # a file named build: dir-only pattern
        (["build/"], "build/", True),
        (["*.py"], "a/b/c.py", True),
        (["*.py"], "a/b/c.pyi", False),
        (["/top.py"], "top.py", True),
        (["/top.py"], "sub/top.py", False),
        (["src/*.py"], "src/a.py", True),
        (["src/*.py"], "src/deep/a.py", False),  # * does not cross /
        (["src/*.py"], "other/src/a.py", False),  # a middle slash anchors
        (["**/tests/**"], "tests/test_a.py", True),
        (["**/tests/**"], "pkg/tests/sub/t.py", True),
        (["**/tests/**"], "pkg/tests.py", False),
        (["a/**/b.py"], "a/b.py", True),
        (["a/**/b.py"], "a/x/y/b.py", True),
        (["*.py", "!keep.py"], "keep.py", False),
        (["*.py", "!keep.py"], "sub/keep.py", False),
        (["*.py", "!keep.py"], "drop.py", True),
        (["vendor/", "!vendor/ok.py"], "vendor/ok.py", True),  # parent excluded: stays excluded
        (["file?.py"], "file1.py", True),
        (["file?.py"], "file12.py", False),
        (["[ab].py"], "a.py", True),
        (["[!ab].py"], "a.py", False),
        (["# comment", ""], "# comment", False),
        (["\\#hash.py"], "#hash.py", True),
        (["name with space.py"], "d/name with space.py", True),
        ([], "anything.py", False),
    ],
)
def test_exclude_matcher(patterns, path, expected) -> None:
    assert exclude_matcher(patterns)(path) is expected


def test_exclude_matcher_is_dir_flag() -> None:
    m = exclude_matcher(["cache/"])
    assert m("cache", is_dir=True)
    assert not m("cache", is_dir=False)
