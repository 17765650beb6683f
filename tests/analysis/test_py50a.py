"""Causes of stop 50's first Python group (issue 12, branch py50a), each with a twin that stays
reported (``fixtures/taint/py50a``)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py50a")

# -- an AppleScript string escaper before osascript -e ----------------------------------------------


def test_escaped_values_between_applescript_quotes_of_osascript_e_are_one_string():
    # escape_applescript (a guard returning "" for None, then backslash, quote, line breaks), an
    # inline replace chain, and a nested esc() whose strings are joined into the script: each
    # value sits inside "..." of the AppleScript text, so osascript -e runs no code of the caller's
    assert G.tools("applescript_argv_safe") == ["add_folder", "rename_folder", "send_note"]
    assert G.rows("applescript_argv_safe") == []


def test_an_escaped_value_outside_applescript_quotes_or_a_quote_only_escape_is_code_injection():
    popen = G.line_of("applescript_argv", "server.py", 'subprocess.Popen(["osascript", "-e", script]')
    run = G.line_of("applescript_argv", "server.py", 'result = subprocess.run(["osascript", "-e", script]')
    assert G.rows("applescript_argv") == [("server.py", popen, "tool-code-injection", "count_notes"),
                                          ("server.py", run, "tool-code-injection", "add_folder")]
    msg = G.message("applescript_argv", "tool-code-injection", "count_notes")
    assert msg.startswith("tool 'count_notes' passes parameter 'limit' to subprocess.Popen(['osascript', '-e', "
                          "...]): code injection (run as AppleScript or JXA by osascript")
    found = next(f for f in G.found("applescript_argv") if f.tool == "count_notes")
    assert not found.properties.get("other_flows")  # 'folder' sits between quotes: no flow
    msg = G.message("applescript_argv", "tool-code-injection", "add_folder")
    assert msg.startswith("tool 'add_folder' passes parameter 'title' to subprocess.run(['osascript', '-e', ...]): "
                          "code injection")


# -- a nested remover registered with atexit ----------------------------------------------------------


def test_a_temporary_file_removed_by_an_atexit_handler_is_no_deletion_of_a_read_only_tool():
    # token_db_path() makes a temporary database with mkstemp and registers def _cleanup(p=path):
    # os.unlink(p) with atexit: it runs when the server exits, on the server's own file
    assert G.tools("exit_cleanup") == ["count_tokens"]
    assert G.rows("exit_cleanup") == []


def test_a_remover_run_by_a_thread_or_an_exit_handler_on_the_callers_file_stays_a_deletion():
    thread = G.line_of("exit_cleanup_twin", "server.py", "os.unlink(p)")
    drop = G.line_of("exit_cleanup_twin", "server.py", "os.unlink(target)")
    opened = G.line_of("exit_cleanup_twin", "server.py", "with open(target) as fh:")
    assert G.rows("exit_cleanup_twin") == [
        ("server.py", thread, "tool-read-only-bypass", "count_tokens"),
        ("server.py", drop, "tool-path-traversal", "preview_export"),
        ("server.py", drop, "tool-read-only-bypass", "preview_export"),
        ("server.py", opened, "tool-path-traversal", "preview_export"),
    ]
    assert G.message("exit_cleanup_twin", "tool-read-only-bypass", "count_tokens") == (
        "tool 'count_tokens' is annotated readOnlyHint=True but deletes files (os.unlink())")
    assert G.message("exit_cleanup_twin", "tool-read-only-bypass", "preview_export").startswith(
        "tool 'preview_export' is annotated readOnlyHint=True but deletes files (os.unlink())")


# -- a directory made from one path component ----------------------------------------------------------


def test_a_folder_made_from_a_slash_replaced_name_under_a_folder_is_no_traversal():
    # IMAGES / filename.replace("/", "_") then .mkdir(), os.makedirs(join(base, pdf_id)): the name
    # is one component, a new entry of the folder or '..', which already exists
    assert G.tools("mkdir_component") == ["prepare_images"]
    assert G.rows("mkdir_component") == []


def test_a_folder_made_from_a_raw_path_or_a_file_written_under_a_replaced_name_stays_reported():
    made = G.line_of("mkdir_component_twin", "server.py", "image_dir.mkdir(")
    written = G.line_of("mkdir_component_twin", "server.py", "(IMAGES / name).write_text(text)")
    assert G.rows("mkdir_component_twin") == [("server.py", made, "tool-path-traversal", "prepare_images"),
                                              ("server.py", written, "tool-path-traversal", "save_note")]
    assert G.message("mkdir_component_twin", "tool-path-traversal", "prepare_images") == (
        "tool 'prepare_images' passes parameter 'filename' to .mkdir(): path traversal / arbitrary file access (write)")
    assert G.message("mkdir_component_twin", "tool-path-traversal", "save_note").endswith(
        "only a weak check on the way: a value whose path separators were replaced holds no '/', but '..' alone "
        "names the folder above the one it is joined to")


# -- a value behind fixed text in a file name ----------------------------------------------------------


def test_a_value_behind_fixed_text_in_the_file_name_is_an_audit_result():
    # Path(f"clean_trace_{project_id}_{job_id}.log"): a '/' in the value climbs only through an
    # existing directory named clean_trace_<x>: low, the prefix named
    assert G.rows("prefix_name") == []
    found = [f for f in G.found("prefix_name", low=True) if f.rule_id == "tool-path-traversal"]
    line = G.line_of("prefix_name", "server.py", "out.write_text(text)")
    assert [(f.location.line, f.confidence.label, f.tool) for f in found] == [(line, "low", "save_trace")]
    assert found[0].message == (
        "tool 'save_trace' passes parameter 'project_id' to .write_text(): path traversal / arbitrary file access "
        "(write) (audit view: the value follows the fixed text 'clean_trace_' in the file name, so it reaches "
        "another folder only through an existing directory whose name starts with 'clean_trace_')")


def test_fixed_text_before_a_directory_component_a_made_folder_a_tilde_or_a_resolver_does_not_lower():
    # abspath(f"report_{id}.txt") drops report_x/.. by its text: no directory is needed to climb
    rows = G.rows("prefix_name_twin")
    line = lambda needle: G.line_of("prefix_name_twin", "server.py", needle)  # noqa: E731
    assert rows == [("server.py", line("out.write_text(text)"), "tool-path-traversal", "save_note"),
                    ("server.py", line("os.makedirs("), "tool-path-traversal", "make_trace_dir"),
                    ("server.py", line("with open(os.path.expanduser("), "tool-path-traversal", "read_profile"),
                    ("server.py", line('with open(out, "w") as fh:'), "tool-path-traversal", "save_report")]
    assert all(f.confidence.label == "high" and "audit view" not in f.message for f in G.found("prefix_name_twin"))


# -- a temporary file wrapped in Path and removed ------------------------------------------------------


def test_removing_path_of_a_mkstemp_name_in_a_finally_block_is_cleanup():
    # fd, name = mkstemp(dir=spool_dir); target = Path(name); ... finally: target.unlink(): the
    # temporary file the helper made, whatever folder its parameter names
    assert G.tools("spool_cleanup") == ["read_file"]
    assert G.rows("spool_cleanup") == []


def test_removing_a_path_rebound_to_the_callers_folder_stays_a_deletion():
    line = G.line_of("spool_cleanup_twin", "server.py", "target.unlink(missing_ok=True)")
    read = G.line_of("spool_cleanup_twin", "server.py", "return len(target.read_bytes())")
    assert G.rows("spool_cleanup_twin") == [("server.py", read, "capability-file-access", "read_file"),
                                            ("server.py", line, "tool-read-only-bypass", "read_file")]
    assert G.message("spool_cleanup_twin", "tool-read-only-bypass", "read_file") == (
        "tool 'read_file' is annotated readOnlyHint=True but deletes files (.unlink())")
