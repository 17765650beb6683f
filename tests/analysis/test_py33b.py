"""py33b: general causes of the thirty-third Python holdout (reader B)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py33b")


# -- an imported escaper for an AppleScript string literal: the backslash first, then the quote ----

def test_escapers_leaving_the_backslash_alone_are_code_injection_in_applescript():
    line = G.line_of("applescript_escape", "mailpkg/server.py", "result = subprocess.run(")
    assert G.rows("applescript_escape") == [("mailpkg/server.py", line, "tool-code-injection", "compose_mail")]
    msg = G.message("applescript_escape", "tool-code-injection", "compose_mail")
    assert "passes parameter 'account' to subprocess.run(input=...): code injection" in msg
    assert "the script osascript reads on its stdin" in msg
    found = next(f for f in G.found("applescript_escape") if f.tool == "compose_mail")
    others = [o["flow"][0]["note"] for o in found.properties.get("other_flows", [])]
    assert others == ["parameter 'subject' of MCP tool 'compose_mail' (caller-controlled)"]  # quote first


def test_escapers_escaping_the_backslash_first_keep_the_value_one_applescript_string():
    assert G.tools("applescript_escape_safe") == ["compose_mail"]
    assert G.rows("applescript_escape_safe") == []


# -- a desktop opener's last operand after constant options ------------------------------------------

def test_opener_value_not_last_or_the_application_is_argument_injection():
    assert G.rows("opener_last") == [
        ("server.py", G.line_of("opener_last", "server.py", '["open", path, "-a"'), "tool-argument-injection", "open_in_text_editor"),
        ("server.py", G.line_of("opener_last", "server.py", '["open", "-a", app]'), "tool-argument-injection", "open_in_app"),
    ]
    msg = G.message("opener_last", "tool-argument-injection", "open_in_text_editor")
    assert "passes parameter 'path' to subprocess.run(): argument injection" in msg


def test_opener_last_operand_after_constant_options_is_a_file_operand():
    assert G.tools("opener_last_safe") == ["open_draft", "reveal_file"]
    write = G.line_of("opener_last_safe", "server.py", "draft_path.write_text(body)")
    assert G.rows("opener_last_safe") == [("server.py", write, "capability-file-access", "open_draft")]  # its purpose


# -- placeholder env fallbacks in a settings mapping a store client gets ------------------------------

def test_placeholder_fallbacks_in_client_settings_are_presented_logins_and_a_checked_one_stays(tmp_path):
    import shutil
    from pathlib import Path

    from mcpaudit.engines import semgrep

    src = Path(__file__).resolve().parents[2] / "fixtures" / "credentials" / "placeholder_settings"
    shutil.copytree(src, tmp_path / "srv")
    root = tmp_path / "srv"
    out = semgrep.run([root / "server.py"], root, timeout=300)
    assert out.ran, out.errors
    text = (root / "server.py").read_text().splitlines()
    at = lambda needle: next(i for i, ln in enumerate(text, 1) if needle in ln)  # noqa: E731
    found = [f for f in out.findings if f.rule_id == "hardcoded-credential"]
    got = sorted((f.location.line, f.confidence.label, f.properties.get("credential-context")) for f in found)
    assert got == [
        (at('"PG_PASSWORD", "notes"'), "low", "placeholder-login"),  # merged, returned, handed to from_config
        (at('"ES_PASSWORD", "changeme"'), "low", "placeholder-login"),
        (at('"ADMIN_PASSWORD", "letmein"'), "medium", None),  # a login compared with it
    ]
    low = next(f for f in found if f.location.line == at('"PG_PASSWORD", "notes"'))
    assert low.message.endswith("the fallback is a placeholder word handed to a client as its login: a guess of the "
                                "service's default, no secret of the project (weak-default configuration, audit view)")
