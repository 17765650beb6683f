"""The semgrep engine adapter: real findings on small files, and every way the subprocess can fail.

Semgrep takes a few seconds per run, so the real scan happens once per module; the failure
modes use tiny fake executables written at test time.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

from mcpaudit.engines import EngineOutput, semgrep
from mcpaudit.engines import _subprocess as subprocess_helpers
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.engines.semgrep import runner as semgrep_runner
from mcpaudit.engines.semgrep import scoping as semgrep_scoping
from mcpaudit.models import Confidence, Severity
from mcpaudit.resources import rules_dir

posix_only = pytest.mark.skipif(os.name != "posix", reason="fake executables are shell scripts")
needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")

VULN = textwrap.dedent(
    '''\
    import subprocess

    import yaml
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("files")


    @mcp.tool()
    def read_file(path: str) -> str:
        with open(path) as fh:
            return fh.read()


    def run(cmd: str):
        return subprocess.run(f"echo {cmd}", shell=True)


    def parse(text: str):
        return yaml.load(text, Loader=yaml.Loader)
    '''
)

SAFE = textwrap.dedent(
    '''\
    import subprocess

    import yaml


    def run(arg: str):
        return subprocess.run(["echo", arg])


    def parse(text: str):
        return yaml.safe_load(text)
    '''
)

ODD_NAME = "-odd name.py"  # starts with a dash, contains a space
ODD = "import os\n\n\ndef f(x):\n    os.system('ls ' + x)\n"
BROKEN = "import os\nx = (((\nos.system('a' + y)\nclass :\n  ]]]\n"
TS = textwrap.dedent(
    """\
    import { exec } from "child_process";
    export function run(name: string) {
      exec(`ls ${name}`);
    }
    """
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proj")
    (root / "pkg").mkdir()
    (root / "pkg" / "server.py").write_text(VULN)
    (root / "pkg" / "safe.py").write_text(SAFE)
    (root / ODD_NAME).write_text(ODD)
    (root / "broken.py").write_text(BROKEN)
    (root / "web.ts").write_text(TS)
    return root


@pytest.fixture(scope="module")
def scan(project) -> EngineOutput:
    files = [
        project / "pkg" / "server.py",
        project / "pkg" / "safe.py",
        project / ODD_NAME,
        project / "broken.py",
        project / "web.ts",
        project / "missing.py",
    ]
    return semgrep.run(files, project, timeout=600)


def _by(scan: EngineOutput, rule_id: str):
    return [f for f in scan.findings if f.rule_id == rule_id]


@needs_semgrep
def test_scan_ran_without_fatal_errors(scan):
    assert scan.ran
    assert [e for e in scan.errors if e.fatal] == []
    assert all(f.engine == "semgrep" for f in scan.findings)


@needs_semgrep
def test_taint_finding_has_location_message_parameter_and_handler(scan):
    (f,) = _by(scan, "tool-param-path-traversal")
    assert f.location.path == "pkg/server.py"
    assert (f.location.line, f.location.column) == (11, 15)
    assert f.location.end_line == 11
    assert f.message.startswith("Parameter 'path' of MCP handler read_file() reaches a file-system")
    assert f.parameter == "path" and f.context == "read_file"
    assert f.cwe == ["CWE-22"]
    assert f.severity is Severity.HIGH  # ERROR
    assert f.confidence is Confidence.MEDIUM
    assert f.fix and "is_relative_to" in f.fix
    assert f.snippet == "    with open(path) as fh:"


@needs_semgrep
def test_pattern_findings(scan):
    (shell,) = _by(scan, "subprocess-shell-true")
    assert (shell.location.path, shell.location.line) == ("pkg/server.py", 16)
    assert "shell=True" in shell.message and shell.cwe == ["CWE-78"]
    assert shell.snippet.strip() == 'return subprocess.run(f"echo {cmd}", shell=True)'
    (yml,) = _by(scan, "yaml-unsafe-load")
    assert (yml.location.path, yml.location.line) == ("pkg/server.py", 20)
    assert yml.cwe == ["CWE-502"] and yml.confidence is Confidence.HIGH


@needs_semgrep
def test_safe_file_has_no_findings(scan):
    assert [f for f in scan.findings if f.location.path == "pkg/safe.py"] == []


@needs_semgrep
def test_file_name_starting_with_dash_and_containing_space_is_scanned(scan):
    (f,) = [f for f in scan.findings if f.location.path == ODD_NAME]
    assert f.rule_id == "os-system-nonconstant" and f.location.line == 5


@needs_semgrep
def test_typescript_files_are_passed_to_semgrep(scan):
    ts = [f for f in scan.findings if f.location.path == "web.ts"]
    assert ts and all(f.rule_id.startswith("ts-") for f in ts)
    assert ts[0].location.line == 3


@needs_semgrep
def test_syntax_error_is_a_non_fatal_error_naming_the_file(scan):
    errs = [e for e in scan.errors if e.path == "broken.py"]
    assert errs and not any(e.fatal for e in errs)
    assert "syntax error" in errs[0].message.lower()


@needs_semgrep
def test_missing_file_is_reported_as_skipped(scan):
    assert [s.path for s in scan.skipped if s.path == "missing.py"] == ["missing.py"]


@needs_semgrep
def test_custom_rules_directory_and_severity_override(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "no-print.yaml").write_text(
        textwrap.dedent(
            """\
            rules:
              - id: no-print
                languages: [python]
                severity: INFO
                message: print of $X
                pattern: print($X)
                metadata:
                  cwe: "CWE-532: Insertion of Sensitive Information into Log File"
                  confidence: LOW
                  mcpaudit-severity: critical
                  fix: drop it
              - id: no-input
                languages: [python]
                severity: INFO
                message: input()
                pattern: input()
            """
        )
    )
    (rules / "no-print.py").write_text("# ruleid: no-print\nprint(1)\n")  # paired test, not a rule
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.py").write_text("x = 1\nprint(x)\ninput()\n")
    out = semgrep.run([src / "a.py"], src, rules=rules, timeout=300)
    assert out.ran, out.errors
    got = {f.rule_id: f for f in out.findings}
    assert set(got) == {"no-print", "no-input"}
    assert got["no-print"].severity is Severity.CRITICAL
    assert got["no-print"].confidence is Confidence.LOW
    assert got["no-print"].message == "print of x"
    assert got["no-print"].cwe == ["CWE-532"] and got["no-print"].fix == "drop it"
    assert got["no-input"].severity is Severity.LOW  # INFO
    assert got["no-input"].confidence is Confidence.MEDIUM  # default
    assert got["no-input"].location.path == "a.py" and got["no-input"].location.line == 3


# --- failure modes (no real semgrep needed) -------------------------------------------------


def _fake(tmp_path: Path, name: str, body: str) -> str:
    script = tmp_path / name
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return str(script)


def _fake_py(tmp_path: Path, name: str, body: str) -> str:
    script = tmp_path / name
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def target(tmp_path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    # (A rule could match it, so semgrep is run: yaml-unsafe-load needs "yaml".)
    (root / "a.py").write_text("print(1)\nyaml.load(x)\n")
    return root


def _assert_fatal(out: EngineOutput, *needles: str):
    assert out.ran is False
    assert out.findings == []
    assert len(out.errors) == 1 and out.errors[0].fatal and out.errors[0].engine == "semgrep"
    for needle in needles:
        assert needle in out.errors[0].message


def test_missing_executable(target):
    out = semgrep.run([target / "a.py"], target, executable="/nonexistent/semgrep")
    _assert_fatal(out, "semgrep executable not found", "/nonexistent/semgrep")


@posix_only
def test_invalid_json_output(tmp_path, target):
    exe = _fake(tmp_path, "semgrep", "echo 'this is not json {'\nexit 0\n")
    _assert_fatal(semgrep.run([target / "a.py"], target, executable=exe), "no valid JSON", "not json")


@posix_only
def test_unexpected_exit_code_reports_stderr(tmp_path, target):
    exe = _fake(tmp_path, "semgrep", "echo 'rule pack exploded' >&2\nexit 2\n")
    _assert_fatal(semgrep.run([target / "a.py"], target, executable=exe), "exit 2", "rule pack exploded")


@posix_only
def test_unexpected_exit_code_reports_semgrep_json_errors(tmp_path, target):
    doc = {"results": [], "errors": [{"level": "error", "type": "SemgrepError", "message": "bad rule x"}]}
    exe = _fake(tmp_path, "semgrep", f"echo '{json.dumps(doc)}'\nexit 7\n")
    _assert_fatal(semgrep.run([target / "a.py"], target, executable=exe), "exit 7", "bad rule x")


@posix_only
def test_timeout_kills_the_run(tmp_path, target):
    exe = _fake(tmp_path, "semgrep", "sleep 30\n")
    out = semgrep.run([target / "a.py"], target, executable=exe, timeout=1)
    _assert_fatal(out, "timed out after 1 s")
    assert out.seconds < 15


@posix_only
def test_results_outside_root_are_dropped_with_a_warning(tmp_path, target):
    inside = str(target / "a.py")
    outside = str(tmp_path / "elsewhere.py")
    sneaky = str(target / ".." / "elsewhere.py")

    def result(path, line):
        return {
            "check_id": "x-rule",
            "path": path,
            "start": {"line": line, "col": 1},
            "end": {"line": line, "col": 9},
            "extra": {"message": "m", "severity": "WARNING", "metadata": {"cwe": ["CWE-78: x"]}},
        }

    doc = {"results": [result(inside, 1), result(outside, 2), result(sneaky, 3)], "errors": []}
    exe = _fake(tmp_path, "semgrep", f"cat <<'EOF'\n{json.dumps(doc)}\nEOF\n")
    out = semgrep.run([target / "a.py"], target, executable=exe)
    assert out.ran
    assert [(f.location.path, f.location.line) for f in out.findings] == [("a.py", 1)]
    assert out.findings[0].severity is Severity.MEDIUM and out.findings[0].cwe == ["CWE-78"]
    assert out.findings[0].snippet == "print(1)"
    dropped = [e for e in out.errors if "outside the scan root" in e.message]
    assert len(dropped) == 2 and not any(e.fatal for e in dropped)


@posix_only
def test_long_file_lists_are_chunked_and_every_run_uses_offline_flags(tmp_path, monkeypatch):
    root = tmp_path / "many"
    root.mkdir()
    files = []
    for i in range(150):
        p = root / f"module_with_a_rather_long_name_{i:03d}.py"
        p.write_text("import yaml\n")
        files.append(p)
    log = tmp_path / "argv.log"
    exe = _fake_py(
        tmp_path,
        "semgrep",
        f"""\
        import json, sys
        with open({str(log)!r}, "a") as fh:
            fh.write(json.dumps(sys.argv[1:]) + "\\n")
        targets = [a for a in sys.argv[1:] if a.endswith(".py")]
        print(json.dumps({{"results": [{{"check_id": "r", "path": t, "start": {{"line": 1, "col": 1}},
            "end": {{"line": 1, "col": 2}}, "extra": {{"message": "m", "severity": "INFO"}}}}
            for t in targets], "errors": []}}))
        """,
    )
    monkeypatch.setattr(subprocess_helpers, "argv_budget", lambda env=None: 9_000)
    out = semgrep.run(files, root, executable=exe)
    assert out.ran, out.errors
    runs = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(runs) > 1
    for argv in runs:
        for flag in ("--metrics=off", "--disable-version-check", "--no-rewrite-rule-ids", "--json"):
            assert flag in argv
        configs = [argv[i + 1] for i, a in enumerate(argv) if a == "--config"]
        assert len(configs) == 1 and configs[0].endswith(".yaml")
    assert sorted(f.location.path for f in out.findings) == sorted(p.name for p in files)


def test_huge_files_are_skipped_not_scanned(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    (root / "big.py").write_text("x = 1\n" * 1000)
    out = semgrep.run([root / "big.py"], root, max_target_bytes=100, executable=sys.executable)
    assert out.ran and out.findings == []
    assert [s.path for s in out.skipped] == ["big.py"]


def test_rule_files_excludes_paired_tests():
    files = semgrep.rule_files()
    assert files and all(p.suffix == ".yaml" for p in files)


# --- rule scoping (mcpaudit-requires) -----------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _keys(out: EngineOutput):
    return sorted(
        (f.rule_id, f.location.path, f.location.line, f.location.column, f.location.end_line, f.location.end_column)
        for f in out.findings
    )


def _spy_rules(monkeypatch):
    """Record the rule pack written for every semgrep run."""
    packs = []
    real = semgrep_runner.write_rules

    def spy(rules, dest):
        packs.append([dict(r) for r in rules])
        return real(rules, dest)

    monkeypatch.setattr(semgrep_runner, "write_rules", spy)
    return packs


@pytest.fixture(scope="module")
def fixture_tree(tmp_path_factory) -> Path:
    """The bundled fixtures plus every rule's annotated test file, as one tree."""
    import shutil

    root = tmp_path_factory.mktemp("scoping") / "tree"
    shutil.copytree(FIXTURES, root)
    for test_file in (rules_dir() / "semgrep").iterdir():
        if test_file.suffix in (".py", ".ts"):
            shutil.copy(test_file, root / f"ruletest-{test_file.name}")
    return root


