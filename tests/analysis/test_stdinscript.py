"""Text written to the stdin of a shell, an interpreter or a SQL client (stdinscript.py;
fixtures/taint/stdin_scripts, each case with a safe twin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.catalog import catalog
from mcpaudit.analysis.stdinscript import reads_stdin
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "stdin_scripts"


def _line(needle: str) -> int:
    hits = [i for i, ln in enumerate((ROOT / "server.py").read_text().splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


@pytest.fixture(scope="module")
def findings():
    out, _ = cst_engine.run([(str(ROOT / "server.py"), "server.py")], ROOT, jobs=1)
    assert not out.errors, out.errors
    return sorted((f.location.line, f.rule_id, f.tool, f.message) for f in out.findings
                  if f.confidence >= Confidence.MEDIUM)


def test_stdin_of_an_interpreter_shell_or_sql_client_runs_the_callers_text(findings):
    assert findings == sorted([
        (_line("proc.stdin.write(text)"), "tool-code-injection", "evaluate",
         "tool 'evaluate' passes parameter 'expression' to proc.stdin.write(): code injection "
         "(the value is the script node reads on its stdin)"),
        (_line("out, _ = proc.communicate(input=code)"), "capability-code-execution", "run_python",
         "tool 'run_python' evaluates code the caller writes: parameter 'code' reaches proc.communicate() as is"),
        (_line("out, _ = await proc.communicate(notes.encode())"), "tool-shell-injection", "format_notes",
         "tool 'format_notes' passes parameter 'notes' to proc.communicate(): OS command injection "
         "(the value is the script bash reads on its stdin)"),
        (_line('done = sp.run(["sqlite3", "/srv/app.db"]'), "tool-sql-injection", "count_rows",
         "tool 'count_rows' passes parameter 'table_filter' to subprocess.run(input=...): SQL injection "
         "(the value is the SQL statements sqlite3 reads on its stdin)"),
    ])


def test_the_safe_twins_stay_quiet(findings):
    assert not [f for f in findings if f[2] in ("word_count", "line_count", "import_csv")]


@pytest.mark.parametrize("argv, expected", [
    (["python3"], ("code", "python3", "the script")),
    (["/usr/bin/python3.12", "-u"], ("code", "python3.12", "the script")),
    (["bash", "-s"], ("shell", "bash", "the script")),
    (["node", "-"], ("code", "node", "the script")),
    (["sqlite3", "db.sqlite"], ("sql", "sqlite3", "the SQL statements")),
    (["psql", "-d", "app"], ("sql", "psql", "the SQL statements")),
    (["psql", "-d", "app", "-c", "COPY t FROM STDIN"], None),
    (["python3", "script.py"], None),
    (["python3", None], None),
    (["python3", "-c", "print(1)"], None),
    (["bash", "-c", "cat"], None),
    (["cat"], None),
    (["uv"], None),
    ([None], None),
])
def test_which_argv_reads_its_program_from_stdin(argv, expected):
    assert reads_stdin(catalog().python, argv) == expected
