"""mend47a (issue 12): the B103/B507 findings built from command lines read only commands that
run and honour ``# nosec``; a B615 loader keeps its finding when a caller is unreadable (an
aliased import) or absent (only type tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _marked(path: Path, marker: str) -> list:
    return [i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text]


def _bandit(tmp_path, src: Path):
    from mcpaudit.engines import bandit

    shutil.copy(src, tmp_path / src.name)
    out = bandit.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    return out.findings


def test_chmod_only_in_commands_that_run_and_not_silenced(tmp_path):
    from mcpaudit.engines.bandit_chmodcmd import MESSAGE

    src = FIXTURES / "bandit_chmod" / "denylists.py"
    got = sorted((f.location.line, f.confidence.label, f.properties["mode"]) for f in _bandit(tmp_path, src)
                 if f.rule_id == "B103")
    lines = _marked(src, "reported:")
    assert got == [(lines[0], "medium", "777"), (lines[1], "medium", "o+w"), (lines[2], "medium", "777"),
                   (lines[3], "medium", "0777"), (lines[4], "medium", "777")]
    f = next(f for f in _bandit(tmp_path, src) if f.rule_id == "B103" and f.location.line == lines[3])
    assert f.message == MESSAGE.format(program="chmod", mode="0777") and f.cwe == ["CWE-732"]


def test_a_dev_null_known_hosts_file_beside_strict_checking_is_not_reported(tmp_path):
    from mcpaudit.engines.bandit_hostkeys import MESSAGE

    src = FIXTURES / "ssh_hostkeys" / "knownhosts_strict" / "strict.py"
    mine = [f for f in _bandit(tmp_path, src) if f.rule_id == "B507"]
    lines = _marked(src, "# reported")
    assert sorted((f.location.line, f.confidence.label) for f in mine) == [(n, "medium") for n in lines]
    spaced = next(f for f in mine if f.location.line == lines[0])
    assert spaced.message == MESSAGE.format(option="UserKnownHostsFile /dev/null") + (
        " (the known-hosts file is /dev/null: no host key is ever remembered, so every host's key is accepted as "
        "a new one)")
    assert next(f for f in mine if f.location.line == lines[1]).properties["host-key-option"] == \
        "UserKnownHostsFile=/dev/null"


def test_nosec_reading():
    from mcpaudit.engines.bandit_hostkeys import silenced

    text = "a  # nosec\nb  # nosec B103\nc  # nosec: B602, B507\nd  # nosec set_bad_file_permissions\ne\n"
    assert [n for n in range(1, 6) if silenced(text, n, "B103", "set_bad_file_permissions")] == [1, 2, 4]
    assert [n for n in range(1, 6) if silenced(text, n, "B507", "ssh_no_host_key_verification")] == [1, 3]


def _hub(tmp_path, names):
    from mcpaudit.engines import bandit

    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name in names:
        shutil.copy(FIXTURES / "bandit_hubcallers" / name, pkg / name)
    out = bandit.run(sorted(pkg.glob("*.py")), tmp_path, timeout=300)
    assert out.ran, out.errors
    return {f.location.line: f for f in out.findings if f.rule_id == "B615" and f.location.path == "pkg/models.py"}


def test_b615_loader_named_only_in_type_tests_or_imported_under_another_name_stays(tmp_path):
    from mcpaudit.engines.bandit_hubcallers import WHY

    src = FIXTURES / "bandit_hubcallers" / "models.py"
    got = _hub(tmp_path, ["models.py", "tools.py", "aliased.py"])
    typed = _marked(src, "only named in a type test")[0]
    aliased = _marked(src, "# kept: aliased.py imports it")[0]
    built = _marked(src, "type tests and a call with a constant")[0]
    for n in (typed, aliased):
        assert got[n].confidence.label == "high" and "argument-context" not in got[n].properties, n
    assert got[built].confidence.label == "low" and got[built].message.endswith(f"; {WHY} (audit view)")
    alone = _hub(tmp_path / "b", ["models.py"]) if (tmp_path / "b").mkdir() is None else None
    assert alone[aliased].confidence.label == "low"  # the twin: without the aliased import, every call is a constant


def test_an_imported_wrapper_around_the_local_at_registration_is_checked():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
    from pyflowgroups import FlowGroups

    groups = FlowGroups("mend47a")
    assert groups.tools("outer_via") == []  # disabled(decorated_func): the handed function never runs
    assert groups.tools("outer_via_pass") == ["rename_layer", "set_opacity"]
    line = groups.line_of("outer_via_pass", "oplayers/opapp.py", "self.app.doJavaScript(script)")
    assert groups.rows("outer_via_pass") == [("oplayers/opapp.py", line, "tool-code-injection", "rename_layer")]
