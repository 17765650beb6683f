"""Argument injection judged by a command's positional count (issue 12, branch argarity26):
``fixtures/taint/argarity26``. A caller value that fills one of exactly the least count of
positionals of a cobra command (the process models' ``argument-arity``) cannot become an option
that runs: audit view. An optional positional, a second caller slot or an unlisted command keeps
the finding (the twins). Two caller positionals of a command no option stands in for (helm
upgrade: the models' ``stand-ins``, branch helm41) are each needed: audit view."""

from __future__ import annotations

from pyflowgroups import FlowGroups

groups = FlowGroups("argarity26")

_SHORT = ("so as an option it leaves the command short and {prog} refuses to run it)")


def _line(needle: str) -> int:
    return groups.line_of("helmcount", "server.py", needle)


def test_a_value_in_the_only_positional_of_an_exact_or_least_count_command_is_shown_in_the_audit_view():
    low = {f.location.line: f for f in groups.found("helmcount", low=True)}
    values = low[_line('["helm", "get", "values", release]')]
    assert (values.rule_id, values.tool) == ("tool-argument-injection", "release_values")
    assert values.message.endswith(
        "(audit view: helm get values takes exactly 1 positional argument and gets 1, this one among them, "
        + _SHORT.format(prog="helm"))
    remove = low[_line('["helm", "uninstall", release, "--namespace", "apps", "--wait"]')]
    assert (remove.rule_id, remove.tool) == ("tool-argument-injection", "release_remove")
    assert remove.message.endswith(
        "(audit view: helm uninstall takes at least 1 positional argument and gets 1, this one among them, "
        + _SHORT.format(prog="helm"))
    bump = low[_line('["helm", "upgrade", release, chart]')]  # both needed, no option stands in (helm41)
    assert bump.message.endswith(
        "(audit view: helm upgrade takes exactly 2 positional arguments and gets 2, this one among them, "
        + _SHORT.format(prog="helm"))
    ns = low[_line('"create", "namespace", name]')]
    assert (ns.rule_id, ns.tool) == ("tool-argument-injection", "make_namespace")
    assert "(audit view: kubectl create namespace takes exactly 1 positional argument" in ns.message


def test_an_optional_positional_a_second_caller_slot_or_an_unlisted_command_keeps_the_finding():
    kept = [("server.py", _line(needle), "tool-argument-injection", tool) for needle, tool in (
        ('["helm", "template", name, chart]', "render"),
        ('["helm", "template", name, "./charts/web"]', "render_fixed"),
        ('["helm", "rollback", release, revision]', "go_back"),
        ('["helm", "list", selector]', "release_list"))]
    assert groups.rows("helmcount") == sorted(kept)
    render = {f.location.line: f.message for f in groups.found("helmcount")}[_line('"./charts/web"]')]
    assert render.endswith("helm template options that run a program, touch a file or send a credential "
                           "elsewhere: --output-dir, --post-renderer)")
