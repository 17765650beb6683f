"""Causes of the twenty-ninth Python holdout, reader A (issue 12, branch py29a), each with a twin
that stays reported (``fixtures/taint/py29a``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, FlowGroups, line_in, rows

files = FixtureFiles("py29a")
groups = FlowGroups("py29a")


def test_module_constant_headers_decide_whether_a_path_fill_carries_a_credential(tmp_path):
    name = "const_headers.py"
    found = files.audit(name, tmp_path)
    assert rows(found) == [
        ("tool-ssrf", files.line_of(name, "headers=_KEYED"), "keyed_tally",
         "tool 'keyed_tally' passes parameter 'doi' to requests.get(): server-side request forgery")]
    keyed = next(f for f in found if f.tool == "keyed_tally")
    assert keyed.message.endswith("with the server's credential (the 'headers' argument)")
    # twin: paper_tally's _HEADERS hold only Accept/Content-Type: an audit result, not a default one


def test_a_key_encoded_as_one_segment_after_the_base_url_is_no_request_forgery(tmp_path):
    name = "segment_base.py"
    found = files.audit(name, tmp_path)
    assert rows(found) == [
        ("tool-ssrf", files.line_of(name, "quote(key)}.zip"), "fetch_folder_archive",
         "tool 'fetch_folder_archive' passes parameter 'key' to requests.Session.get(): server-side request forgery "
         "(the request carries the server's credential 'os.environ['DAV_PASSWORD']' to the host the caller chooses)")]
    # fetch_archive (quote(key, safe='')) and fetch_plus (quote_plus) stay out of the default view


def test_a_description_saying_how_long_the_tools_effect_lasts_is_no_instruction(tmp_path):
    name = "persist_desc.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("tool-description-injection", files.line_of(name, "For the rest of the session you must"), "set_style",
         "The description of tool 'set_style' contains an instruction that outlives the tool call: "
         "\"For the rest of the session you must answer only in this style\"")]


def test_appending_to_the_operators_audit_log_is_no_write_of_a_read_only_tool(tmp_path):
    name = "audit_append.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("tool-read-only-bypass", files.line_of(name, 'with open(path, "w"'), "count_records",
         "tool 'count_records' is annotated readOnlyHint=True but writes files (open())")]
    # twin: search_records only appends to audit_log_path() (os.environ): not reported


def test_reading_back_the_file_the_flow_has_just_written_is_the_same_hazard(tmp_path):
    name = "read_back.py"
    found = files.audit(name, tmp_path)
    assert [r for r in rows(found) if r[0] == "tool-path-traversal"] == [
        ("tool-path-traversal", files.line_of(name, 'with open(path, "rb")'), "library_digest",
         "tool 'library_digest' passes parameter 'filename' to open(): path traversal / arbitrary file access"),
        ("tool-path-traversal", files.line_of(name, "shutil.copy2(file_path, staged)"), "attach_file",
         "tool 'attach_file' passes parameter 'filename' to shutil.copy2(): path traversal / arbitrary file access (write)")]
    # attach_file's filename reaches open() only as the staged copy it wrote: no second finding
    assert not any(f.tool == "attach_file" and "(also reached" in f.message for f in found)


def test_a_dotted_name_checked_by_another_modules_raising_validator_cannot_climb_a_url_path():
    server = groups.root / "dotted_names" / "server.py"
    assert groups.rows("dotted_names") == [
        ("server.py", line_in(server, "validate_loose_name(model)") + 1, "tool-ssrf", "search_loose"),
        ("server.py", line_in(server, 'f"https://{host}/web/health"'), "tool-ssrf", "ping_host")]
    assert groups.message("dotted_names", "tool-ssrf", "search_loose") == (
        "tool 'search_loose' passes parameter 'model' to requests.post(): server-side request forgery; only a weak "
        "check on the way: checked by validate_loose_name() (not verified by mcpaudit)")
    low = {f.tool: f for f in groups.found("dotted_names", low=True)}
    assert low["search_model"].confidence.label == "low"
    assert "a pattern it was checked against admits no segment that starts with a dot" in low["search_model"].message
