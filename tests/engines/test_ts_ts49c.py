"""Tool discovery and sinks missed by the thirty-fifth TypeScript holdout (ts49c,
``fixtures/typescript/ts49c``).

* ``subclass``: a project subclass of the SDK's ``McpServer`` whose own methods forward the
  caller's arguments to ``McpServer.prototype.registerTool.call(this, ...)`` (through a private
  method taking ``...args``) or to ``super.registerTool(name, config, cb)``; every module
  registers with ``server.addToolWithWriteAccess("x", "d", {shape}, cb)``. Those calls are the
  tools' registrations (``analysis/ts/serverwrappers.py``); the upload tool's handler calls a
  method of its own class that calls ``this.client.uploadFile(...)``, ``client`` being a
  parameter property of the base class in another module (``records.FIELD``,
  ``returntypes.inherited_field``). The twin reads fixed paths.
* ``selenium``: selenium-webdriver (``rules/models/typescript``: ``webdriver`` and
  ``browser-options`` receivers). ``chromeOptions.addArguments(arg)`` with the caller's switches is
  argument injection (Chromium's ``--renderer-cmd-prefix`` runs a program), ``driver.get(url)`` a
  request that also opens ``file://`` URLs, and ``driver.executeScript(script)`` runs the caller's
  script in the page. ``Builder`` is destructured from the package's default import (``const {
  Builder } = pkg``, ``analysis/ts/imported.py``), and the driver handed out by a getter from a
  Map is a WebDriver by its name. The twin refuses extra switches, opens a fixed URL and runs a
  fixed script.
* ``l402``: ``@getalby/lightning-tools``' ``l402.fetchWithL402(url, init, ...)`` is a fetch of the
  URL (a vendor SDK's fetch wrapper); the twin fixes the host.
"""

from __future__ import annotations

from test_ts_engine import audit_low, line_of, scan

from mcpaudit.analysis.ts.serverwrappers import SRVWRAP, server_wrappers

G = "ts49c"


def _caps(res, rule):
    return sorted((c for c in res.capabilities if c.rule_id == rule), key=lambda c: (c.location.path, c.location.line))


def test_subclass_registration_methods_are_found_with_their_layout():
    src = (f"fixtures/typescript/{G}/subclass/src/mcp/CustomMcpServer.ts")
    from pathlib import Path

    data = Path(__file__).resolve().parents[2].joinpath(src).read_bytes()
    got = server_wrappers([("src/mcp/CustomMcpServer.ts", data)])
    assert got == {SRVWRAP: "\x1f".join(["CustomMcpServer.addConfiguredTool=registerTool",
                                           "CustomMcpServer.addToolWithReadAccess=tool",
                                           "CustomMcpServer.addToolWithWriteAccess=tool"])}


def test_tools_registered_through_a_subclass_wrapper_are_discovered():
    for group in (f"{G}/subclass", f"{G}/subclass_safe"):
        _, project = scan(group)
        tools = {t.name: t for t in project.tools}
        assert set(tools) == {"stories-upload-file", "stories-ping", "stories-list-folder"}, group
        assert tools["stories-upload-file"].description == "Upload a file and attach it to a story."
        assert [p.name for p in tools["stories-upload-file"].parameters] == ["storyId", "filePath"]
        assert tools["stories-list-folder"].description == "List the entries of a folder."


def test_the_upload_through_a_base_class_field_is_a_file_read(tmp_path):
    res = audit_low(tmp_path, f"{G}/subclass")
    caps = _caps(res, "capability-file-access")
    read = line_of("src/client/wrapper.ts", "readFileSync(filePath)", f"{G}/subclass")
    listing = line_of("src/tools/stories.ts", "readdirSync(folder)", f"{G}/subclass")
    assert [(c.location.path, c.location.line, c.tool) for c in caps] == [
        ("src/client/wrapper.ts", read, "stories-upload-file"),
        ("src/tools/stories.ts", listing, "stories-list-folder")]
    assert caps[0].message.startswith("tool 'stories-upload-file' reads any file the caller names: parameter "
                                      "'filePath' reaches fs.readFileSync() as is")


def test_the_twin_reading_fixed_paths_reports_nothing(tmp_path):
    res = audit_low(tmp_path, f"{G}/subclass_safe")
    assert not [c for c in res.capabilities if c.tool]
    assert not [f for f in res.findings if f.tool]


def test_selenium_switches_navigation_and_script(tmp_path):
    group = f"{G}/selenium"
    res = audit_low(tmp_path, group)
    [arg] = [f for f in res.findings if f.rule_id == "tool-argument-injection"]
    assert (arg.location.path, arg.location.line, arg.tool) == (
        "server.js", line_of("server.js", "chromeOptions.addArguments(arg)", group), "start_browser")
    assert arg.message.startswith("tool 'start_browser' passes parameter 'options' to selenium-webdriver "
                                  "Options.addArguments(): argument injection")
    [nav] = [f for f in res.findings if f.rule_id == "tool-ssrf"]
    assert (nav.location.path, nav.location.line, nav.tool) == (
        "server.js", line_of("server.js", "await driver.get(url)", group), "navigate")
    assert nav.message == ("tool 'navigate' passes parameter 'url' to WebDriver.get(): server-side request forgery "
                           "(the browser also opens file:// URLs, local files)")
    [code] = _caps(res, "capability-code-execution")
    assert (code.location.line, code.tool) == (line_of("server.js", "driver.executeScript(script)", group),
                                               "execute_script")
    assert code.message.startswith("tool 'execute_script' evaluates code the caller writes: parameter 'script' "
                                   "reaches WebDriver.executeScript() as is")


def test_selenium_twin_with_fixed_switches_url_and_script_is_quiet(tmp_path):
    res = audit_low(tmp_path, f"{G}/selenium_safe")
    assert not [f for f in res.findings if f.tool]
    assert not [c for c in res.capabilities if c.tool]


def test_a_vendor_fetch_wrapper_is_a_request(tmp_path):
    group = f"{G}/l402"
    res = audit_low(tmp_path, group)
    [cap] = _caps(res, "capability-network-request")
    assert (cap.location.path, cap.location.line, cap.tool) == (
        "server.ts", line_of("server.ts", "l402.fetchWithL402(endpoint", group), "get_quote")
    assert cap.message.startswith("tool 'get_quote' fetches any URL the caller gives: parameter 'endpoint' reaches "
                                  "@getalby/lightning-tools.l402.fetchWithL402() as is")
    safe = audit_low(tmp_path, f"{G}/l402_safe")
    assert not [c for c in safe.capabilities if c.tool]
    assert not [f for f in safe.findings if f.tool]
