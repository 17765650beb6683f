"""Causes of the forty-first Python holdout left for stop 55 (issue 12, branch py55a), each with a
twin (``fixtures/taint/py55a`` files, ``fixtures/py55a`` projects)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, copied_rule_rows, line_in, rows

files = FixtureFiles("py55a")
#: the folder fixtures, each its own project (a server-wide fact must not leak into its twin)
PROJECTS = TAINT_FIXTURES.parent / "py55a"


def test_a_method_of_a_class_a_package_init_re_exports_is_followed_to_its_return(tmp_path):
    # from pkg.jobs import JobManager (jobs/__init__.py only re-exports it): submit_job stores the
    # caller's request and returns an id it makes itself, so the result file opened is the server's
    assert copied_rule_rows(PROJECTS, "jobids", tmp_path, "tool-path-traversal") == []


def test_the_twin_whose_job_id_is_the_callers_name_stays_reported(tmp_path):
    line = line_in(PROJECTS / "jobnames" / "jobsrv" / "server.py", "with open(manager.result_file(job_id)) as f:")
    assert copied_rule_rows(PROJECTS, "jobnames", tmp_path, "tool-path-traversal") == [
        ("jobsrv/server.py", line, "high", "scrape",
         "tool 'scrape' passes parameter 'name' to open(): path traversal / arbitrary file access"),
    ]



def _bind_rows(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    res = api.audit([root], Config(engines=("cst", "bandit"), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.rule_id, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id in ("B104", "http-transport-no-auth"))


def test_a_settings_field_default_host_nothing_reads_is_never_bound(tmp_path):
    # host: str = Field(default="0.0.0.0") in a BaseSettings class, and no file reads .host: the
    # field's default is followed as a class-body constant is, so B104 goes to the audit view
    line = line_in(PROJECTS / "fieldhost_unused" / "config.py", 'host: str = Field(default="0.0.0.0"')
    assert _bind_rows(tmp_path, "fieldhost_unused") == [
        ("config.py", line, "B104", "low",
         "Possible binding to all interfaces.; the address is only stored or printed: it reaches no "
         "listening call, never bound (audit view)"),
    ]


def test_a_settings_field_host_the_server_binds_stays(tmp_path):
    line = line_in(PROJECTS / "fieldhost_served" / "config.py", 'host: str = Field(default="0.0.0.0"')
    found = _bind_rows(tmp_path, "fieldhost_served")
    assert [r[:4] for r in found if r[2] == "B104"] == [("config.py", line, "B104", "medium")]


def test_a_writer_given_the_file_object_a_with_open_made_is_no_second_path_write(tmp_path):
    # with open(path, "wb") as f: writer.write(f): PdfWriter.write gets the handle, not a path
    found = files.audit("pdfhandle.py", tmp_path)
    line = files.line_of("pdfhandle.py", 'with open(path, "wb") as f:')
    assert rows(found) == [("tool-path-traversal", line, "copy_pdf",
                            "tool 'copy_pdf' passes parameter 'name' to open(): path traversal / arbitrary file access (write)")]


def test_a_writer_given_the_path_itself_stays_a_path_write(tmp_path):
    found = files.audit("pdfpath.py", tmp_path)
    line = files.line_of("pdfpath.py", "writer.write(path)")
    assert rows(found) == [("tool-path-traversal", line, "copy_pdf",
                            "tool 'copy_pdf' passes parameter 'name' to .write(): path traversal / arbitrary file access (write)")]


def test_a_list_tools_rewrapping_declared_tools_keeps_their_schemas_known(tmp_path):
    # types.Tool(name=t.name, inputSchema=t.inputSchema) copies a tools/ factory's declaration: the
    # schemas are the factories' (keywords, limit), no tool takes a credential, the log is quiet
    assert copied_rule_rows(PROJECTS, "rewrap_plain", tmp_path, "secret-in-log") == []


def test_the_twin_whose_tool_takes_an_api_key_keeps_the_whole_mapping_log(tmp_path):
    line = line_in(PROJECTS / "rewrap_secret" / "server.py", 'logger.info("tool %s called with %s", name, arguments)')
    found = copied_rule_rows(PROJECTS, "rewrap_secret", tmp_path, "secret-in-log")
    assert [(r[0], r[1], r[2]) for r in found] == [("server.py", line, "medium")]
    assert found[0][4].startswith("the whole argument mapping 'arguments' is written to a log by ")
