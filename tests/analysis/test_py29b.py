"""Issue 12, branch py29b (the twenty-ninth Python holdout, reader B): ``fixtures/taint/py29b``
and ``fixtures/py29b``.

* a copied third-party library under ``_vendor/`` (``vendor/``, ``third_party/``) is someone
  else's code, like site-packages: not scanned at default (discovery.py);
* a helper imported from another module of the project and annotated ``-> NoReturn``
  (``raise_tool_error(response)``) ends the caller's branch as ``raise`` does, so the
  containment check before it holds (importedhelpers.py, verdicts.py);
* token-named values that are no credential: a member of an Enum imported from another module
  (importedhelpers.py hands the class name on), a confirm_token (secrets.yaml except list);
* the last "/" segment of a path (``v.split("/")[-1]``) is a file name, as os.path.basename (maskslices.py);
* a module an interpreter runs is the command of the argument-arity table (``python -m venv
  PATH``: the only ENV_DIR; argarity.py, process.yaml);
* an import of a module the author names (``importlib.import_module`` over a constant table) runs no
  program under destructiveHint=False (fixedruns.py);
* exec of code first walked against an AST allow-list that refuses dunder names, with restricted
  __builtins__, is the tool's sandbox: a capability, not a failed sandbox (astsandbox.py); the message
  for restricted builtins given as a call says so (sinkbits.py);
* B108 on a temp folder only compared against (bandit_tmpread.py).
Each group has a twin that keeps its findings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups

groups = FlowGroups("py29b")
SERVING = Path(__file__).resolve().parents[2] / "fixtures" / "py29b"


def _line(name: str, rel: str, needle: str) -> int:
    return groups.line_of(name, rel, needle)


def test_a_vendored_library_copy_is_not_scanned_and_an_own_module_of_the_same_shape_is(tmp_path):
    shutil.copytree(SERVING / "vendored", tmp_path / "vendored")
    res = api.audit([tmp_path / "vendored"], Config(cache=False, min_confidence=Confidence.LOW))
    paths = {f.location.path for f in res.findings + res.capabilities}
    assert not any("_vendor/" in p for p in paths), paths
    own = [(f.location.path, f.location.line, f.rule_id) for f in res.findings if f.location.path.startswith("app/wsown/")]
    assert ("app/wsown/client.py", 12, "tool-unsafe-deserialization") in own
    msg = next(f.message for f in res.findings if f.location.path == "app/wsown/client.py" and f.location.line == 12)
    assert msg.startswith("a non-constant value reaches yaml.load() without SafeLoader")
    # the server's own tool is still read: its command capability stands
    cap = next(f for f in res.capabilities if f.tool == "run_line")
    assert (cap.rule_id, cap.location.path, cap.location.line) == ("capability-command-execution", "app/server.py", 16)
    # the config can scan the copy again
    again = api.audit([tmp_path / "vendored"], Config(cache=False, min_confidence=Confidence.LOW, exclude=["!_vendor/"]))
    assert any(f.location.path.startswith("app/_vendor/") for f in again.findings)


def test_an_imported_noreturn_helper_ends_the_branch_of_a_containment_check():
    assert groups.rows("noreturn") == []
    rows = groups.rows("noreturn_twin")
    assert rows == [
        ("skills/server.py", _line("noreturn_twin", "skills/server.py", "return target.read_text()"),
         "tool-path-traversal", "read_skill_file"),
        ("skills/server.py", _line("noreturn_twin", "skills/server.py", "for p in folder.rglob"),
         "tool-path-traversal", "list_skill")]
    assert groups.message("noreturn_twin", "tool-path-traversal", "list_skill").startswith(
        "tool 'list_skill' passes parameter 'skill' to .rglob(): path traversal")


def test_a_temp_folder_only_compared_against_moves_to_the_audit_view(tmp_path):
    # B108 on "/tmp" as the allowed root of a path validator (is_relative_to, startswith, ==/in)
    shutil.copy(SERVING.parent / "bandit_cleanup" / "tmp_compared.py", tmp_path / "tmp_compared.py")
    res = api.audit([tmp_path], Config(cache=False, min_confidence=Confidence.LOW))
    hits = sorted((f.location.line, f.confidence.label, f.message) for f in res.findings if f.rule_id == "B108")
    text = (SERVING.parent / "bandit_cleanup" / "tmp_compared.py").read_text().splitlines()
    compared = [i for i, ln in enumerate(text, 1) if "# compared only" in ln]
    twin = next(i for i, ln in enumerate(text, 1) if "# twin" in ln)
    assert sorted({h[0] for h in hits if h[1] == "low"}) == compared
    assert all(h[2] == "Probable insecure usage of temp file/directory.; the temp folder is only compared against "
               "(an allowed root in a path check): nothing is created in it (audit view)" for h in hits if h[1] == "low")
    assert [(h[0], h[1], h[2]) for h in hits if h[1] != "low"] == [
        (twin, "medium", "Probable insecure usage of temp file/directory.")]


def test_enum_members_and_confirm_tokens_are_no_credentials():
    # ErrorCode.AUTH_INVALID_TOKEN: a member of a StrEnum imported from another module names an
    # error kind; confirm_token: a digest of the preview handed back so the caller can confirm
    assert groups.rows("tokennames") == []
    rows = groups.rows("tokennames_twin")
    assert rows == [
        ("ctl/server.py", _line("tokennames_twin", "ctl/server.py", '"code": Settings.AUTH_SERVICE_TOKEN'),
         "secret-in-tool-result", "check_login"),
        ("ctl/server.py", _line("tokennames_twin", "ctl/server.py", 'session_token=os.environ["SESSION_TOKEN"]'),
         "secret-in-tool-result", "reconfigure")]
    assert groups.message("tokennames_twin", "secret-in-tool-result", "check_login") == (
        "tool 'check_login' returned a value containing secret '.errors.Settings.AUTH_SERVICE_TOKEN' to the caller")


def test_the_last_slash_segment_of_a_path_is_a_file_name():
    # parts = v.split("/"); parts[-1] (and v.rsplit("/", 1)[-1]) is os.path.basename(v): the weak
    # startswith check after it cannot be used to reach a sibling folder
    assert groups.rows("lastsegment") == []
    weak = "only a weak check on the way: weak containment check: str.startswith(root) without a trailing separator"
    found = {f.tool: f for f in groups.found("lastsegment_twin")}
    assert sorted((f.location.line, f.rule_id, t) for t, f in found.items()) == [
        (_line("lastsegment_twin", "server.py", 'with open(full_path, "rb")'), "tool-path-traversal", "get_asset"),
        (_line("lastsegment_twin", "server.py", "return full_path.read_bytes()"), "tool-path-traversal", "get_thumb")]
    assert found["get_asset"].message.startswith(
        "tool 'get_asset' passes parameter 'asset_path' to open(): path traversal / arbitrary file access; " + weak)


def test_the_only_env_dir_of_python_m_venv_is_shown_in_the_audit_view():
    # [sys.executable, "-m", "venv", path]: the module is the command of the argument-arity table;
    # as an option the caller's path leaves venv without its required ENV_DIR
    assert groups.rows("venvarity") == []
    low = {f.tool: f for f in groups.found("venvarity", low=True) if f.rule_id == "tool-argument-injection"}
    assert sorted(low) == ["create_venv", "create_venv3"]
    f = low["create_venv"]
    assert f.location.line == _line("venvarity", "server.py", '[python_executable, "-m", "venv", path]')
    assert f.message == ("tool 'create_venv' passes parameter 'path' to subprocess.run(): argument injection (a value "
                         "starting with '-' is read as an option (no '--' before it)) (audit view: venv takes at least 1 "
                         "positional argument and gets 1, this one among them, so as an option it leaves the command "
                         "short and venv refuses to run it)")
    # twins: a second caller value can stand in for the ENV_DIR; pip is not in the table
    assert groups.rows("venvarity_twin") == [
        ("server.py", _line("venvarity_twin", "server.py", '"venv", path, other]'), "tool-argument-injection", "create_two"),
        ("server.py", _line("venvarity_twin", "server.py", '"pip", "install", package]'), "tool-argument-injection",
         "pip_install")]


def test_importing_the_servers_own_modules_by_constant_names_runs_no_program():
    # importlib.import_module over a constant table of tool modules, under destructiveHint=False
    assert groups.rows("fixedimports") == []
    assert groups.rows("fixedimports_twin") == [
        ("server.py", _line("fixedimports_twin", "server.py", "exec(SETUP)"), "tool-annotation-mismatch", "tool_list")]
    assert groups.message("fixedimports_twin", "tool-annotation-mismatch", "tool_list") == (
        "tool 'tool_list' is annotated destructiveHint=False but runs programs (exec())")


def test_code_walked_against_an_ast_allow_list_refusing_dunders_is_the_tools_sandbox():
    # validate_expression parses, ast.walk()s against SAFE_NODES and refuses dunder attributes; exec
    # then gets {"__builtins__": dict(_SAFE_BUILTINS)}: the tool's restricted language, a capability
    found = groups.found("astsandbox")
    assert [(f.location.line, f.rule_id, f.tool) for f in found] == [
        (_line("astsandbox", "server.py", "exec(python_transform, safe_globals"), "capability-code-execution", "transform")]
    # twin: the walk lets dunder attributes through; the message names the restricted builtins given
    assert groups.rows("astsandbox_twin") == [
        ("server.py", _line("astsandbox_twin", "server.py", "exec(python_transform, safe_globals"), "tool-code-injection",
         "transform")]
    assert groups.message("astsandbox_twin", "tool-code-injection", "transform") == (
        "tool 'transform' passes parameter 'python_transform' to exec(): code injection (restricted __builtins__ do "
        "not sandbox it: ().__class__.__mro__ still reaches every class)")
