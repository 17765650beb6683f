"""Precision causes of the fifteenth Python holdout (fixtures/taint/flows15a/, each with a safe twin)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Dict, List

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows15a"
_FOUND: Dict[str, List[Finding]] = {}
_AUDITED: Dict[tuple, object] = {}


def found(name: str) -> List[Finding]:
    """Default-view findings (medium and above) of one fixture directory, cst engine alone."""
    if name not in _FOUND:
        root = FIXTURES / name
        files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
        out, _ = cst_engine.run(files, root, jobs=1)
        assert not out.errors, out.errors
        _FOUND[name] = [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
    return _FOUND[name]


def audited(name: str, tmp_path_factory, view: Confidence = Confidence.LOW) -> List[Finding]:
    """The whole pipeline's findings with bandit beside the cst engine (the audit view included
    unless ``view`` says otherwise)."""
    if (name, view) not in _AUDITED:
        root = tmp_path_factory.mktemp(name)
        shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
        (root / ".git").mkdir()
        cfg = Config(engines=("cst", "bandit"), cache=False, min_confidence=view)
        _AUDITED[(name, view)] = api.audit([root], cfg).findings
    return _AUDITED[(name, view)]


def line_of(name: str, rel: str, needle: str) -> int:
    text = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def rows(name: str):
    return sorted((f.location.path, f.location.line, f.rule_id, f.tool, f.message) for f in found(name))


# -- 1. shell=<a field of a project object> -------------------------------------------------------

def test_a_shell_flag_field_no_code_sets_runs_no_shell():
    L = lambda rel, needle: line_of("flag_fields", rel, needle)  # noqa: E731
    assert rows("flag_fields") == [
        ("runner.py", L("runner.py", "def run_loose(") + 1,
         "tool-shell-injection", "lint_line",
         "tool 'lint_line' passes parameter 'folder' to subprocess.Popen(shell=True): OS command injection "
         "(shell= is not a constant)"),
        ("server.py", L("server.py", 'run_argv(["pylint", *flags, "src"])'), "tool-argument-injection", "lint_flags",
         "tool 'lint_flags' passes parameter 'flags' to subprocess.Popen() through run_argv() at runner.py:"
         f"{L('runner.py', 'def run_argv(') + 3}: argument injection (added to the argument list after 'pylint' "
         "with no '--' before it: a value starting with '-' is read as an option; pylint's --init-hook runs its "
         "value as Python and --load-plugins imports the modules it names)"),
    ]  # lint and lint_spawned: argv lists with '--' before the caller's folder, and no shell


def test_the_field_values_are_decided_over_the_project():
    from mcpaudit.analysis.flagfields import flag_values
    root = FIXTURES / "flag_fields"
    files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
    results = cst_engine.analyze_files(files, jobs=1)
    _f, _p, linker = cst_engine.link(results, root)
    assert flag_values(linker, "runner.py", "RunOptions", "shell") == frozenset({"False"})
    assert flag_values(linker, "runner.py", "LooseOptions", "shell") == frozenset({"False", "True"})
    assert flag_values(linker, "runner.py", "RunOptions", "cwd") is None  # a string: not a flag


def test_bandit_shell_true_on_a_field_proven_false_moves_to_the_audit_view(tmp_path_factory):
    L = lambda needle: line_of("flag_fields", "runner.py", needle)  # noqa: E731
    b602 = {f.location.line: f for f in audited("flag_fields", tmp_path_factory) if f.rule_id == "B602"}
    kw_lines = [i for i, ln in enumerate((FIXTURES / "flag_fields" / "runner.py").read_text().splitlines(), 1)
                if "shell=options.shell" in ln]
    safe, loose = kw_lines
    assert safe == L("cwd=options.cwd,") + 1
    assert b602[safe].confidence == Confidence.LOW and b602[safe].properties.get("taint-verdict") == "safe"
    assert b602[loose].confidence >= Confidence.MEDIUM  # LooseOptions(shell=True): a shell does run
    assert "taint-verdict" not in b602[loose].properties


# -- 2. B608 on query text the taint analysis saw filled by configuration --------------------------

def test_b608_on_configured_identifiers_is_an_audit_result(tmp_path_factory):
    L = lambda rel, needle: line_of("sql_config", rel, needle)  # noqa: E731
    every = audited("sql_config", tmp_path_factory)
    b608 = {(f.location.path, f.location.line): f for f in every if f.rule_id == "B608"}
    merged = {(f.location.path, f.location.line): f for f in every if "bandit:B608" in f.also_reported_by}
    # the helper a tool calls with CONFIG: {database}.{table} from the configuration, the
    # caller's question bound as a parameter; the module constant in a function nobody calls
    for at in [("server.py", L("server.py", 'cur.execute(f"INSERT INTO')), ("server.py", L("server.py", 'cur.execute(f"SELECT txt')),
               ("reports.py", L("reports.py", "{SCHEMA}.events WHERE 1 = 1"))]:
        assert at not in b608 or b608[at].confidence == Confidence.LOW, at
        assert at in merged and merged[at].confidence == Confidence.LOW, at
    # (a parameter of a function nothing calls fills the text: unknown values, kept at default,
    # which the default view shows: the next test)
    # the caller's table name: the taint finding, with bandit's hit merged into it
    tool = merged[("server.py", L("server.py", "SELECT COUNT(*) FROM {table}"))]
    assert (tool.rule_id, tool.tool, tool.confidence) == ("tool-sql-injection", "count_rows", Confidence.HIGH)


def test_the_default_view_keeps_only_b608_that_unknown_or_caller_values_fill(tmp_path_factory):
    """The first pass analyses reports.py (SQL text beside a sink call) though no tool reaches it,
    so the agreement can read its sinks: the constant schema's query is demoted, the parameter's kept
    (and, reports.py being a module no entry point imports, in the audit view: pyreach22)."""
    L = lambda rel, needle: line_of("sql_config", rel, needle)  # noqa: E731
    shown = sorted((f.location.path, f.location.line, f.rule_id, f.message)
                   for f in audited("sql_config", tmp_path_factory, Confidence.MEDIUM))
    assert shown == [
        ("server.py", L("server.py", "SELECT COUNT(*) FROM {table}"), "tool-sql-injection",
         "tool 'count_rows' passes parameter 'table' to .execute(): SQL injection (the query is an f-string)"),
    ]
    kept = [f for f in audited("sql_config", tmp_path_factory) if "bandit:B608" in f.also_reported_by
            and (f.location.path, f.location.line) == ("reports.py", L("reports.py", "WHERE kind = '{kind}'"))]
    assert [f.confidence for f in kept] == [Confidence.LOW]


# -- 3. secrets that are not secrets ----------------------------------------------------------------

def test_a_copy_whose_secret_entry_is_overwritten_and_the_scheme_of_a_header_are_not_secrets():
    L = lambda needle: line_of("secret_shapes", "server.py", needle)  # noqa: E731
    assert rows("secret_shapes") == [
        ("server.py", L('logger.debug("connection config: %s", self._hide_user(config))'), "secret-in-log", None,
         "secret 'self.password' is written to a log by logging.getLogger.debug()"),
        ("server.py", L('logger.warning(f"rejected credential: {token}")'), "secret-in-log", None,
         "secret 'headers['authorization']' is written to a log by logging.getLogger.warning()"),
    ]  # _get_safe_config's copy (its "password" entry overwritten) and parts[0] (the scheme) stay quiet


def test_overwrite_key_drops_what_was_placed_under_that_key_only():
    from mcpaudit.analysis.overwrites import OVERWRITTEN, drop_overwritten, overwrite_key
    from mcpaudit.analysis.taintvalue import Info, in_dict

    secret = in_dict({("s", "pw"): Info()}, "password")
    host = in_dict({("s", "host"): Info()}, "host")
    assert overwrite_key({**secret, **host}, "password") == host
    placeholder = overwrite_key({("p", "config"): Info()}, "password")
    mine = placeholder[("p", "config")]
    assert OVERWRITTEN + "password" in mine.clean
    assert drop_overwritten({**secret, **host}, mine) == host  # what the linker binds to the parameter


def test_a_placeholder_fallback_kept_in_a_client_s_fields_and_presented_as_its_login_is_demoted(tmp_path):
    from mcpaudit.engines import semgrep

    shutil.copy(Path(__file__).resolve().parents[2] / "fixtures" / "credentials" / "placeholder_fields.py",
                tmp_path / "placeholder_fields.py")
    out = semgrep.run([tmp_path / "placeholder_fields.py"], tmp_path, timeout=300)
    assert out.ran, out.errors
    text = (tmp_path / "placeholder_fields.py").read_text().splitlines()
    at = lambda needle: next(i for i, ln in enumerate(text, 1) if needle in ln)  # noqa: E731
    got = sorted((f.location.line, f.confidence.label, f.properties.get("credential-context"))
                 for f in out.findings if f.rule_id == "hardcoded-credential")
    assert got == [
        (at('os.getenv("BACKUP_PASSWORD", "admin")'), "low", "placeholder-login"),  # self.password -> auth=
        (at('os.getenv("CONSOLE_PASSWORD", "admin")'), "medium", None),  # a login checked against it
    ]


# -- 4. a prefix allow-list that pins scheme and host ---------------------------------------------

def test_a_prefix_list_whose_every_prefix_pins_the_host_guards_the_request():
    L = lambda needle: line_of("url_prefixes", "server.py", needle)  # noqa: E731
    loose = L('if not link.startswith(LOOSE):') + 2
    assert rows("url_prefixes") == [
        ("server.py", loose, "tool-ssrf", "fetch_loose",
         "tool 'fetch_loose' passes parameter 'link' to httpx.get(): server-side request forgery; only a weak "
         "check on the way: weak URL check: startswith('https://docs.example.com') without a '/' after the host "
         "also accepts 'https://docs.example.com.attacker.example/' and 'https://docs.example.com@attacker.example/'"),
        ("server.py", L("if not index.url_loosely_permitted(link):") + 2, "tool-ssrf", "fetch_loose_docs",
         "tool 'fetch_loose_docs' passes parameter 'link' to Index.client.get(): server-side request forgery; "
         "only a weak check on the way: checked by url_loosely_permitted() (not verified by mcpaudit)"),
    ]  # startswith(PREFIXES), any(... for p in PREFIXES), a helper's loop and a method's loop over a
    # class list: every prefix pins its host ('https://github.com/example': a path follows the host)


def test_url_prefix_check_pins_a_host_only_where_a_path_follows_it():
    from mcpaudit.analysis.urlprefixes import url_prefix_check

    pinned = url_prefix_check("u", ["https://cratedb.com/", "https://github.com/crate"])
    assert pinned[0][1] >= {"ssrf"} and pinned[0][2] is None
    loose = url_prefix_check("u", ["https://cratedb.com/", "https://example.com"])
    assert "ssrf" not in loose[0][1] and "https://example.com.attacker.example/" in loose[0][2]
    assert url_prefix_check("u", ["/srv/docs/", "https://example.com/"]) is None  # a path among them
