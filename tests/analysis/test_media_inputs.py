"""ffmpeg-python inputs and outputs, and names shown to be local files
(fixtures/taint/media_inputs.py, rules/models/python/media.yaml)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "media_inputs.py"


def _audit(tmp_path):
    (tmp_path / FIXTURE.name).write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_an_input_name_is_a_url_ffmpeg_fetches_unless_shown_to_be_a_local_file(tmp_path):
    res = _audit(tmp_path)
    ssrf = sorted((f.location.line, f.message) for f in res.findings if f.rule_id == "tool-ssrf")
    assert ssrf == [
        (_line('vframes=1).run()  # expect: tool-ssrf'),
         "tool 'thumbnail' passes parameter 'video' to ffmpeg.input() (ffmpeg opens URLs as inputs): "
         "server-side request forgery"),
        (_line("return ffmpeg.probe(video)  # expect"),
         "tool 'probe_video' passes parameter 'video' to ffmpeg.probe() (ffmpeg opens URLs as inputs): "
         "server-side request forgery"),
        (_line("ffmpeg.input(videos[0])"),
         "tool 'join_videos_warned' passes parameter 'videos' to ffmpeg.input() (ffmpeg opens URLs as inputs): "
         "server-side request forgery"),
    ]
    flows = {f.location.line: [s.note for s in f.flow] for f in res.findings if f.rule_id == "tool-ssrf"}
    assert flows[_line("return ffmpeg.probe(video)  # expect")][-1] == "reaches ffmpeg.probe() (ffmpeg opens URLs as inputs)"


def test_an_output_name_is_a_file_ffmpeg_writes(tmp_path):
    res = _audit(tmp_path)
    caps = {f.tool: (f.location.line, f.message) for f in res.capabilities if f.rule_id == "capability-file-access"}
    assert caps["export_clip"] == (
        _line("ffmpeg.output(stream, destination).run()"),
        "tool 'export_clip' reads and writes any file the caller names: parameter 'destination' reaches "
        "ffmpeg.output() as is; reachable over stdio only, by the local user who starts the server")
    assert caps["export_audio"][0] == _line('.output(destination, acodec="mp3")')
    assert "parameter 'destination' reaches ffmpeg .output() as is" in caps["export_audio"][1]
    # every tool that takes a media name reads it: the tools' purpose, listed once per tool
    assert {"thumbnail", "probe_video", "thumbnail_checked", "probe_checked", "join_videos"} <= set(caps)
