"""Causes of issue 12 from the eleventh Python holdout reading (2026-12-03-11): analytics ingestion
keys are public (``fixtures/taint/secret_public_keys.py``); model loaders that unpickle a file
(``fixtures/taint/model_loaders.py``); Salesforce SOQL/SOSL runners and a toolkit's download to a
local path (``fixtures/capabilities/crm_queries.py``, ``fixtures/capabilities/cloud_download.py``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _scan(folder: str, rel: str):
    root = FIXTURES / folder
    out, project = cst_engine.run([(str(root / rel), rel)], root, jobs=1)
    assert not out.errors, out.errors
    return out, project


def _reported(folder: str, rel: str, floor: Confidence = Confidence.LOW):
    """(rule, line, message) of one fixture file scanned alone, at ``floor`` and above."""
    out, _ = _scan(folder, rel)
    return sorted((f.rule_id, f.location.line, f.message) for f in out.findings if f.confidence >= floor)


def test_analytics_ingestion_keys_are_not_secrets():
    assert _reported("taint", "secret_public_keys.py") == [
        ("secret-in-log", 32, "secret 'os.environ['APP_AMPLITUDE_SECRET_KEY']' is written to a log by "
         "logging.getLogger.debug()"),
        ("secret-in-log", 34, "secret 'os.environ['POSTHOG_PERSONAL_API_KEY']' is written to a log by "
         "logging.getLogger.debug()"),
    ]


def test_public_key_names_in_the_python_catalog():
    from mcpaudit.catalog import catalog
    m = catalog().python
    for name in ("AMPLITUDE_API_KEY", "IMAGESORCERY_POSTHOG_API_KEY", "posthog_project_api_key",
                 "SEGMENT_WRITE_KEY", "MIXPANEL_TOKEN", "mixpanel_project_token", "rudderstack_write_key"):
        assert not m.is_secret_name(name), name
    for name in ("AMPLITUDE_SECRET_KEY", "POSTHOG_PERSONAL_API_KEY", "MIXPANEL_API_SECRET",
                 "MIXPANEL_SERVICE_ACCOUNT_TOKEN", "api_key", "STRIPE_API_KEY", "segment_access_token"):
        assert m.is_secret_name(name), name


_PICKLE = "(ultralytics loads the .pt model file with pickle)"


def test_model_loaders_unpickle_a_caller_chosen_file():
    assert _reported("taint", "model_loaders.py", Confidence.MEDIUM) == [
        ("tool-unsafe-deserialization", 33, f"tool 'detect_objects' passes parameter 'model_name' to YOLO() {_PICKLE}: "
         "unsafe deserialisation"),
        # a call whose result is called at once (SAM(path)(image)) is a call too
        ("tool-unsafe-deserialization", 40, f"tool 'segment' passes parameter 'checkpoint' to SAM() {_PICKLE}: "
         "unsafe deserialisation"),
        ("tool-unsafe-deserialization", 45, "tool 'load_weights' passes parameter 'checkpoint' to torch.load() "
         "without weights_only=True: unsafe deserialisation"),
    ]


def test_model_loader_flow_passes_the_path_join_helper():
    out, _ = _scan("taint", "model_loaders.py")
    f = next(f for f in out.findings if f.location.line == 33)
    notes = [(s.location.line, s.note) for s in f.flow]
    assert notes[0] == (26, "parameter 'model_name' of MCP tool 'detect_objects' (caller-controlled)")
    # through the helper that joins it under the models folder and only checks it exists
    assert (29, "passed to model_file()") in notes and (19, "assigned to 'candidate'") in notes
    assert notes[-1] == (33, f"reaches YOLO() {_PICKLE}")


def test_confined_model_path_and_weights_only_are_not_reported():
    # the path confined to the models folder (resolve + is_relative_to) is the server's own file;
    # weights_only=True loads tensors only; a name from a fixed set is no caller file
    low = {line for rule, line, _ in _reported("taint", "model_loaders.py")}
    assert 70 not in low and 51 not in low
    assert {line for rule, line, _ in _reported("taint", "model_loaders.py", Confidence.MEDIUM)} == {33, 40, 45}


def _audit(tmp_path, rel: str):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    shutil.copy(FIXTURES / "capabilities" / rel, tmp_path / rel)
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def test_salesforce_soql_and_sosl_runners(tmp_path):
    res = _audit(tmp_path, "crm_queries.py")
    caps = sorted((c.tool, c.location.line, c.message) for c in res.capabilities)
    assert [(t, line) for t, line, _ in caps] == [("run_soql", 36), ("run_sosl", 39)]
    assert caps[0][2].startswith("tool 'run_soql' runs query text the caller writes (read-only, enforced by the "
                                 "database): parameter 'arguments['query']' reaches Salesforce.query_all() as is")
    assert caps[1][2].startswith("tool 'run_sosl' runs query text the caller writes (read-only, enforced by the "
                                 "database): parameter 'arguments['search']' reaches Salesforce.search() as is")
    # a caller value in a fixed query is injection; format_soql and a constant query are not
    assert sorted((f.rule_id, f.location.line, f.message) for f in res.findings) == [
        ("tool-sql-injection", 42, "tool 'find_account' passes parameter 'arguments['name']' to Salesforce.query(): "
         "SQL injection (the query is an f-string)"),
    ]


def test_box_toolkit_download_writes_a_local_path(tmp_path):
    res = _audit(tmp_path, "cloud_download.py")
    [cap] = res.capabilities
    assert (cap.rule_id, cap.tool, cap.location.line) == ("capability-file-access", "download_file", 21)
    assert cap.message.startswith("tool 'download_file' reads and writes any file the caller names: parameter "
                                  "'save_path' reaches box_ai_agents_toolkit box_file_download(save_path=...) as is")
    assert sorted((f.rule_id, f.location.line, f.tool) for f in res.findings) == [
        ("tool-path-traversal", 29, "stash_file")]


def test_http_route_beside_the_mcp_endpoint_returning_the_client_secret():
    root = FIXTURES / "taint" / "http_routes"
    out, project = cst_engine.run([(str(root / "server.py"), "server.py")], root, jobs=1)
    assert not out.errors, out.errors
    got = sorted((f.rule_id, f.location.line, f.message) for f in out.findings if f.rule_id == "secret-in-tool-result")
    assert got == [
        ("secret-in-tool-result", 52, "HTTP route 'POST /oauth/register' (added beside the MCP endpoint) "
         "returns a response containing secret 'config.client_secret' to any client that reaches it"),
        # FastMCP's @mcp.custom_route: the same, through a module-level settings object
        ("secret-in-tool-result", 78, "HTTP route 'GET /debug/config' (added beside the MCP endpoint) "
         "returns a response containing secret 'load_config().client_secret' to any client that reaches it"),
    ]
    [f] = [f for f in out.findings if f.rule_id == "secret-in-tool-result" and f.location.line == 52]
    notes = [(s.location.line, s.note) for s in f.flow]
    assert notes[0] == (31, "secret 'config.client_secret' read")  # in the registration helper
    assert (36, "returned by JSONResponse()") in notes  # a response built from a value sends it
    # the routes are no MCP tools
    assert [t.name for t in project.tools] == ["ping"]
