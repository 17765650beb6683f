"""Causes of the thirty-fourth Python holdout's misses, fixer py34b (issue 12), each with a twin that
stays quiet (``fixtures/py34b``: kept apart from ``fixtures/taint``, which is also scanned as one
project by tests/test_fixtures.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

PY34B = Path(__file__).resolve().parents[2] / "fixtures" / "py34b"
groups = FlowGroups("py34b")
groups.root = PY34B


def _audit(name: str, tmp_path: Path, low: bool = False):
    shutil.copytree(PY34B / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False,
                                              min_confidence=Confidence.LOW if low else Confidence.MEDIUM))
    return res


def _rows(found, name: str):
    return sorted((f.rule_id, f.location.path.split(f"{name}/", 1)[-1], f.location.line, f.tool) for f in found)


def test_a_receiver_unpacked_from_a_factorys_annotated_tuple_follows_the_base_and_its_overrides(tmp_path):
    # automation, _ = _get_handlers(): _get_handlers returns HandlerFactory.get_handlers(), a
    # classmethod annotated -> HandlerTuple, a module alias of Tuple[BaseAutomationHandler,
    # BaseFileHandler]. run_command: the base's default runs a shell (RemoteAutomationHandler's
    # override does not); write_text: the base writes nothing, LocalFileHandler's override does
    root = PY34B / "tuplefactory" / "deskserver"
    res = _audit("tuplefactory", tmp_path)
    caps = [f for f in res.capabilities if f.confidence >= Confidence.MEDIUM]
    assert _rows(caps, "tuplefactory") == [
        ("capability-command-execution", "deskserver/handlers/base.py",
         line_in(root / "handlers" / "base.py", "create_subprocess_shell(command"), "desk_run_command"),
        ("capability-file-access", "deskserver/handlers/platforms.py",
         line_in(root / "handlers" / "platforms.py", "Path(path).write_text(content)"), "desk_file_write")]
    shell = next(f for f in caps if f.tool == "desk_run_command")
    assert shell.message.startswith("tool 'desk_run_command' runs commands the caller chooses: parameter 'command' "
                                    "reaches asyncio.create_subprocess_shell() as is")
    write = next(f for f in caps if f.tool == "desk_file_write")
    assert write.message.startswith("tool 'desk_file_write' reads and writes any file the caller names: parameter "
                                    "'path' reaches .write_text() as is")
    # the flow says which class's method the call on the declared base landed in
    notes = [s.note for s in write.flow]
    assert ("passed to write_text() (the receiver is declared by the factory's return annotation; followed into "
            "LocalFileHandler.write_text, one of the methods it may run)") in notes
    # twin: describe() only formats text in the base and in every override
    assert not [f for f in res.findings + res.capabilities
                if f.tool == "desk_describe" and f.confidence >= Confidence.MEDIUM]
    assert [f.rule_id for f in res.findings if f.confidence >= Confidence.MEDIUM] == []


def test_a_method_inherited_from_a_mixin_is_found_through_a_cached_factorys_annotation(tmp_path):
    # service = get_advanced_service(None) (-> AdvancedService, cached in a dict); backup_namespace
    # is BackupMixin's, imported through the mixins package's __init__ re-export
    backup = PY34B / "mixinfactory" / "opsserver" / "services" / "mixins" / "backup.py"
    res = _audit("mixinfactory", tmp_path)
    found = [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]
    assert _rows(found, "mixinfactory") == [
        ("tool-path-traversal", "opsserver/services/mixins/backup.py",
         line_in(backup, "os.makedirs(path, exist_ok=True)"), "backup_namespace"),
        ("tool-path-traversal", "opsserver/services/mixins/backup.py",
         line_in(backup, 'encoding="utf-8") as f:'), "backup_namespace")]
    opened = next(f for f in found if f.location.line == line_in(backup, 'encoding="utf-8") as f:'))
    assert opened.message.startswith("tool 'backup_namespace' passes parameter 'cluster_name' to open(): "
                                     "path traversal / arbitrary file access (write)")
    # twin: backup_checked allows Kubernetes names only; summary() formats text
    assert not [f for f in found if f.tool in ("backup_checked", "namespace_summary")]


def test_an_mcp_app_mounted_beside_header_checked_routes_is_not_covered_by_them(tmp_path):
    main = PY34B / "mountauth" / "routesonly" / "deskweb" / "main.py"
    res = _audit("mountauth/routesonly", tmp_path)
    rows = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    assert [(f.location.path.split("routesonly/", 1)[-1], f.location.line, f.confidence) for f in rows] == [
        ("deskweb/main.py", line_in(main, "uvicorn.run(app"), Confidence.MEDIUM)]
    msg = rows[0].message
    assert msg.startswith("uvicorn.run() serves MCP over HTTP and no authentication is configured for it")
    assert msg.endswith(f"; the MCP app is mounted into that web app at line {line_in(main, 'app.mount(')}, "
                        "and the routes' own checks do not run for the mount")
    assert [s.location.line for s in rows[0].flow][-1] == line_in(main, "app.mount(")
    # twin: an API-key middleware on the whole app covers the mount as well
    twin = _audit("mountauth/middleware", tmp_path)
    assert [f for f in twin.findings if f.rule_id == "http-transport-no-auth"] == []


def test_the_whole_environment_written_to_a_debug_log_is_a_secret_in_a_log(tmp_path):
    dump = PY34B / "envdump" / "debugdump.py"
    res = _audit("envdump", tmp_path)
    rows = [f for f in res.findings if f.rule_id == "secret-in-log"]
    assert [(f.location.line, f.confidence) for f in rows] == [
        (line_in(dump, 'f.write(f"{key}={value}\\n")'), Confidence.HIGH)]
    assert rows[0].message == ("secret 'os.environ['*']' is written to a log by .write() on a file opened at "
                               "a log path")
    # twins: the names only, a loop that filters the keys, and a data file that is no log
    assert [f for f in res.findings if f.rule_id.startswith("secret")] == rows
