"""TypeScript hazards read by hand and not reported (tsrec27, ``fixtures/typescript/tsrec27``).

``envelope``: the ``tools/call`` handler runs its dispatch inside a wrapper's callback, which is
given ``request.params`` under another name, and destructures ``{ name, arguments }`` from it.
Only ``request.params.name`` (or a variable holding it) named the requested tool, so the table
picked by ``name`` (``handlers[name]``) dispatched nothing and no tool's flow was followed
(Jpisnice/shadcn-ui-mcp-server). A pattern that takes both ``name`` and ``arguments`` from one
object takes them from the envelope (``ts/envelopes.py``). Safe twin: ``read_note_by_name``, the
base name of the caller's value.

``globalmatch``: the pieces of a global regex match (``.match(/[a-zA-Z]+|\\d+/g)``) whose pattern
can hold no separator and no dot, mapped and joined, cannot climb a path (``captures.py``): a
path fill of them is no default finding (shadcn-ui-mcp-server's Vue block names).

``newclient``: a client built with ``new Axios({...})`` was not read for its credential (only a
call such as ``axios.create({...})`` was), so a path fill through a client whose options carry
only plain headers was reported as sent "with the server's credential (the client's own
settings)". Now its options are read as a call's are: the token-carrying client stays a default
finding naming its ``headers`` option, the bare one (the safe twin) is an audit result."""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

from mcpaudit.models import Confidence

ENV = "tsrec27/envelope"
NEW = "tsrec27/newclient"


def test_a_dispatch_on_the_envelope_under_another_name_reaches_the_handler(tmp_path):
    res = audit_group(tmp_path, ENV)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line) == ("handlers.ts", line_of("handlers.ts", "path.join(NOTES, file)", ENV))
    assert f.tool == "read_note"
    assert f.message.startswith("tool 'read_note' passes parameter 'arguments['file']' to fs/promises.readFile(): "
                                "path traversal / arbitrary file access")
    assert f.confidence >= Confidence.MEDIUM


def test_the_envelope_twin_stays_quiet(tmp_path):
    assert all(f.tool != "read_note_by_name" for f in audit_group(tmp_path, ENV).findings)


def test_a_new_built_client_is_read_for_its_credential(tmp_path):
    res = audit_group(tmp_path, NEW)
    by_tool = {f.tool: f for f in res.findings if f.rule_id == "tool-ssrf"}
    f = by_tool["get_document"]
    assert f.location.line == line_of("server.ts", "api.get(`/v1/documents/${docId}`)", NEW)
    assert f.message.startswith("tool 'get_document' passes parameter 'docId' to api.get(): server-side request forgery")
    assert f.message.endswith("with the server's credential (the client's 'headers' option)")
    assert f.confidence == Confidence.MEDIUM
    assert "get_public_file" not in by_tool  # an audit result only: no credential rides along


GM = "tsrec27/globalmatch"


def test_the_pieces_of_a_global_match_without_dots_or_slashes_cannot_climb(tmp_path):
    """``(name.match(/[a-zA-Z]+|\\d+/g) || []).map(...).join("")``: only letters and digits; the
    raw value stays a default path fill (Jpisnice/shadcn-ui-mcp-server's vue block names)."""
    res = audit_group(tmp_path, GM)
    by_tool = {f.tool: f for f in res.findings if f.rule_id == "tool-ssrf"}
    f = by_tool["get_block"]
    assert f.location.line == line_of("server.ts", "api.get(`/v1/blocks/${block}`)", GM)
    assert f.message.startswith("tool 'get_block' passes parameter 'block' to api.get(): server-side request forgery")
    assert f.confidence == Confidence.MEDIUM
    assert "get_block_by_name" not in by_tool


def test_group_zero_is_the_whole_match():
    from mcpaudit.analysis.regexshape import group_holds

    assert group_holds(r"[a-zA-Z]+|\d+", 0, "/\\.") == set()
    assert group_holds(r"[\w.]+", 0, "/\\.") == {"."}
    assert group_holds(r"([a-z]+)/(\d+)", 1, "/") == set()
