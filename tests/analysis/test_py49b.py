"""Causes fixed by branch py49b (fixtures/taint/py49b/, each with a safe twin).

* Interpreters that take their program in an option (``wolframscript -code``, ``node -e``,
  ``ruby -e``, ``Rscript -e``...: the models' ``code-programs``): the element after the option is
  source code (code execution or code injection), not argument injection; ``wolframscript``'s
  options take the next element as their value (``option-operands``).
* A record's one-return property (``request.endpoint`` returning a literal, or formatting
  ``self.mirror``) gives what its return reads, not the whole record (propreads.py), also when
  read through a parameter typed by the base class; a field it places in a URL path or query
  keeps those marks.
* A request record's bare ``token`` field beside paging or search fields is a continuation token,
  not a secret by its name (pagetokens.py, ``page-records`` in the secret names).
* matplotlib's ``savefig`` (module and figure) and plotly's writers write the path they are given
  (documents.yaml); Frida's ``Device.spawn`` and ``Session.create_script`` run a program and
  JavaScript in the target process (frida.yaml).
* ``select`` in a tool's name claims read-only as the SQL verb (``select_query``), not as choosing
  an item (``select_material_by_id``, which caches what it fetched: effects._READ_ONLY_NAME).
* An unannotated function whose every return builds a models' receiver constructor (``ssh =
  paramiko.SSHClient(); ...; return ssh``) returns that library's object (factoryreturns.
  library_return), so ``connect_ssh(host).exec_command(cmd)`` is paramiko's.
"""

from __future__ import annotations

import shutil

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, line_in, rows

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

_FILES = FixtureFiles("py49b")
audit = _FILES.audit
line_of = _FILES.line_of


def test_wolframscript_code_is_the_tools_code_execution(tmp_path):
    L = lambda needle: line_of("code_options.py", needle)  # noqa: E731
    assert rows(audit("code_options.py", tmp_path)) == [
        ("capability-code-execution", L("expect: capability-code-execution"), "execute_mathematica",
         "tool 'execute_mathematica' evaluates code the caller writes: parameter 'code' reaches "
         "asyncio.create_subprocess_exec(['wolframscript', '-code', ...]) as is"),
    ]


def test_node_eval_is_code_injection(tmp_path):
    L = lambda needle: line_of("node_eval.py", needle)  # noqa: E731
    assert rows(audit("node_eval.py", tmp_path)) == [
        ("tool-code-injection", L('["node", "-e", src]'), "shout",
         "tool 'shout' passes parameter 'text' to subprocess.run(['node', '-e', ...]): code injection "
         "(run as JavaScript by node)"),
    ]


def test_a_records_property_gives_what_its_return_reads(tmp_path):
    L = lambda needle: line_of("request_records.py", needle)  # noqa: E731
    assert rows(audit("request_records.py", tmp_path)) == [
        ("tool-ssrf", L("httpx.get(url"), "search_mirror",
         "tool 'search_mirror' passes parameter 'mirror' to httpx.get(): server-side request forgery"),
    ]


def test_a_property_placing_a_field_in_a_path_keeps_the_paths_marks(tmp_path):
    L = lambda needle: line_of("request_paths.py", needle)  # noqa: E731
    found = rows(audit("request_paths.py", tmp_path))
    assert [r[:3] for r in found] == [("tool-ssrf", L("httpx.get(f"), "author_details")]
    assert found[0][3] == "tool 'author_details' passes parameter 'author_id' to httpx.get(): server-side request forgery"
    msg = next(f.message for f in audit("request_paths.py", tmp_path))
    assert "it fills the path under the host its base URL fixes" in msg


def test_a_paged_search_records_token_is_no_secret(tmp_path):
    L = lambda needle: line_of("page_token.py", needle)  # noqa: E731
    assert rows(audit("page_token.py", tmp_path)) == [
        ("secret-in-log", L('logger.debug("login %s with %s"'), None,
         "secret 'self.token' is written to a log by logging.getLogger.debug()"),
    ]


def test_matplotlib_savefig_writes_the_callers_path(tmp_path):
    L = lambda needle: line_of("plot_files.py", needle)  # noqa: E731
    assert rows(audit("plot_files.py", tmp_path)) == [
        ("tool-path-traversal", L("plt.savefig(full_path"), "plot_xy",
         "tool 'plot_xy' passes parameter 'file_name' to matplotlib.pyplot.savefig(): path traversal / "
         "arbitrary file access (write)"),
        ("tool-path-traversal", L("fig.savefig(STORE / file_path)"), "histogram",
         "tool 'histogram' passes parameter 'file_path' to savefig(): path traversal / arbitrary file access (write)"),
    ]


def test_frida_spawn_and_scripts_are_the_tools_capabilities(tmp_path):
    L = lambda needle: line_of("frida_tools.py", needle)  # noqa: E731
    assert rows(audit("frida_tools.py", tmp_path)) == [
        ("capability-code-execution", L("session.create_script(f"), "execute_in_session",
         "tool 'execute_in_session' evaluates code the caller writes: parameter 'javascript_code' reaches "
         "Frida Session .create_script() as is"),
        ("capability-command-execution", L("device.spawn(program"), "spawn_process",
         "tool 'spawn_process' runs commands the caller chooses: parameter 'program' reaches Frida Device .spawn() as is"),
    ]


def test_select_claims_read_only_only_as_the_sql_verb(tmp_path):
    src = TAINT_FIXTURES.parent / "readonly_modes" / "select_names" / "server.py"
    shutil.copy(src, tmp_path / "server.py")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    found = [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]
    assert rows(found) == [
        ("tool-read-only-bypass", line_in(src, '"last.json"'), "select_query",
         "tool 'select_query' is named 'select_query' but writes files (open())"),
    ]


def test_a_client_a_project_helper_returns_is_that_librarys_client(tmp_path):
    L = lambda needle: line_of("ssh_factory.py", needle)  # noqa: E731
    assert rows(audit("ssh_factory.py", tmp_path)) == [
        ("tool-shell-injection", L('ssh.exec_command(f"cd {REMOTE_ROOT}'), "check_calculation_result",
         "tool 'check_calculation_result' passes parameter 'calculation_id' to paramiko .exec_command(): "
         "OS command injection (the command line runs in the remote host's shell)"),
    ]
