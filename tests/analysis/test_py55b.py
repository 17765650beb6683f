"""Causes of the forty-first Python holdout still open after stop 54 (issue 12, branch py55b),
each with a twin (``fixtures/taint/py55b``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("py55b")


def test_archive_extraction_into_the_callers_folder_is_a_write(tmp_path):
    # ZipFile(...).extractall(path=dest) / TarFile.extractall(dest) / ZipFile.extract(member, dest):
    # the archive's members are created under the caller's folder
    found = files.audit("unzipdest.py", tmp_path)
    line = lambda needle: files.line_of("unzipdest.py", needle)  # noqa: E731
    cap = "tool '{}' reads and writes any file the caller names: parameter '{}' reaches archive .{}() as is"
    assert rows(found) == [
        ("capability-file-access", line("zf.extractall(path=save_dir)"), "save_zip",
         cap.format("save_zip", "save_dir", "extractall")),
        ("capability-file-access", line('tar.extractall(dest, filter="data")'), "save_tar",
         cap.format("save_tar", "dest", "extractall")),
        ("capability-file-access", line("zf.extract(name, where)"), "save_member",
         cap.format("save_member", "where", "extract")),
        ("tool-path-traversal", line("extractall(d)"), "unpack",
         "tool 'unpack' passes parameter 'd' to archive .extractall(): path traversal / arbitrary file access "
         "(the archive's members are written under this folder)"),
    ]
    assert all(f.properties.get("writes") for f in found if f.rule_id == "capability-file-access")


def test_archive_extraction_into_the_servers_own_folder_is_quiet(tmp_path):
    # a fresh mkdtemp() folder, a fixed inbox, and a member listing: nothing the caller names is written
    assert rows(files.audit("unzipfixed.py", tmp_path)) == []
