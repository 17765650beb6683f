"""Causes of the twenty-fourth Python holdout, reader B (issue 12, branch py24b), each with a twin
that stays reported (``fixtures/taint/py24b``)."""

from __future__ import annotations

from mcpaudit.engines.bandit_args import demotions

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("py24b")


def test_str_replace_on_a_path_string_is_no_file_move(tmp_path):
    found = files.audit("strreplace.py", tmp_path)
    # os.path.abspath(p).replace("\\", "/"): two arguments, str.replace; no capability for note_exists
    # twin: (NOTES / name).replace(target), one argument, Path.replace: a move the caller names
    moved = files.line_of("strreplace.py", "(NOTES / name).replace(")
    assert [r[:3] for r in rows(found)] == [("tool-path-traversal", moved, "archive_note")]
    assert rows(found)[0][3].startswith("tool 'archive_note' passes parameter 'name' to .replace(): path traversal")


def test_sftp_put_and_get_read_and_write_the_local_path(tmp_path):
    found = files.audit("sftpcopy.py", tmp_path)
    put, get = files.line_of("sftpcopy.py", "sftp.put(local_path"), files.line_of("sftpcopy.py", "sftp.get(remote_path, local_path)")
    assert [r[:3] for r in rows(found)] == [("capability-file-access", put, "send_file"),
                                            ("capability-file-access", get, "fetch_file")]
    msgs = {r[2]: r[3] for r in rows(found)}
    assert msgs["send_file"].startswith("tool 'send_file' reads any file the caller names: parameter 'local_path' "
                                        "reaches SFTP/SCP .put()")
    assert msgs["fetch_file"].startswith("tool 'fetch_file' reads and writes any file the caller names: parameter "
                                         "'local_path' reaches SFTP/SCP .get()")
    # twin: a download onto the server's own fixed file (fetch_log) is no file access of the caller's


def test_bandit_paramiko_call_on_a_literal_command_moves_to_the_audit_view():
    text = (files.root / "sftpcopy.py").read_text()
    const, built = files.line_of("sftpcopy.py", '.exec_command("uptime")'), files.line_of("sftpcopy.py", '"systemctl is-active "')
    why = demotions(text, [("B601", const), ("B601", built)])
    # twin: a command built from a value keeps bandit's finding
    assert why == {("B601", const): "the command is a string literal: no value reaches the remote shell through it"}
