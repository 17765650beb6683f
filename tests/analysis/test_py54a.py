"""Causes of the wrong rows of the Python holdouts 31-39 (issue 12, branch py54a), each with a
twin that stays reported (``fixtures/taint/py54a``, ``fixtures/py54a``)."""

from __future__ import annotations

from pathlib import Path

import yaml

from mcpaudit.catalog import catalog
from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("py54a")
RULES = Path(__file__).resolve().parents[2] / "rules"


def test_ffprobe_value_options_are_one_merged_row():
    # process.yaml listed ffprobe twice under option-operands; the later, shorter row won and
    # dropped -v, -of, -print_format ... : the union stays
    ops = catalog().python.option_operands["ffprobe"]
    assert {"-v", "-loglevel", "-of", "-print_format", "-output_format", "-show_entries", "-select_streams",
            "-read_intervals", "-i", "-f", "-analyzeduration", "-probesize", "-o", "-sections"} <= ops


def test_a_caller_value_after_an_ffprobe_value_option_is_that_options_value(tmp_path):
    found = files.audit("ffprobeopts.py", tmp_path)
    line = files.line_of("ffprobeopts.py", '"-hide_banner", extra,')
    assert rows(found) == [
        ("tool-argument-injection", line, "probe_after_switch",
         "tool 'probe_after_switch' passes parameter 'extra' to subprocess.run(): argument injection (a value "
         "starting with '-' is read as an option (no '--' before it))"),
    ]


class _NoDuplicates(yaml.SafeLoader):
    """A loader that refuses a mapping key given twice (PyYAML keeps the last one silently)."""


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, (str, int, float, bool)):
            assert key not in seen, f"duplicate key {key!r} at line {key_node.start_mark.line + 1}"
            seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_NoDuplicates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_no_catalog_yaml_gives_a_key_twice():
    paths = sorted(RULES.rglob("*.yaml"))
    assert paths
    for path in paths:
        try:
            yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDuplicates)
        except AssertionError as exc:
            raise AssertionError(f"{path.relative_to(RULES)}: {exc}") from None


# -- shell-c-argv: an argument list joined into the script from shlex.quote of each element ---------

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "py54a"


def _marked(path: Path, marker: str) -> list:
    return [i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text]


def test_a_space_join_of_quoted_elements_is_one_word_each_where_a_word_stands(tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.engines.semgrep.quotedscript import WHY
    from mcpaudit.models import Confidence

    src = FIXTURES / "shell_join" / "launch.py"
    quoted, stays = _marked(src, "# quoted"), _marked(src, "# stays")
    assert len(quoted) == 2 and len(stays) == 5
    shutil.copytree(src.parent, tmp_path / "shell_join")
    res = api.audit([tmp_path / "shell_join"], Config(engines=("semgrep",), cache=False, min_confidence=Confidence.LOW))
    got = sorted((f.location.path, f.location.line, f.confidence.label) for f in res.findings
                 if f.rule_id == "shell-c-argv")
    assert got == sorted([("launch.py", n, "low") for n in quoted] + [("launch.py", n, "medium") for n in stays])
    low = next(f for f in res.findings if f.rule_id == "shell-c-argv" and f.location.line == quoted[0])
    assert low.message.startswith("An argument list starts a shell")
    assert low.message.endswith(f"; {WHY} (audit view)")


# -- a refusing validator's mode flag fixed by its caller (flagarms.py) ---------------------------

def _open_line_of(tool: str) -> int:
    """The line of the open() in tool ``tool``'s handler of flagvalidator.py."""
    lines = (files.root / "flagvalidator.py").read_text().splitlines()
    start = next(i for i, text in enumerate(lines) if text.startswith(f"def {tool}("))
    return next(i for i, text in enumerate(lines[start:], start + 1) if "open(os.path.join(BASE" in text)


def test_a_validators_strict_flag_passed_as_a_literal_runs_its_strict_arm(tmp_path):
    # _validate_cluster_name(name, strict=True) / (name, True): the anchored allow-list arm; the
    # default False, strict=False and a flag the caller chooses keep the lenient (length-only) arm
    found = files.audit("flagvalidator.py", tmp_path)
    assert rows(found) == [
        ("tool-path-traversal", _open_line_of("read_cluster"), "read_cluster",
         "tool 'read_cluster' passes parameter 'name' to open(): path traversal / arbitrary file access"),
        ("tool-path-traversal", _open_line_of("rename_cluster"), "rename_cluster",
         "tool 'rename_cluster' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"),
        ("tool-path-traversal", _open_line_of("check_cluster"), "check_cluster",
         "tool 'check_cluster' passes parameter 'name' to open(): path traversal / arbitrary file access"),
    ]


def test_a_check_of_a_whitespace_stripped_copy_vouches_for_the_original_as_a_path(tmp_path):
    # s = name.strip() / str(name).strip() matched by an anchored allow-list: the original is a
    # safe file name (save_profile, read_profile quiet); not a safe shell word (show_profile), and
    # a copy with '/' removed (name.replace) vouches for nothing (drop_profile)
    found = files.audit("stripcopy.py", tmp_path)
    assert rows(found) == [
        ("tool-path-traversal", files.line_of("stripcopy.py", "os.remove(os.path.join(BASE"), "drop_profile",
         "tool 'drop_profile' passes parameter 'name' to os.remove(): path traversal / arbitrary file access (write)"),
        ("tool-shell-injection", files.line_of("stripcopy.py", 'f"profile-view {name}"'), "show_profile",
         "tool 'show_profile' passes parameter 'name' to subprocess.run(shell=True): OS command injection"),
    ]
