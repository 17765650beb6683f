"""Causes of the thirty-seventh Python holdout (web scraping, search, research, finance), each
with a twin that stays quiet or reported (issue 12, branch py51c; ``fixtures/taint/py51c``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, line_in, rows

files = FixtureFiles("py51c")
#: the folder fixtures (each its own project), out of the taint tree
FIXTURES = TAINT_FIXTURES.parent / "py51c"


def test_a_code_option_filled_in_an_argv_whose_program_a_helper_prepends_is_code_execution(tmp_path):
    # args = [f"--script={scripts}", "-p", ports, "--", targets]; run_scanner runs ["nmap"] + args:
    # nmap's --script (process models: code-options) runs the scripts the caller names; ports,
    # right after -p (an option nmap reads with the next element), is no option; port_scan's
    # targets (no '--') still is, and the argv literal at its sink names nmap itself
    found = files.audit("scanhelper.py", tmp_path)
    helper = files.line_of("scanhelper.py", 'cmd = ["nmap"] + args')
    placed = files.line_of("scanhelper.py", 'args = [f"--script={scripts}"')
    inline = files.line_of("scanhelper.py", '["nmap", "--script", script, "--", host]')
    assert rows(found) == [
        ("capability-code-execution", placed, "script_scan",
         "tool 'script_scan' evaluates code the caller writes: parameter 'scripts' reaches nmap --script in "
         "subprocess.run() as is"),
        ("capability-code-execution", inline, "inline_scripts",
         "tool 'inline_scripts' evaluates code the caller writes: parameter 'script' reaches "
         "subprocess.run(['nmap', '--script', ...]) as is"),
        ("tool-argument-injection", helper, "port_scan",
         f"tool 'port_scan' passes parameter 'targets' to subprocess.run() through run_scanner() at "
         f"scanhelper.py:{helper + 1}: argument injection (added to the argument list after 'nmap' with no '--' "
         "before it: a value starting with '-' is read as an option"),
    ]
    code = next(f for f in found if f.rule_id == "capability-code-execution" and f.tool == "script_scan")
    assert [s.note for s in code.flow][1] == "placed as the value of option '--script'"
    lead = next(f for f in found if f.rule_id == "tool-argument-injection")
    assert lead.parameter == "targets" and "also reached" not in lead.message  # ports after -p is no flow


def test_a_code_option_given_a_constant_or_a_listed_script_is_quiet(tmp_path):
    # scripts checked against a fixed tuple, --script=default, targets after '--'
    assert rows(files.audit("scanhelper_safe.py", tmp_path)) == []


# -- certificate checks off through a library's own option (catalog: tls-off-options) ---------------

def _tls_rows(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config

    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    res = api.audit([root], Config(engines=("semgrep",), cache=False))
    return sorted((f.location.path, f.location.line, f.message) for f in res.findings if f.rule_id == "tls-verify-disabled")


def test_a_library_option_that_turns_certificate_checks_off_is_reported(tmp_path):
    # yt-dlp's nocheckcertificate in the options dict given to YoutubeDL (a name assigned one, or
    # a literal), httplib2's disable_ssl_certificate_validation and pymongo's
    # tlsAllowInvalidCertificates keywords; the twin sets them false or leaves them out
    found = _tls_rows(tmp_path, "tls_options")
    src = FIXTURES / "tls_options" / "fetch.py"
    assert [r[:2] for r in found] == sorted([
        ("fetch.py", line_in(src, '"nocheckcertificate": True,')),
        ("fetch.py", line_in(src, 'yt_dlp.YoutubeDL({"quiet": True, "nocheckcertificate": True})')),
        ("fetch.py", line_in(src, "httplib2.Http(disable_ssl_certificate_validation=True)")),
        ("fetch.py", line_in(src, "tlsAllowInvalidCertificates=True)")),
    ])
    assert all(r[2].startswith("TLS certificate verification is switched off") for r in found)
    assert _tls_rows(tmp_path, "tls_options_safe") == []


# -- a placeholder fallback kept on a configuration class that another module presents --------------

def _credential_rows(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    res = api.audit([root], Config(engines=("semgrep",), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == "hardcoded-credential")


def test_a_placeholder_on_a_config_class_that_another_module_hands_to_a_client_is_audit_view(tmp_path):
    # class SpeechConfig: STT_API_KEY = os.getenv("STT_API_KEY", "dummy"); transcriber.py keeps
    # SpeechConfig.STT_API_KEY on self and gives it to OpenAI(api_key=...): a presented login
    found = _credential_rows(tmp_path, "config_placeholder")
    line = line_in(FIXTURES / "config_placeholder" / "core" / "config.py", '"dummy"')
    assert [r[:3] for r in found] == [("core/config.py", line, "low")]
    assert found[0][3].endswith("; the fallback is a placeholder word handed to a client as its login: a guess of "
                                "the service's default, no secret of the project (weak-default configuration, "
                                "audit view)")


def test_a_placeholder_on_a_config_class_compared_with_a_request_key_stays_reported(tmp_path):
    # gate.py admits a request whose key equals SpeechConfig.STT_API_KEY: a login check
    found = _credential_rows(tmp_path, "config_placeholder_check")
    line = line_in(FIXTURES / "config_placeholder_check" / "core" / "config.py", '"dummy"')
    assert [r[:3] for r in found] == [("core/config.py", line, "medium")]
    assert "placeholder" not in found[0][3]


def test_removing_a_server_made_name_in_its_own_temp_folder_is_no_read_only_bypass(tmp_path):
    # audio = Path(tempfile.mkdtemp()) / f"audio_{unique}.opus" (unique = uuid4().hex), and a
    # uuid name joined to tempfile.gettempdir(), removed in finally: the tool's scratch space; the
    # twin tool removes folder / name with the caller's name: still a delete by a read-only tool
    found = files.audit("tempaudio.py", tmp_path)
    line = files.line_of("tempaudio.py", "audio.unlink(missing_ok=True)  # expect: tool-read-only-bypass")
    bypass = [r for r in rows(found) if r[0] == "tool-read-only-bypass"]
    assert bypass == [("tool-read-only-bypass", line, "audio_size",
                       "tool 'audio_size' is annotated readOnlyHint=True but deletes files (.unlink())")]


def test_a_verify_switch_read_through_a_settings_accessor_whose_entry_is_false_is_reported(tmp_path):
    # verify_ssl = get_config("verify_ssl", True), get_config returning _runtime_config.get(key,
    # default) of a module dict literal whose "verify_ssl" is False: off by default; the twin's
    # entry is True
    found = _tls_rows(tmp_path, "tls_accessor")
    call = line_in(FIXTURES / "tls_accessor" / "scrape" / "providers" / "fetcher.py", "self.session.get(url,")
    entry = line_in(FIXTURES / "tls_accessor" / "scrape" / "admin" / "service.py", '"verify_ssl": False')
    assert [r[:2] for r in found] == [("scrape/providers/fetcher.py", call)]
    assert found[0][2].endswith(f"verify= is read through the project's settings accessor, whose entry 'verify_ssl' "
                                f"is False by default (scrape/admin/service.py:{entry})")
    assert _tls_rows(tmp_path, "tls_accessor_on") == []