@needs_semgrep
def test_scoping_gives_the_same_findings_as_running_every_rule_on_every_file(fixture_tree, monkeypatch):
    files = sorted(p for p in fixture_tree.rglob("*") if p.suffix in (".py", ".ts") and p.is_file())
    unscoped = semgrep.run(files, fixture_tree, timeout=600, scope=False)
    scoped = semgrep.run(files, fixture_tree, timeout=600)
    # Path lists for every rule that may match some files only (on files this small they
    # would not pay, so they are forced here).
    monkeypatch.setattr(semgrep_scoping, "_GLOB_COST", 0.0)
    packs = _spy_rules(monkeypatch)
    listed = semgrep.run(files, fixture_tree, timeout=600)
    for out in (scoped, listed, unscoped):
        assert out.ran and [e for e in out.errors if e.fatal] == []
    assert _keys(scoped) == _keys(unscoped) == _keys(listed)
    assert {f.rule_id for f in unscoped.findings} >= {"tool-param-path-traversal", "sql-string-built"}
    written = {r["id"]: r for r in packs[0]}
    with_paths = {rid for rid, r in written.items() if "paths" in r}
    assert {"tool-param-path-traversal", "tool-param-ssrf", "sql-string-built", "shell-c-argv"} <= with_paths
    assert all(g.startswith("**/") for g in written["sql-string-built"]["paths"]["include"])


