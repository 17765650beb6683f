"""General causes of the TypeScript ledger's wrong rows and missed hazards (tsrec19), each on a
fixture of our own with a safe twin (``fixtures/typescript/tsrec19``):

* the response of a request made through an HTTP client object (``axios.create()``'s
  ``client.post(...)``) is the service's answer, as ``fetch``'s already was: an id it returns,
  placed in the next request's path, is not the caller's path fill (``clientresponse``);
* an arguments object spread into a literal with some properties overridden (``{ ...args,
  includeTypes: true }``) and handed to a helper: a property the literal does not list is the
  spread's property of that name, not the first listed one (``spreadargs``);
* a monorepo package importing a class of another of its packages by package name (``import {
  Runner } from "@acme/runner-core"``, the package.json beside the sources): calls on a value of
  that type are linked into the package's sources, not dropped as a library's (``monorepo``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tsrec19/clientresponse", "tsrec19/spreadargs", "tsrec19/monorepo"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_client_response_id_is_the_services_not_the_callers():
    found = by_rule("tsrec19/clientresponse", "tool-ssrf")
    line = line_of("server.ts", "const status = await api.get(`/jobs/${jobId}`); // expect", "tsrec19/clientresponse")
    assert [(path, ln, f.tool, f.parameter) for (path, ln), f in found.items()] == [
        ("server.ts", line, "job_status", "jobId")]
    assert "fills the path under the host its base URL fixes" in found[("server.ts", line)].message


def test_a_property_the_literal_does_not_list_is_the_spreads():
    found = by_rule("tsrec19/spreadargs", "tool-ssrf")
    line = line_of("server.ts", "const res = await axios.get(`${REGISTRY}/${name}`, { headers }); // expect",
                   "tsrec19/spreadargs")
    assert [(path, ln, f.tool, f.parameter) for (path, ln), f in found.items()] == [
        ("server.ts", line, "package_doc", "arguments['package']")]
    assert found[("server.ts", line)].message.startswith(
        "tool 'package_doc' passes parameter 'arguments['package']' to axios.get(): server-side request forgery")


def test_a_class_of_a_workspace_package_is_the_projects():
    found = by_rule("tsrec19/monorepo", "tool-shell-injection")
    line = line_of("packages/core/src/runner.ts", "exec(`sh -c", "tsrec19/monorepo")
    assert [(path, ln, f.tool, f.parameter) for (path, ln), f in found.items()] == [
        ("packages/core/src/runner.ts", line, "run_task", "command")]
    assert found[("packages/core/src/runner.ts", line)].message == (
        "tool 'run_task' passes parameter 'command' to child_process.exec(): OS command injection")


def test_package_names_reach_each_module_only_with_a_scanned_entry():
    from mcpaudit.analysis.ts.workspace import PACKAGES
    from mcpaudit.engines.ts import with_workspaces

    packages = {"@acme/runner-core": "packages/core", "@acme/docs": "packages/docs"}
    rels = ["packages/core/src/index.ts", "packages/core/src/runner.ts", "packages/docs/README.md"]
    assert with_workspaces(None, packages, rels) == {PACKAGES: "@acme/runner-core"}
    assert with_workspaces({"a#b": "exec"}, {"@acme/docs": "packages/docs"}, rels) == {"a#b": "exec"}
