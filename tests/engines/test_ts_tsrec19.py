"""General causes of the TypeScript ledger's wrong rows and missed hazards (tsrec19), each on a
fixture of our own with a safe twin (``fixtures/typescript/tsrec19``):

* the response of a request made through an HTTP client object (``axios.create()``'s
  ``client.post(...)``) is the service's answer, as ``fetch``'s already was: an id it returns,
  placed in the next request's path, is not the caller's path fill (``clientresponse``);
* an arguments object spread into a literal with some properties overridden (``{ ...args,
  includeTypes: true }``) and handed to a helper: a property the literal does not list is the
  spread's property of that name, not the first listed one (``spreadargs``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tsrec19/clientresponse", "tsrec19/spreadargs"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


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
