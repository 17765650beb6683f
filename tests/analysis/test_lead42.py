"""Issue 12, lead stop 42: package lookups (pkg-config, gem which, go list) whose options only
pick what they print are no argument injection (the process models' ``option-hazards`` rows);
the twin's commands that build or install keep theirs. ``fixtures/taint/lead42``."""

from __future__ import annotations

from pyflowgroups import FlowGroups

groups = FlowGroups("lead42")


def _arg_rows(name: str, low: bool = False):
    return {f.tool: f for f in groups.found(name, low=low) if f.rule_id == "tool-argument-injection"}


def test_package_lookups_are_quiet_even_in_the_audit_view():
    for low in (False, True):
        rows = _arg_rows("pkglookups", low=low)
        for tool in ("include_dir", "gem_file", "go_dir"):
            assert tool not in rows, (tool, low)


def test_building_and_installing_keep_the_argument_injection():
    rows = _arg_rows("pkglookups_twin")
    assert sorted(rows) == ["gem_install", "go_build"]
    build = rows["go_build"]
    assert build.location.line == groups.line_of("pkglookups_twin", "server.py", '["go", "build", pkg]')
    assert build.parameter == "pkg"
    assert "argument injection (a value starting with '-' is read as an option" in build.message
    assert rows["gem_install"].location.line == groups.line_of("pkglookups_twin", "server.py", '["gem", "install", name]')
