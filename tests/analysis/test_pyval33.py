"""Issue 12, branch pyval33 (validators the Python analysis did not read): ``fixtures/taint/pyval33``.

* each part of a split refused as '..' and with either separator in one test makes the parts' join
  one folder down (pathtests.part_refusals, one_part).
* an is-absolute test passed makes a value no option (pathtests.absolute_narrowings).
* ``root in p.parents`` is ``p.is_relative_to(root)`` (``p == root or root in p.parents`` too), and
  ``any(check(p, r) for r in ROOTS)`` true proves of ``p`` what ``check(p, r)`` proves, ``r``
  standing for an element of ``ROOTS`` (pathtests.py): a (path, error) helper resolving the path
  and checking it that way hands back a confined path. The twins test a path that was not
  resolved first ('..' is not normalised by ``.parents``).
* ``for p in parts: validate(p)`` with a raising validator of the module proves the list
  (elementcalls.py); two fields of one caller object in one query, one a validated identifier
  and one escaped for a quoted literal, keep the escape's marks (taintvalue._keep_sql_escape).
  The twins skip the check for some elements, use an unanchored pattern, or escape the quote
  but not the backslash (MySQL).
"""

from __future__ import annotations

from pyflowgroups import FlowGroups, TAINT_FIXTURES, line_in

groups = FlowGroups("pyval33")


def test_a_parents_test_through_a_per_root_helper_confines_the_resolved_path():
    """Also inline as a refusal, ``if target != root and root not in target.parents: return``
    (pathtests.root_or_parent_refused; delete_upload_inline)."""
    assert groups.found("parents_root") == []
    assert groups.found("parents_root", low=True) == []


def test_a_parents_test_on_an_unresolved_path_is_weak():
    src = TAINT_FIXTURES / "pyval33" / "parents_root_open" / "server.py"
    assert groups.rows("parents_root_open") == [
        ("server.py", line_in(src, "with open(safe_path"), "tool-path-traversal", "read_unresolved_parents"),
        ("server.py", line_in(src, "target.unlink()  #"), "tool-path-traversal", "delete_upload_unresolved"),
        ("server.py", line_in(src, "return candidate.read_text()"), "capability-file-access", "read_under_given_roots"),
        ("server.py", line_in(src, "target.unlink(missing_ok=False)"), "tool-path-traversal", "delete_upload_inline_unresolved"),
    ]
    weak = ("only a weak check on the way: a '.parents' test on a path that was not resolved first: "
            "'..' and symlinks are not normalised")
    assert groups.message("parents_root_open", "tool-path-traversal", "read_unresolved_parents") == (
        "tool 'read_unresolved_parents' passes parameter 'file_path' to open(): path traversal / arbitrary "
        "file access; " + weak + " (in _within_root()) (in _within_any_root())")
    assert groups.message("parents_root_open", "tool-path-traversal", "delete_upload_unresolved") == (
        "tool 'delete_upload_unresolved' passes parameter 'name' to .unlink(): path traversal / "
        "arbitrary file access (write); " + weak)
    # the inline refusal ``if target != root and root not in target.parents: return`` (rev47b 3), named
    # as the '.parents' test it is (rev47b 5)
    assert groups.message("parents_root_open", "tool-path-traversal", "delete_upload_inline_unresolved") == (
        "tool 'delete_upload_inline_unresolved' passes parameter 'name' to .unlink(): path traversal / "
        "arbitrary file access (write); " + weak)
    # roots the caller chooses confine nothing: the tool reads what the caller names (rev47b 12)
    assert groups.message("parents_root_open", "capability-file-access", "read_under_given_roots") == (
        "tool 'read_under_given_roots' reads any file the caller names: parameter 'roots' reaches .read_text() as is")


def test_element_validators_and_escaped_fields_of_one_object_are_read():
    assert groups.found("sql_fields") == []
    assert groups.found("sql_fields", low=True) == []


