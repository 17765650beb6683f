"""Python wrong rows and misses by general cause (issue 12, branch pyrec28): ``fixtures/taint/pyrec28``.

``imported_optlist``: an option-list helper defined in another module of the project
(``from .flags import kube_flags``) is read as one of the module's own (importedhelpers.py hands
its source on from the first pass; optlists.py), as is a local assigned its call, a choice between
two option lists and ``cmd.extend(helper(...))``: the argv is known, so helm's positional count
applies (audit view). A helper the caller's value leads, and an optional positional, keep the
finding (the twins)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

from mcpaudit.importedhelpers import KEY, split

groups = FlowGroups("pyrec28")

_SHORT = "this one among them, so as an option it leaves the command short and helm refuses to run it)"


def _line(needle: str) -> int:
    return groups.line_of("imported_optlist", "kube/tools.py", needle)


def _low(name: str):
    return {f.tool: f for f in groups.found(name, low=True) if f.rule_id == "tool-argument-injection"}


def test_an_option_list_helper_of_another_module_makes_the_argv_known():
    low = _low("imported_optlist")
    status = low["release_status"]
    assert status.location.path == "kube/tools.py"
    assert status.location.line == _line('cmd = ["helm"] + kube_flags(context) + ["status"') + 1
    assert "parameter 'release'" in status.message
    assert status.message.endswith("(audit view: helm status takes exactly 1 positional argument and gets 1, " + _SHORT)
    history = low["release_history"]  # ctx = kube_flags(c); scope = [...] if ns else [...]
    assert history.location.line == _line('cmd = ["helm"] + ctx + scope + ["history", release]') + 1
    assert history.message.endswith("(audit view: helm history takes exactly 1 positional argument and gets 1, " + _SHORT)
    values = low["release_values"]  # cmd.extend(kube_flags(context))
    assert values.location.line == _line("cmd.extend(kube_flags(context))") + 1
    assert "(audit view: helm get values takes exactly 1 positional argument and gets 1, " in values.message


def test_a_helper_led_by_the_callers_value_and_an_optional_positional_keep_the_finding():
    kept = [("kube/tools.py", _line(needle) + after, "tool-argument-injection", tool) for needle, after, tool in (
        ('cmd = ["helm"] + word_flags(context) + ["status", release]', 0, "release_words"),
        ('cmd = ["helm"] + kube_flags(context) + ["rollback", release, revision]', 1, "release_rollback"))]
    assert groups.rows("imported_optlist") == sorted(kept)
    words = groups.message("imported_optlist", "tool-argument-injection", "release_words")
    assert "parameter 'context'" in words and "added to the argument list after 'helm'" in words


def test_the_helpers_travel_apart_from_the_names_bindings():
    names, helpers = split({"mcp": "pkg.app.mcp", KEY + "kube_flags": "def kube_flags(c):\n    return []\n"})
    assert names == {"mcp": "pkg.app.mcp"}
    assert helpers == {"kube_flags": "def kube_flags(c):\n    return []\n"}


# ``thread_dispatch``: a handler looked up by the tool's name and run in a worker thread with the
# caller's arguments spread into it: ``asyncio.to_thread(handler, **arguments)``,
# ``loop.run_in_executor(None, functools.partial(TABLE[name], **arguments))`` (binders.py,
# resolution._callback). The twin admits two tables only and stays quiet.

def _thread_line(needle: str) -> int:
    return groups.line_of("thread_dispatch", "server.py", needle)


def test_a_looked_up_handler_run_in_a_thread_gets_the_spread_arguments():
    found = {(f.location.line, f.rule_id, f.tool): f for f in groups.found("thread_dispatch")}
    raw = found[(_thread_line("return conn.execute(sql).fetchall()"), "capability-raw-query", "run_sql")]
    assert "parameter 'arguments['sql']' reaches .execute() as is" in raw.message
    drop = found[(_thread_line('conn.execute(f"DROP TABLE {table}")'), "tool-sql-injection", "drop_table")]
    assert drop.message == ("tool 'drop_table' passes parameter 'arguments['table']' to .execute(): "
                            "SQL injection (the query is an f-string)")
    assert sorted(found) == sorted([(raw.location.line, "capability-raw-query", "run_sql"),
                                    (drop.location.line, "tool-sql-injection", "drop_table")])  # count_rows: quiet
