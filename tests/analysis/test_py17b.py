"""Dispatch, allow-list and transport shapes the seventeenth Python holdout (B) lost
(fixtures/taint/flows17b/, each beside a twin that must stay silent)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

_GROUPS = FlowGroups("flows17b")
_run, rows, message, tools, line_of = (
    _GROUPS.run, _GROUPS.rows, _GROUPS.message, _GROUPS.tools, _GROUPS.line_of)


def test_call_tool_dispatching_through_an_imported_table_of_handlers_makes_each_a_tool():
    # HANDLERS = {"run_script": handle_run_script, ...} in a package __init__ of imports alone,
    # looked up with HANDLERS.get(name) in server.py: each value is the tool named by its key and
    # gets the caller's arguments; word_count pipes its text to wc on stdin (silent)
    run = "f17dd/f17handlers/f17run.py"
    fetch = "f17dd/f17handlers/f17fetch.py"
    assert tools("dict_dispatch") == ["fetch_page", "run_script", "word_count"]
    assert rows("dict_dispatch") == sorted([
        (fetch, line_of("dict_dispatch", fetch, "resp = await client.get(url)"), "capability-network-request",
         "fetch_page"),
        (run, line_of("dict_dispatch", run, '["sh", "-c", script]'), "capability-command-execution", "run_script"),
    ])
    assert message("dict_dispatch", "capability-command-execution", "run_script") == (
        "tool 'run_script' runs commands the caller chooses: parameter 'arguments['script']' reaches "
        "subprocess.run(['sh', '-c', ...]) as is")


def test_lookup_in_a_constant_keyed_dict_with_a_refusing_none_check_is_an_allow_list():
    # spec = specs.get(name); if spec is None: raise -> name is one of the dict's literal keys,
    # so the prompt file it names is a packaged one; the twin only branches on the lookup
    assert tools("lookup_allow") == ["get_prompt", "get_template"]
    assert rows("lookup_allow") == [
        ("f17prompts.py", line_of("lookup_allow", "f17prompts.py", '{name}.tmpl").read_text('),
         "tool-path-traversal", "get_template"),
    ]


def test_a_slash_free_template_value_read_on_its_own_is_no_traversal():
    # kicad-style kicad://x/{path}: used alone as a path (no folder of the code's in front) a
    # [^/]+ capture names at most an entry of the working directory: a read is quiet; joined
    # under a root it may be '..' (the root's parent), and written alone it picks any file of the
    # working directory: both stay weak flows, each with its reason
    src = "f17boards.py"
    assert rows("template_alone") == sorted([
        (src, line_of("template_alone", src, "with open(os.path.join(BOARD_ROOT, name)) as f:"), "tool-path-traversal",
         "boards://stored/{name}"),
        (src, line_of("template_alone", src, 'with open(name, "w") as f:'), "tool-path-traversal",
         "boards://reset/{name}"),
    ])
    assert message("template_alone", "tool-path-traversal", "boards://stored/{name}").endswith(
        "only a weak check on the way: a resource-template value holds no '/', but '..' alone names the folder "
        "above the one it is joined to")
    assert message("template_alone", "tool-path-traversal", "boards://reset/{name}").endswith(
        "(write); only a weak check on the way: a resource-template value holds no '/', but used as a path on "
        "its own it still names any entry of the working directory")