def test_a_skipped_element_an_open_pattern_or_a_partial_escape_is_no_check():
    src = TAINT_FIXTURES / "pyval33" / "sql_fields_open" / "server.py"
    assert groups.rows("sql_fields_open") == [
        ("server.py", line_in(src, "CREATE MODEL m WITH"), "tool-sql-injection", "create_model"),
        ("server.py", line_in(src, "RENAME MODEL m TO"), "tool-sql-injection", "rename_model"),
        ("server.py", line_in(src, "INSERT INTO {table}"), "tool-sql-injection", "add_kb_note"),
        ("server.py", line_in(src, "SELECT * FROM notes WHERE {where}"), "tool-sql-injection", "find_rows"),
        ("server.py", line_in(src, "WHERE a = '{filters['a']}'"), "tool-sql-injection", "find_by_a"),
    ]
    assert groups.message("sql_fields_open", "tool-sql-injection", "create_model") == (
        "tool 'create_model' passes parameter 'arguments['model']' to .execute(): SQL injection "
        "(the query is an f-string)")
    assert groups.message("sql_fields_open", "tool-sql-injection", "add_kb_note") == (
        "tool 'add_kb_note' passes parameter 'arguments['table_name']' to .execute(): SQL injection "
        "(the query is an f-string)")


def test_a_dicts_checked_keys_do_not_clean_its_values():
    """elementcalls.known_sequence (rev47b 1): ``for k in filters: validate(k)`` checks the keys
    only; the values put in quotes (over ``filters.items()`` or by key) stay the caller's, by a
    validator call or by an ``if`` refusal. Keys listed first (``list(filters)``) and values passed
    as parameters are sql_fields' safe twin."""
    for tool in ("find_rows", "find_by_a"):
        assert groups.message("sql_fields_open", "tool-sql-injection", tool) == (
            f"tool '{tool}' passes parameter 'arguments['filters']' to .execute(): SQL injection "
            "(the query is an f-string)")


def test_a_value_that_passed_an_is_absolute_test_is_no_option():
    """pathtests.absolute_narrowings: ``Path(p).is_absolute()`` / ``os.path.isabs(p)`` true, p
    starts with '/': yara's rules operand, not an option; the relative branch and a test of
    another value stay reported."""
    assert groups.found("absolute_operand", low=True) == []
    src = TAINT_FIXTURES / "pyval33" / "absolute_operand_open" / "server.py"
    assert groups.rows("absolute_operand_open") == [
        ("server.py", line_in(src, '"-w", rules_file, "/srv/uploads"'), "tool-argument-injection", "yara_scan_relative"),
        ("server.py", line_in(src, '"-w", rules_file, target'), "tool-argument-injection", "yara_scan_other"),
    ]
    assert groups.message("absolute_operand_open", "tool-argument-injection", "yara_scan_other") == (
        "tool 'yara_scan_other' passes parameter 'target' to subprocess.run(): argument injection (a value "
        "starting with '-' is read as an option (no '--' before it))")
    assert groups.message("absolute_operand_open", "tool-argument-injection", "yara_scan_relative").startswith(
        "tool 'yara_scan_relative' passes parameter 'rules_file' to subprocess.run(): argument injection (a value "
        "starting with '-' is read as an option (no '--' before it)")


def test_each_part_refused_as_dots_or_with_a_separator_makes_the_join_one_folder_down():
    """pathtests.part_refusals/one_part: ``if p in (".", "..") or "/" in p or "\\\\" in p: raise``
    on each part of a split leaves entries that do not climb; ``os.path.join(*parts)`` stays
    under the root it is joined to (the refused names in a tuple or a set, install_plugin_set). A
    loop that lets '..' or a backslash through does not."""
    assert groups.found("part_loop", low=True) == []
    src = TAINT_FIXTURES / "pyval33" / "part_loop_open" / "server.py"
    assert groups.rows("part_loop_open") == [
        ("server.py", line_in(src, '_subdir_dots(subdir), "plugin.lua")') + 1, "tool-path-traversal", "install_plugin_dots"),
        ("server.py", line_in(src, '_subdir_backslash(subdir), "plugin.lua")') + 1, "tool-path-traversal",
         "install_plugin_backslash"),
    ]
    assert groups.message("part_loop_open", "tool-path-traversal", "install_plugin_dots") == (
        "tool 'install_plugin_dots' passes parameter 'subdir' to open(): path traversal / arbitrary file access (write)")
    assert groups.message("part_loop_open", "tool-path-traversal", "install_plugin_backslash") == (
        "tool 'install_plugin_backslash' passes parameter 'subdir' to open(): path traversal / arbitrary file access "
        "(write)")
