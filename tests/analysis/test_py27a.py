"""Causes of the twenty-seventh Python holdout, reader A (issue 12, branch py27a), each with a twin
that stays quiet (``fixtures/taint/py27a``)."""

from __future__ import annotations

from pyflowgroups import FlowGroups, line_in

groups = FlowGroups("py27a")


def test_tools_of_a_tuple_table_are_its_functions_with_their_models_fields():
    # note_tools() returns {"remove_note": (remove_note_impl, RemoveNoteParams, "..."), ...};
    # NotesServer keeps it in self.tools, applies server.call_tool() to its bound _call_tool, which
    # unpacks the looked-up row and calls impl(settings, session, model(**arguments))
    project = groups.run("tupletable")[1]
    tools = {t.name: t for t in project.tools}
    assert sorted(tools) == ["count_notes", "remove_note", "rename_note"]
    assert [p.name for p in tools["remove_note"].parameters] == ["note_id"]
    assert [p.name for p in tools["rename_note"].parameters] == ["note_id", "title"]  # a dataclass model
    assert tools["remove_note"].description == "Remove a note"
    assert tools["remove_note"].function == "remove_note"
    records = groups.root / "tupletable" / "noteserver" / "noterecords.py"
    assert groups.rows("tupletable") == [
        ("noteserver/noterecords.py", line_in(records, "requests.delete(url"), "tool-ssrf", "remove_note"),
        ("noteserver/noterecords.py", line_in(records, "requests.patch(url"), "tool-ssrf", "rename_note")]
    assert groups.message("tupletable", "tool-ssrf", "remove_note").startswith(
        "tool 'remove_note' passes parameter 'arguments' to requests.delete(): server-side request forgery; "
        "only a weak check on the way: it fills the path under the host its base URL fixes")
    # twin: count_notes puts the caller's number in the query string; and every dispatch was followed
    assert project.unfollowed == []


def test_a_dispatch_through_an_unresolved_lookup_leaves_the_surface_incomplete():
    # impl, model = plugins.lookup(name): entries loaded from modules named at run time
    project = groups.run("unresolved")[1]
    server = groups.root / "unresolved" / "pluginserver" / "server.py"
    assert [(u["path"], u["line"], u["callee"], u["kind"]) for u in project.unfollowed] == [
        ("pluginserver/server.py", line_in(server, "return impl(model(**arguments))"), "impl", "dispatch")]
    assert groups.found("unresolved") == []


def test_a_url_prefix_held_in_a_module_constant_and_a_configured_prefix_list():
    pages = groups.root / "prefixes" / "docpages.py"
    sources = groups.root / "prefixes" / "docsources.py"
    assert groups.rows("prefixes") == [
        ("docpages.py", line_in(pages, "return (await httpx.AsyncClient().get(url)).text  # expect"), "tool-ssrf",
         "read_site"),
        ("docsources.py", line_in(sources, "return (await httpx.AsyncClient().get(url)).text  # expect"),
         "capability-network-request", "fetch_listed_page")]
    # read_page (DOCS_PREFIX ends with the host's slash) and fetch_source_page (the configured
    # sources' prefixes) stay out of the default view
    low = {(f.location.path, f.tool) for f in groups.found("prefixes", low=True)}
    assert ("docpages.py", "read_page") not in low and ("docsources.py", "fetch_source_page") not in low
