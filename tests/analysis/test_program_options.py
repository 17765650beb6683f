"""Holdout causes of issue 12 (2026-12-03 reading): options whose value names a program to run
(pandoc --filter, rsync -e) and pypandoc's pandoc runs; secrets files known by their location;
keyword arguments of a helper handed to a worker thread. Fixtures: ``fixtures/taint/
program_options.py``, ``secret_locations.py``, ``threadkw/``."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def _findings(*rels: str):
    files = [(str(TAINT / r), r) for r in rels]
    out, _ = cst_engine.run(files, TAINT, jobs=1)
    assert not out.errors, out.errors
    return sorted(((f.rule_id, f.location.line, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda x: x[1])


def test_option_values_that_name_a_program_and_pypandoc():
    got = _findings("program_options.py")
    assert got == [
        ("tool-shell-injection", 20, "tool 'render_markdown' passes parameter 'plugin' to "
         "pypandoc.convert_text(extra_args=...): OS command injection (pandoc --filter runs the program or "
         "script the value names)"),
        ("tool-shell-injection", 35, "tool 'lint_markdown' passes parameter 'script' to subprocess.run(): OS "
         "command injection (pandoc --lua-filter runs the program or script the value names)"),
        ("tool-shell-injection", 41, "tool 'mirror' passes parameter 'remote_shell' to subprocess.run(): OS "
         "command injection (rsync -e runs the program or script the value names)"),
        ("tool-path-traversal", 48, "tool 'publish' passes parameter 'target' to pypandoc.convert_text(): path "
         "traversal / arbitrary file access (write)"),
        ("tool-path-traversal", 63, "tool 'preview' passes parameter 'source' to pypandoc.convert_file(): path "
         "traversal / arbitrary file access"),
    ]


def test_a_secrets_file_location_is_not_a_secret():
    got = _findings("secret_locations.py")
    assert [(r, line) for r, line, _ in got] == [("secret-in-log", 41), ("secret-in-log", 72)]
    assert got[1][2] == "secret 'os.environ['GOOGLE_CLIENT_SECRET']' is written to a log by logging.warning()"


def test_keyword_arguments_of_a_thread_helper_in_another_module():
    got = _findings("threadkw/__init__.py", "threadkw/store.py", "threadkw/tools.py")
    assert got == [("tool-path-traversal", 16, "tool 'show_profile' passes parameter 'account' to open(): path "
                    "traversal / arbitrary file access")]
