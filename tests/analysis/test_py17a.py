"""Causes of the seventeenth Python holdout (py17a): project methods reached through a chain of
call results and annotated fields (``get_runtime().files.save.execute(x)``) and through a
``typing.Protocol``'s implementers; an environment variable named for a credential's storage mode;
``rmdir`` of a fixed folder as setup, not a delete (``fixtures/chained_services``, kept outside
the taint tree, which must stay small enough to be analysed in-process: test_smallwork.py); bandit
B608 on generated placeholder runs (``fixtures/bandit_args/placeholders.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CHAINED = FIXTURES / "chained_services"
_FOUND: List[Finding] = []


def found() -> List[Finding]:
    """Default-view findings of the chained-services fixture, scanned on its own."""
    if not _FOUND:
        files = [(str(p), str(p.relative_to(CHAINED.parent))) for p in sorted(CHAINED.rglob("*.py"))]
        out, _ = cst_engine.run(files, CHAINED.parent, jobs=1)
        assert not out.errors, out.errors
        _FOUND.extend(f for f in out.findings if f.confidence >= Confidence.MEDIUM)
    return _FOUND


def line_of(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((CHAINED / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_findings_equal_the_fixture_annotations():
    from tests.test_fixtures import expectations

    got = {(f.location.path, f.location.line, f.rule_id) for f in found()}
    assert got == {(f"chained_services/{p}", n, r) for p, n, r in expectations(CHAINED)}


def test_methods_reached_through_call_results_and_protocols():
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in found()
                 if f.rule_id in ("tool-sql-injection", "tool-path-traversal"))
    assert got == sorted([
        # get_runtime().search.execute(term): the project's SearchService.execute, whose own query
        # is an f-string (lookup_note's LookupService.execute binds its value: no finding, and
        # no tool's .execute() is taken for a cursor's)
        ("tool-sql-injection", "chained_services/services.py", line_of("services.py", "LIKE '%{term}%'"),
         "search_notes", "tool 'search_notes' passes parameter 'term' to .execute(): SQL injection "
         "(the query is an f-string)"),
        # get_runtime().files.save.execute(...) -> SaveService._writer: NoteWriter (a Protocol) ->
        # its implementers; PlainNameWriter keeps the base name only
        ("tool-path-traversal", "chained_services/services.py",
         line_of("services.py", "open(os.path.join(NOTES, name)"),
         "remember", "tool 'remember' passes parameter 'name' to open(): path traversal / arbitrary file "
         "access (write) (also reached from tool 'remember_later')"),
    ])


def test_rmdir_of_a_fixed_folder_is_no_delete():
    got = sorted((f.location.line, f.tool, f.message) for f in found() if f.rule_id == "tool-read-only-bypass")
    assert got == [(line_of("server.py", "shutil.rmtree(SCRATCH)"), "reset_scratch",
                    "tool 'reset_scratch' is annotated readOnlyHint=True but deletes files (shutil.rmtree())")]


def test_a_credential_storage_mode_is_no_secret():
    got = sorted((f.location.line, f.message) for f in found() if f.rule_id == "secret-in-log")
    assert got == [(line_of("settings.py", "using token"),
                    "secret 'os.environ['NOTES_API_TOKEN']' is written to a log by logging.getLogger.debug()")]


_B608_LOW = ("Possible SQL injection vector through string-based query construction.; the text inserts only a "
             "generated run of bind-parameter placeholders (every value is bound by the driver), so no value's "
             "text becomes SQL (audit view)")


def test_b608_on_generated_placeholder_runs_is_demoted(tmp_path):
    from mcpaudit.engines import bandit

    shutil.copy(FIXTURES / "bandit_args" / "placeholders.py", tmp_path / "placeholders.py")
    out = bandit.run([tmp_path / "placeholders.py"], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.location.line, f.confidence.label, f.message == _B608_LOW) for f in out.findings
                 if f.rule_id == "B608")
    # the joined "?" generator, ["%s"] * n, ("?," * n)[:-1] and f"${i + 1}" over range(): demoted;
    # a table name or the caller's column list inserted: kept
    assert got == [(12, "low", True), (19, "low", True), (23, "low", True), (27, "low", True),
                   (33, "medium", False), (37, "medium", False)]
