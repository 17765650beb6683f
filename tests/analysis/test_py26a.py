"""Causes of the twenty-sixth Python holdout, reader A (issue 12, branch py26a), each with a twin
that stays quiet (``fixtures/taint/py26a``)."""

from __future__ import annotations

from mcpaudit import api
from mcpaudit.config import Config

from pyflowgroups import FixtureFiles, FlowGroups, rows

files = FixtureFiles("py26a")
groups = FlowGroups("py26a")

_HARM = "options that run a program, touch a file or send a credential elsewhere"


def test_each_lambda_of_a_dispatch_table_keeps_its_own_argv_finding_judged_per_subcommand():
    # every lambda calls its own builder of one shared runner: each builder is its own finding
    # (the runner's memo keeps where the value was added to the argv); install names its harmful
    # options (option-hazards), dependency build none (option-hazards, pywrong31: no finding); install's release, beside
    # the --namespace value, is reported where it was added; create, status and get notes take
    # exactly one positional, the caller's, so as an option it leaves them short (argarity26:
    # audit view); the twin puts '--' first (quiet)
    new = groups.line_of("helmcli", "cmds.py", '["helm", "create", name]')
    deps = groups.line_of("helmcli", "cmds.py", '["helm", "dependency", "build", path]')
    status = groups.line_of("helmcli", "cmds.py", '["helm", "status", release]')
    notes = groups.line_of("helmcli", "cmds.py", '["helm", "get", "notes", release]')
    install = groups.line_of("helmcli", "cmds.py", "cmd.append(release)")
    assert groups.rows("helmcli") == [("cmds.py", install, "tool-argument-injection", "call_tool")]
    assert deps not in {f.location.line for f in groups.found("helmcli", low=True)}
    found = {f.location.line: f.message for f in groups.found("helmcli", low=True)}
    assert found[install] == (
        "tool 'call_tool' passes parameter 'arguments['release']' to subprocess.run() through run_helm() at "
        "runner.py:5: argument injection (added to the argument list after 'helm install' with no '--' before it: "
        f"a value starting with '-' is read as an option; helm install {_HARM}: --kube-apiserver, --post-renderer)")
    assert found[notes].endswith(f"; helm get {_HARM}: --kube-apiserver) (audit view: helm get notes takes "
                                 "exactly 1 positional argument and gets 1, this one among them, so as an option "
                                 "it leaves the command short and helm refuses to run it)")
    assert found[status].endswith("(audit view: helm status takes exactly 1 positional argument and gets 1, "
                                  "this one among them, so as an option it leaves the command short and helm "
                                  "refuses to run it)")
    assert "(audit view: helm create takes exactly 1" in found[new]


def test_a_low_level_decorator_factory_applied_to_an_imported_function_registers_it():
    grep = groups.line_of("applied", "handlers.py", "grep {arguments['pattern']}")
    assert groups.rows("applied") == [("handlers.py", grep, "tool-shell-injection", "dispatch")]
    assert groups.message("applied", "tool-shell-injection", "dispatch") == (
        "tool 'dispatch' passes parameter 'arguments['pattern']' to subprocess.run(shell=True): OS command injection")
    # list_tools()(list_all) lists; only the call_tool handler is a tool (uptime: constant, quiet)
    assert groups.tools("applied") == ["dispatch"]


def test_methods_registered_through_a_base_class_helper_and_a_wrapping_factory_are_tools():
    note = groups.line_of("basehelper", "modules/notes.py", "open(os.path.join(self.root, note))")
    find = groups.line_of("basehelper", "server.py", 'open(f"/srv/index/{word}")')
    assert groups.rows("basehelper") == [("modules/notes.py", note, "tool-path-traversal", "read_note"),
                                         ("server.py", find, "tool-path-traversal", "box_find")]
    # self._add_tool(server, self.list_notes, ...) positionally too; _peek is never registered
    assert groups.tools("basehelper") == ["box_find", "list_notes", "read_note"]


def test_a_caller_value_in_an_odbc_connection_string_is_a_request_to_any_host(tmp_path):
    found = files.audit("odbcdsn.py", tmp_path)
    line = files.line_of("odbcdsn.py", 'pyodbc.connect(f"DSN={dsn or')
    assert rows(found) == [(
        "tool-ssrf", line, "list_tables",
        "tool 'list_tables' passes parameter 'dsn' to connect() connection string: server-side request forgery "
        "(an ODBC connection string")]
    # count_rows: a fixed DSN, the caller's value only bound as a parameter


def test_a_token_requests_status_is_no_secret(tmp_path):
    found = files.audit("tokenstatus.py", tmp_path)
    token = files.line_of("tokenstatus.py", 'log.debug("token %s", self.token)')
    assert rows(found) == [("secret-in-log", token, None,
                            "secret 'resp.json()['access_token']' is written to a log by logging.getLogger.debug()")]


def _http_rows(group: str):
    res = api.audit([groups.root / group], Config(engines=("cst",), cache=False))
    auth = next(f for f in res.facts if f.id == "http.auth")
    return auth.value, sorted((f.rule_id, f.location.line) for f in res.findings if f.rule_id == "http-transport-no-auth")


def test_an_auth_middleware_the_served_app_never_runs_is_no_auth():
    served = groups.line_of("unattached", "server.py", "uvicorn.run(build_app()")
    assert _http_rows("unattached") == (False, [("http-transport-no-auth", served)])
    # the twin adds the middleware to the app it serves: authenticated, nothing reported
    assert _http_rows("attached") == (True, [])