def test_path_glob_escapes_glob_syntax():
    assert semgrep.path_glob("a/b.py") == "**/a/b.py"
    assert semgrep.path_glob("x[1]/a*b?.py") == "**/x\\[1\\]/a\\*b\\?.py"
    assert semgrep.path_glob("back\\slash.py") == "**/back\\\\slash.py"
    assert semgrep.path_glob("{a,b} !#.py") == "**/{a,b} !#.py"  # not special for semgrep


HANDLER = textwrap.dedent(
    """\
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("odd")


    @mcp.tool()
    def read(path: str) -> str:
        return open(path).read()
    """
)
# Names whose glob would be wrong unescaped: too wide ("x?.py" also matches "xy.py"), too narrow
# ("a\\b.py" would mean "ab.py") or invalid ("x[1.py" has no closing bracket).
ODD_NAMES = ["x[1.py", "b]r.py", "q?.py", "s*.py", "a\\b.py", "sp ace.py", "{c,d}.py", "!n.py", "#h.py", "-d.py"]


@needs_semgrep
@pytest.mark.skipif(os.name != "posix", reason="file names with backslashes, '*' and '?'")
def test_path_scoping_with_glob_characters_in_file_names(tmp_path, monkeypatch):
    root = tmp_path / "we[ir]d dir"
    (root / "sub").mkdir(parents=True)
    files = []
    for name in ODD_NAMES:
        (root / "sub" / name).write_text(HANDLER)
        files.append(root / "sub" / name)
    # Same names without the odd characters, and no handler: the rule must not need them.
    for name in ("x1.py", "xy.py", "ab.py", "sz.py", "qq.py"):
        (root / "sub" / name).write_text("import yaml\nprint(open(p).read())\n")
        files.append(root / "sub" / name)
    monkeypatch.setattr(semgrep_scoping, "_GLOB_COST", 0.0)  # always a path list
    packs = _spy_rules(monkeypatch)
    scoped = semgrep.run(files, root, timeout=600)
    unscoped = semgrep.run(files, root, timeout=600, scope=False)
    assert [e for e in scoped.errors + unscoped.errors if e.fatal] == []
    assert _keys(scoped) == _keys(unscoped)
    flagged = {f.location.path for f in scoped.findings if f.rule_id == "tool-param-path-traversal"}
    assert flagged == {f"sub/{n}" for n in ODD_NAMES}
    written = {r["id"]: r for r in packs[0]}
    assert len(written["tool-param-path-traversal"]["paths"]["include"]) == len(ODD_NAMES)
    # Rules no file may match are not in the pack at all (no TypeScript here, no pickle).
    assert "ts-param-reaches-fs" not in written and "pickle-load" not in written


