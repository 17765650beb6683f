"""Causes of the forty-first Python holdout left for stop 55 (issue 12, branch py55a), each with a
twin (``fixtures/taint/py55a``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in

FIXTURES = TAINT_FIXTURES / "py55a"


def test_a_method_of_a_class_a_package_init_re_exports_is_followed_to_its_return(tmp_path):
    # from pkg.jobs import JobManager (jobs/__init__.py only re-exports it): submit_job stores the
    # caller's request and returns an id it makes itself, so the result file opened is the server's
    assert copied_rule_rows(FIXTURES, "jobids", tmp_path, "tool-path-traversal") == []


def test_the_twin_whose_job_id_is_the_callers_name_stays_reported(tmp_path):
    line = line_in(FIXTURES / "jobnames" / "jobsrv" / "server.py", "with open(manager.result_file(job_id)) as f:")
    assert copied_rule_rows(FIXTURES, "jobnames", tmp_path, "tool-path-traversal") == [
        ("jobsrv/server.py", line, "high", "scrape",
         "tool 'scrape' passes parameter 'name' to open(): path traversal / arbitrary file access"),
    ]
