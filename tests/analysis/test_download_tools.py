"""Files named to downloaders and client libraries (fixtures/capabilities/download_tools.py):
curl's ``-o`` operand is a file curl writes (and no option, whatever it starts with); Aider's
``Coder.create`` writes ``fnames`` and reads ``read_only_fnames``; Telethon uploads
``send_message(file=...)`` and writes ``download_media(file=...)``."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities" / "download_tools.py"


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def _audit(tmp_path):
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def test_file_capabilities_of_downloaders_and_clients(tmp_path):
    res = _audit(tmp_path)
    caps = {c.tool: c for c in res.capabilities if c.rule_id == "capability-file-access"}
    assert set(caps) == {"fetch_to_file", "send_files", "save_media"}
    assert caps["fetch_to_file"].location.line == _line('"-o", download_path')
    assert caps["fetch_to_file"].message.startswith(
        "tool 'fetch_to_file' reads and writes any file the caller names: parameter 'download_path' "
        "reaches subprocess.run(['curl -o', ...]) as is")
    assert caps["send_files"].location.line == _line("file=file_path")
    assert "reads any file the caller names: parameter 'file_path' reaches Telethon .send_message(file=...)" \
        in caps["send_files"].message
    assert caps["save_media"].location.line == _line("download_media(file=path)")
    assert "reads and writes any file the caller names: parameter 'path' reaches Telethon .download_media" \
        in caps["save_media"].message


def test_option_value_is_no_argument_injection_and_aider_is_a_path_sink(tmp_path):
    res = _audit(tmp_path)
    assert not [f for f in res.findings if f.rule_id == "tool-argument-injection"]
    [trav] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (trav.location.line, trav.tool) == (_line("Coder.create(fnames=editable, read_only"), "edit_code")
    assert "Aider aider.coders.Coder.create(" in trav.message
    assert not [f for f in res.findings + res.capabilities
                if f.tool in ("fetch_fixed", "edit_code_confined", "save_media_default")]
