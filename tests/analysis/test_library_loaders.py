"""Library models of loaders that open paths or URIs (fixtures/capabilities/document_loaders.py,
browser_tools.py, ida_databases.py, media_loaders.py): MarkItDown, Docling and camelot read a
path or fetch a URL by its scheme (kind uri: a constant prefix decides which, a data: URI is
neither); Playwright pages and request contexts, Selenium drivers; idalib's open/save of a
database; moviepy, pydub, whisper and yt-dlp."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities"


def _line(name: str, text: str) -> int:
    src = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(src, 1) if text in ln)


def _audit(tmp_path, name: str):
    shutil.copy(FIXTURES / name, tmp_path / name)
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def _caps(res):
    return {(c.tool, c.rule_id): c for c in res.capabilities}


def test_converters_read_files_and_fetch_urls(tmp_path):
    name = "document_loaders.py"
    res = _audit(tmp_path, name)
    caps = _caps(res)
    assert set(caps) == {(t, r) for t in ("convert_to_markdown", "convert_document", "read_tables")
                         for r in ("capability-file-access", "capability-network-request")}
    cap = caps[("convert_to_markdown", "capability-file-access")]
    assert cap.location.line == _line(name, ".convert_uri(uri)")
    assert cap.message.startswith("tool 'convert_to_markdown' reads any file the caller names: parameter 'uri' "
                                  "reaches markitdown.MarkItDown().convert_uri() as is")
    net = caps[("convert_to_markdown", "capability-network-request")]
    assert net.message.startswith("tool 'convert_to_markdown' fetches any URL the caller gives: parameter 'uri' "
                                  "reaches markitdown.MarkItDown().convert_uri() as is")
    assert caps[("convert_document", "capability-network-request")].location.line == \
        _line(name, "CONVERTER.convert(source)")
    assert caps[("read_tables", "capability-file-access")].location.line == _line(name, "camelot.read_pdf(pdf_path)")
    # a data: URI is neither a file nor a request; a fixed https host is no file
    assert not res.findings


def test_browser_pages_requests_and_drivers(tmp_path):
    name = "browser_tools.py"
    res = _audit(tmp_path, name)
    caps = _caps(res)
    assert set(caps) == {("visible_text", "capability-network-request"), ("upload_form", "capability-file-access"),
                         ("api_status", "capability-network-request"), ("page_title", "capability-network-request")}
    goto = caps[("visible_text", "capability-network-request")]
    assert goto.location.line == _line(name, "await page.goto(url)")
    assert "parameter 'url' reaches page.goto() as is" in goto.message
    upload = caps[("upload_form", "capability-file-access")]
    assert upload.location.line == _line(name, ".set_input_files(file_path)")
    assert "reads and writes any file the caller names: parameter 'file_path' reaches set_input_files()" \
        in upload.message
    assert any(s.endswith(f":{_line(name, 'page.screenshot(path=shot_path)')}") for s in upload.properties["sinks"])
    assert "reaches APIRequestContext.get() as is" in caps[("api_status", "capability-network-request")].message
    assert caps[("page_title", "capability-network-request")].location.line == _line(name, "driver.get(url)")
    # a pyppeteer page, known by the newPage() that made it: with no http(s) check, Chromium also
    # opens a file:// URL (visible_text checks the scheme: its capability above)
    assert [(f.rule_id, f.tool, f.location.line) for f in res.findings] == [
        ("tool-ssrf", "render_page", _line(name, "await tab.goto(url)"))]
    # a fixed host (docs_page, the forms of upload_form) and the server's own files (upload_report)


def test_ida_database_open_and_save(tmp_path):
    name = "ida_databases.py"
    res = _audit(tmp_path, name)
    caps = _caps(res)
    assert set(caps) == {("idb_open", "capability-file-access"), ("idb_save", "capability-file-access")}
    assert caps[("idb_open", "capability-file-access")].location.line == _line(name, "idapro.open_database(")
    assert "parameter 'input_path' reaches idapro.open_database() as is" in \
        caps[("idb_open", "capability-file-access")].message
    save = caps[("idb_save", "capability-file-access")]
    assert save.location.line == _line(name, "ida_loader.save_database(path, 0)")
    assert save.message.startswith("tool 'idb_save' reads and writes any file the caller names")
    assert not res.findings


def test_media_libraries(tmp_path):
    name = "media_loaders.py"
    res = _audit(tmp_path, name)
    caps = _caps(res)
    assert set(caps) == {("trim_video", "capability-file-access"), ("to_mp3", "capability-file-access"),
                         ("transcribe", "capability-file-access"), ("download_video", "capability-network-request")}
    trim = caps[("trim_video", "capability-file-access")]
    assert trim.location.line == _line(name, "VideoFileClip(video_path)")
    assert any(s.endswith(f":{_line(name, 'clip.write_videofile(output_path)')}") for s in trim.properties["sinks"])
    assert caps[("to_mp3", "capability-file-access")].location.line == _line(name, "AudioSegment.from_file(audio_path)")
    assert caps[("download_video", "capability-network-request")].location.line == \
        _line(name, "ydl.extract_info(url")
    # under a constant local folder an ffmpeg input is a file (a traversal), never a request
    [trav] = res.findings
    assert (trav.rule_id, trav.tool, trav.location.line) == \
        ("tool-path-traversal", "probe_library_item", _line(name, "ffmpeg.probe("))
    assert "passes parameter 'name' to ffmpeg.probe()" in trav.message
