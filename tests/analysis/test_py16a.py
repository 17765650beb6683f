"""Holdout causes of issue 12 (sixteenth Python reading, py16a): bandit call tests on arguments
that defuse them (``fixtures/bandit_args``)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

_B310 = ("Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected."
         "; the URL's scheme is fixed to http(s) by the code, so no file: or custom scheme reaches the call "
         "(audit view)")
_B615_LOW = ("; the loader reads data files only (a tokenizer, configuration or processor) and does not trust "
             "remote code, so a new hub revision cannot run code in the server (audit view)")


def _bandit(tmp_path, name: str):
    from mcpaudit.engines import bandit

    shutil.copy(FIXTURES / "bandit_args" / name, tmp_path / name)
    out = bandit.run([tmp_path / name], tmp_path, timeout=300)
    assert out.ran, out.errors
    return out.findings


def test_urlopen_of_a_fixed_web_url_is_demoted_and_a_free_url_stays(tmp_path):
    found = _bandit(tmp_path, "downloads.py")
    got = sorted((f.location.line, f.confidence.label) for f in found if f.rule_id == "B310")
    assert got == [(15, "low"), (19, "low"), (24, "low"), (28, "high"), (35, "high")]
    low = [f for f in found if f.rule_id == "B310" and f.location.line == 15][0]
    assert low.message == _B310
    assert low.properties["argument-context"].startswith("the URL's scheme is fixed")


def test_hub_download_of_a_tokenizer_is_demoted_unless_it_trusts_remote_code(tmp_path):
    found = _bandit(tmp_path, "downloads.py")
    got = sorted((f.location.line, f.confidence.label, f.message.endswith(_B615_LOW))
                 for f in found if f.rule_id == "B615")
    assert got == [(39, "low", True), (43, "high", False), (47, "high", False)]


def _audit(folder: Path, engines=("cst", "semgrep"), low: bool = False):
    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    cfg = Config(engines=engines, cache=False, include_tests=True, min_confidence=Confidence.LOW if low else Confidence.MEDIUM)
    return api.audit([folder], cfg)


def test_numpy_pickle_load_of_the_servers_own_file_follows_the_path_origin():
    res = _audit(FIXTURES / "taint" / "flows16a")
    got = sorted((f.rule_id, f.location.line, f.tool, f.confidence.label) for f in res.findings
                 if f.location.path.endswith("flows16a/memory_store.py"))
    assert got == [("tool-unsafe-deserialization", 31, "load_array", "high")]
    hit = [f for f in res.findings if f.location.line == 31][0]
    assert hit.message == ("tool 'load_array' passes parameter 'path' to numpy.load(allow_pickle=True): "
                           "unsafe deserialisation")
    low = _audit(FIXTURES / "taint" / "flows16a", low=True)
    own = [f for f in low.findings if f.location.path.endswith("flows16a/memory_store.py") and f.location.line == 20]
    assert [(f.rule_id, f.confidence.label, f.tool) for f in own] == [("tool-unsafe-deserialization", "low", None)]
    assert "semgrep:pickle-load" in own[0].also_reported_by


def test_query_on_a_question_answering_engine_is_no_database_call():
    res = _audit(FIXTURES / "taint" / "flows16a", engines=("cst",))
    got = sorted((f.rule_id, f.location.line, f.tool) for f in res.findings
                 if f.location.path.endswith("flows16a/index_search.py"))
    assert got == [("tool-read-only-bypass", 27, "run_report"), ("tool-sql-injection", 27, "run_report")]
    bypass = [f for f in res.findings if f.rule_id == "tool-read-only-bypass" and f.tool == "run_report"][0]
    assert bypass.message == ("tool 'run_report' is annotated readOnlyHint=True but runs the caller's query text "
                              "with no read-only mode the database enforces (.query())")
    caps = [c for c in res.capabilities if c.tool in ("search_documents", "chat")]
    assert caps == []


def test_a_callback_app_on_a_unix_socket_is_no_http_transport(tmp_path):
    from mcpaudit import api
    from mcpaudit.config import Config

    dst = tmp_path / "unix-socket-callback"
    shutil.copytree(FIXTURES / "transports" / "unix-socket-callback", dst)
    res = api.audit([dst], Config(engines=("cst",), cache=False, jobs=1))
    assert [f for f in res.findings if f.rule_id == "http-transport-no-auth"] == []
    assert [t.name for t in res.tools] == ["note"]
    facts = {f.id: f for f in res.facts}
    assert facts["transport.http"].value is False


def test_jinja_environment_rendering_text_only_is_demoted_and_html_stays(tmp_path):
    """B701 (py18b): a module that renders no HTML (prompt text for a model) moves to the audit
    view; one whose template is an .html page keeps the finding."""
    text = [f for f in _bandit(tmp_path, "prompt_text.py") if f.rule_id == "B701"]
    assert [(f.location.line, f.confidence.label) for f in text] == [(5, "low")]
    assert text[0].message.endswith("where autoescape does not apply (audit view)")
    page = [f for f in _bandit(tmp_path, "report_page.py") if f.rule_id == "B701"]
    assert [(f.location.line, f.confidence.label) for f in page] == [(5, "high")]