@needs_semgrep
def test_scoping_when_the_root_is_a_file_or_reached_through_a_symlink(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "server.py").write_text(HANDLER)
    (real / "other.py").write_text("import yaml\nyaml.load(open(p))\n")
    # A file as the root: semgrep runs from a temporary directory, so no path lists.
    single = semgrep.run([real / "server.py"], real / "server.py", timeout=600)
    unscoped = semgrep.run([real / "server.py"], real / "server.py", timeout=600, scope=False)
    assert single.ran and unscoped.ran
    assert _keys(single) == _keys(unscoped)
    assert [e.message for e in single.errors] == [e.message for e in unscoped.errors]
    if os.name == "posix":
        link = tmp_path / "link"
        link.symlink_to(real, target_is_directory=True)
        files = [link / "server.py", link / "other.py"]
        via_link = semgrep.run(files, link, timeout=600)
        assert _keys(via_link) == _keys(semgrep.run(files, link, timeout=600, scope=False))
        assert {(f.rule_id, f.location.path) for f in via_link.findings} == {
            ("tool-param-path-traversal", "server.py"),
            ("yaml-unsafe-load", "other.py"),
        }


@posix_only
def test_files_no_rule_can_match_are_not_passed_and_nothing_to_scan_runs_nothing(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    (root / "plain.py").write_text("x = 1\n")
    (root / "loader.py").write_text("import yaml\n")
    (root / "script.ts").write_text("console.log(1);\n")
    log = tmp_path / "argv.log"
    exe = _fake_py(
        tmp_path,
        "semgrep",
        f"""\
        import json, sys
        with open({str(log)!r}, "a") as fh:
            fh.write(json.dumps(sys.argv[1:]) + "\\n")
        print(json.dumps({{"results": [], "errors": []}}))
        """,
    )
    out = semgrep.run([root / "plain.py", root / "loader.py", root / "script.ts"], root, executable=exe)
    assert out.ran and out.errors == []
    (argv,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert [a for a in argv if a.startswith(str(root))] == [str(root / "loader.py")]
    log.unlink()
    out = semgrep.run([root / "plain.py"], root, executable=exe)
    assert out.ran and out.findings == [] and not log.exists()
    semgrep.run([root / "plain.py"], root, executable=exe, scope=False)
    assert log.exists()


def test_a_broken_requires_regex_is_a_fatal_rule_pack_error(tmp_path, target):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "rules:\n  - id: r\n    languages: [python]\n    severity: INFO\n    message: m\n"
        "    pattern: print(...)\n    metadata:\n      mcpaudit-requires: ['print(']\n"
    )
    out = semgrep.run([target / "a.py"], target, rules=rules, executable=sys.executable)
    _assert_fatal(out, "invalid semgrep rule pack", "mcpaudit-requires")


def test_gate_entries_plain_casefolded_and_regex():
    gate = semgrep_scoping._Gate("r", ["AKIA", "(?i)passw", r"\.\s*tool\b"])
    assert [kind for kind, _ in gate.tests] == ["has", "has_folded", "search"]
    hit = lambda text: gate.test(semgrep_scoping._Text(text))  # noqa: E731
    assert hit("key = 'AKIA...'") and not hit("key = 'akia...'")
    assert hit("PassWord = 1") and hit("PA\u017fSWORD = 1")  # long s folds to s
    assert hit("@mcp . tool()") and not hit("tools = []")
    assert semgrep_scoping._Gate("r", "only-one").tests == [("has", "only-one")]
    for bad in ([], "", ["ok", 3], ["(unclosed"]):
        with pytest.raises(ValueError):
            semgrep_scoping._Gate("r", bad)


def test_in_code_gate_ignores_python_comments_and_the_also_gate_needs_every_entry():
    gate = semgrep_scoping._RuleGate.of("r", {"mcpaudit-requires-in-code": ["system"],
                                             "mcpaudit-requires": ["AKIA"]})
    py = lambda text: gate.test(semgrep_scoping._Text(text, True))  # noqa: E731
    assert not py("# walk the filesystem\nx = 1  # system\n")
    assert py("import os\nos.system(cmd)  # run it\n")
    assert py('doc = "the filesystem"\n')  # strings are code
    assert py("# AKIA in a comment still counts: pattern-regex reads comments\n")
    # another language, or Python tokenize cannot read to the end: the whole text
    assert gate.test(semgrep_scoping._Text("// filesystem\n", False))
    assert py("def f(:\n    # system\n")
    # a Python 3.12 f-string read by an older tokenize: nothing is taken for a comment
    assert py('y = f"{d["#"]}"; os.system(c)\n')
    also = semgrep_scoping._RuleGate.of("r", {"mcpaudit-requires": ["startsWith"],
                                             "mcpaudit-requires-also": ["(?i)[\"'`]select"]})
    ts = lambda text: also.test(semgrep_scoping._Text(text))  # noqa: E731
    assert ts('if (q.toLowerCase().startsWith("SELECT")) run(q);')
    assert not ts("if (p.startsWith(root)) read(p);")
    assert not ts('const s = "select";')
    assert semgrep_scoping._RuleGate.of("r", {"confidence": "LOW"}) is None
    with pytest.raises(ValueError):
        semgrep_scoping._RuleGate.of("r", {"mcpaudit-requires-also": []})


@needs_semgrep
def test_in_code_gates_give_the_findings_of_running_every_rule(tmp_path):
    """Names only in comments, a comment inside a multi-line logged argument, key formats in a
    comment (which `pattern-regex` reads): the gated run finds what the ungated one finds, and
    never gets the file whose names are all in comments."""
    (tmp_path / "comments.py").write_text(
        "# os.system(cmd) on the filesystem; '../../etc/passwd'; logger.info(token)\nx = 1\n")
    (tmp_path / "tricky.py").write_text(
        "import logging\nimport os\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "def f(auth_header, cmd, api_token):\n"
        "    logger.info(\n        (auth_header  # token\n         )\n    )\n"
        "    logger.info(\"%s\", api_token)  # logged\n"
        "    os.system(cmd)  # system\n")
    (tmp_path / "keys.py").write_text(
        "# old key: AKIAIOSFODNN7REALKEY\n# postgres://admin:hunter22@db/prod\nx = 1\n")
    files = sorted(tmp_path.glob("*.py"))
    scoped = semgrep.run(files, tmp_path, timeout=600, min_confidence=Confidence.MEDIUM)
    unscoped = semgrep.run(files, tmp_path, timeout=600, min_confidence=Confidence.MEDIUM, scope=False)
    assert scoped.ran and unscoped.ran
    assert _keys(scoped) == _keys(unscoped)
    assert {(f.rule_id, f.location.path) for f in scoped.findings} >= {
        ("credential-logged", "tricky.py"), ("os-system-nonconstant", "tricky.py"),
        ("hardcoded-credential", "keys.py")}
    from mcpaudit.engines.semgrep import runner as semgrep_runner

    pack, scoping = semgrep_runner._rule_pack(None, Confidence.MEDIUM, True)
    assert scoping.select([str(tmp_path / "comments.py")], str(tmp_path)) == []


def test_a_name_before_any_hash_on_its_line_is_found_without_tokenize(monkeypatch):
    calls = []
    real = semgrep_scoping._without_comments
    monkeypatch.setattr(semgrep_scoping, "_without_comments", lambda t: calls.append(t) or real(t))
    gate = semgrep_scoping._RuleGate.of("r", {"mcpaudit-requires-in-code": ["system"]})
    assert gate.test(semgrep_scoping._Text("# filesystem\nos.system(c)  # run\n", True)) and calls == []
    # after a '#' (a comment, or a '#' in a string): tokenize decides
    assert gate.test(semgrep_scoping._Text('s = "#"; os.system(c)\n', True)) and len(calls) == 1
    assert not gate.test(semgrep_scoping._Text("x = 1  # os.system\n", True)) and len(calls) == 2


def test_in_code_gates_take_linear_time_on_hostile_text():
    import time

    gate = semgrep_scoping._RuleGate.of("r", {"mcpaudit-requires-in-code": ["(?i)token", "system"]})
    hostile = ["#" + "token system " * 60_000, ("x = 1  # token\n" * 40_000),
               "s = '" + "#" * 200_000 + "'\n" + "# token\n" * 20_000]
    started = time.process_time()
    for text in hostile:
        gate.test(semgrep_scoping._Text(text, True))
    assert time.process_time() - started < 5.0


def test_comments_are_blanked_in_place():
    text = 'x = 1  # filesystem\n# passwd\ns = "# kept"\n'
    out = semgrep_scoping._without_comments(text)
    assert out == 'x = 1              \n        \ns = "# kept"\n' and len(out) == len(text)


def test_semgrep_is_not_started_when_no_rule_can_match_a_file(tmp_path):
    """Every file's only mention of a rule's names is in a comment: no run, and the stats say so."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "a.py").write_text("# keeps the filesystem tidy\nx = 1\n")
    (root / "b.py").write_text("y = 2  # no passwd here\n")
    exe = _fake_py(tmp_path, "semgrep", "import sys\nsys.exit(7)\n")  # would fail the run
    out = semgrep.run([root / "a.py", root / "b.py"], root, executable=exe,
                      min_confidence=Confidence.MEDIUM, superseded_by=("cst", "ts"))
    assert out.ran and out.errors == [] and out.findings == []
    assert out.details == {"not_started": "no rule can match any of the 2 files (mcpaudit-requires)"}


@needs_semgrep
@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_symlinked_targets_never_fail_the_run(tmp_path):
    """semgrep rejects a symbolic link as a target ("Invalid scanning root"), which used to fail
    the whole run. A link to another target is left to that target; a link to a file that is not
    a target (here: under a git-ignored directory) is scanned through that file and reported under
    the link's path; a link whose target has another extension is skipped with a reason."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "impl.py").write_text("import yaml\n\n\ndef f(x):\n    return yaml.load(x)\n")
    (tmp_path / "vendor" / "notes.txt").write_text("import yaml\nyaml.load(x)\n")
    (tmp_path / "pkg" / "a.py").write_text("import pickle\n\n\ndef g(b):\n    return pickle.loads(b)\n")
    os.symlink("a.py", tmp_path / "pkg" / "alias.py")
    os.symlink("../vendor/impl.py", tmp_path / "pkg" / "linked.py")
    os.symlink("../vendor/notes.txt", tmp_path / "pkg" / "notes.py")
    files = [tmp_path / "pkg" / n for n in ("a.py", "alias.py", "linked.py", "notes.py")]
    out = semgrep.run(files, tmp_path, timeout=300)
    assert out.ran and not [e for e in out.errors if e.fatal], out.errors
    assert sorted((f.rule_id, f.location.path, f.location.line) for f in out.findings) == [
        ("pickle-load", "pkg/a.py", 5),
        ("yaml-unsafe-load", "pkg/linked.py", 5),
    ]
    reasons = {s.path: s.reason for s in out.skipped}
    assert reasons == {
        "pkg/alias.py": "symbolic link to pkg/a.py, which semgrep scans under its own name",
        "pkg/notes.py": "symbolic link; not scanned by semgrep",
    }


@needs_semgrep
def test_rules_below_the_confidence_floor_are_not_run(tmp_path):
    """sql-string-built is LOW confidence: at the default floor its results would be dropped, so
    the rule is not run at all; at LOW it runs and reports."""
    (tmp_path / "db.py").write_text(
        "def q(conn, name):\n    return conn.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
    )
    files = [tmp_path / "db.py"]
    low = semgrep.run(files, tmp_path, timeout=300, min_confidence=Confidence.LOW)
    assert [(f.rule_id, f.location.line, f.confidence) for f in low.findings] == [
        ("sql-string-built", 2, Confidence.LOW)
    ]
    medium = semgrep.run(files, tmp_path, timeout=300, min_confidence=Confidence.MEDIUM)
    assert medium.ran and medium.findings == [] and not medium.errors


def test_the_engine_leaves_typescript_test_files_out_as_the_ts_engine_does(tmp_path, monkeypatch):
    """TypeScript/JavaScript test files never reach semgrep (the ts engine does not analyse them
    either); Python test files and every other file do."""
    from mcpaudit.config import Config
    from mcpaudit.engines.base import EngineContext, Target

    seen = {}

    def fake_run(files, root, **kw):
        seen["files"] = sorted(Path(f).relative_to(root).as_posix() for f in files)
        return EngineOutput(engine="semgrep")

    monkeypatch.setattr(semgrep, "run", fake_run)
    rels = ["src/server.ts", "src/server.test.ts", "src/__tests__/tools.ts", "tests/helper.js",
            "src/index.mjs", "tests/test_server.py", "pkg/server.py"]
    targets = [Target(str(tmp_path / r), r) for r in rels]
    semgrep.ENGINE.run(targets, EngineContext(root=tmp_path, config=Config(), timeout=60))
    assert seen["files"] == ["pkg/server.py", "src/index.mjs", "src/server.ts", "tests/test_server.py"]


def test_taint_rules_the_deep_engines_cover_do_not_run_beside_them(monkeypatch):
    """semgrep's one-function taint rules for parameters reaching paths, URLs and SQL are the
    fallback for scans without the cst/ts engines; beside them they only repeat what those find
    (or report a path a helper already checked)."""
    from mcpaudit.config import Config
    from mcpaudit.engines.base import EngineContext

    every = {r["id"] for r in semgrep_runner._rule_pack(None, None, False)[0]}
    without_cst = {r["id"] for r in semgrep_runner._rule_pack(None, None, False, ("cst",))[0]}
    without_both = {r["id"] for r in semgrep_runner._rule_pack(None, None, False, ("cst", "ts"))[0]}
    assert every - without_cst == {"tool-param-path-traversal", "tool-param-ssrf", "sql-string-built"}
    assert without_cst - without_both == {"ts-param-reaches-fetch", "ts-param-reaches-fs"}
    assert "credential-logged" in without_both and "ts-exec-template-string" in without_both

    seen = {}

    def fake_run(files, root, **kw):
        seen["superseded_by"] = kw["superseded_by"]
        return EngineOutput(engine="semgrep")

    monkeypatch.setattr(semgrep, "run", fake_run)
    for engines, expected in [(("cst", "ts", "semgrep", "bandit"), ("cst", "ts")), (("semgrep",), ()),
                              (("ts", "semgrep"), ("ts",))]:
        semgrep.ENGINE.run([], EngineContext(root=Path("."), config=Config(engines=engines), timeout=60))
        assert seen["superseded_by"] == expected
    assert semgrep.ENGINE.cache_salt(Config(engines=("semgrep",))) != semgrep.ENGINE.cache_salt(Config())
