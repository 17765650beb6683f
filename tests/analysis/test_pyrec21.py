"""Causes fixed by branch pyrec21 (fixtures/taint/pyrec21/, each with a safe twin).

* A method that stores a value of its own call on its object and then calls a method of the
  object (``self.source = source; self.fn = self._compile()``, in a constructor or a setter):
  the called method's ``self.source`` is that value (fields.FieldState._own_stores). A store made
  after the call is not read by it (twin ``LateRule``), and a method that only formats the field
  reaches nothing (twin ``Label``).
* A setter called on an object the tool built, before the method that reads the field
  (``m = Macro(n); m.set_expr(e); m.run()``): what the setter stored is that object's field
  (fields.FieldState._call_stores, as for the constructor); a setter called after it is not (twin
  ``preview_macro``).
* ``self.system = rule_system``, a lower-case object imported from a project module: calls
  ``self.system.add_rule(...)`` land in the method of the class that module built it from
  (resolution._imported_object).
* A secret of the server's spliced into the URL the caller gives (``url.replace("https://",
  f"https://{TOKEN}@")``) behind a substring test (``"github.com" in url``, which fixes no host)
  is no fetch tool's purpose: tool-ssrf, not the network capability (capabilities.as_is). The
  twins: the splice behind a start-of-URL test, a fetch of the caller's URL with no token.
"""

from __future__ import annotations

import shutil

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import FixtureFiles, line_in, rows

_FILES = FixtureFiles("pyrec21")
audit = _FILES.audit
line_of = _FILES.line_of


def test_a_constructor_store_compiled_by_its_own_method_call(tmp_path):
    L = lambda needle: line_of("init_compiled.py", needle)  # noqa: E731
    found = audit("init_compiled.py", tmp_path)
    assert rows(found) == [
        ("tool-code-injection", L("exec(self.source, namespace)"), "create_hook",
         "tool 'create_hook' passes parameter 'source' to exec(): code injection (restricted "
         "__builtins__ do not sandbox it: ().__class__.__mro__ still reaches every class)"),
        ("tool-code-injection", L("return eval(self.expr)"), "run_macro",
         "tool 'run_macro' passes parameter 'expr' to eval(): code injection"),
    ]
    by_tool = {f.tool: f for f in found}
    assert L("self.source = source") in [s.location.line for s in by_tool["create_hook"].flow]
    assert L("macro.set_expr(expr)") in [s.location.line for s in by_tool["run_macro"].flow]
    low = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW)).findings
    # the twins: the store after the call, the method that only logs the stored name, the
    # setter called after the method ran
    assert not [f for f in low if f.tool in ("create_rule", "create_label", "preview_macro")]
    assert not [f for f in low if "preview_macro" in f.message]


def test_an_imported_module_object_kept_in_a_field_is_followed(tmp_path):
    root = _FILES.root / "hookpkg"
    shutil.copytree(root, tmp_path / "hookpkg")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    found = [f for f in res.findings + res.capabilities if f.tool]
    assert rows(found) == [
        ("capability-code-execution", line_in(root / "system.py", "exec(self.code, scope)"), "create_rule",
         "tool 'create_rule' evaluates code the caller writes: parameter 'code' reaches exec() as is"),
    ]
    assert found[0].location.path.endswith("system.py")



def test_a_token_spliced_into_the_callers_url_is_no_fetch_purpose(tmp_path):
    L = lambda needle: line_of("token_url.py", needle)  # noqa: E731
    found = audit("token_url.py", tmp_path)
    assert rows(found) == [
        ("capability-network-request", L("requests.get(url, timeout=30).text"), "fetch_page",
         "tool 'fetch_page' fetches any URL the caller gives: parameter 'url' reaches requests.get() as is"),
        ("tool-ssrf", L("requests.get(url, timeout=30).content"), "fetch_private_archive",
         "tool 'fetch_private_archive' passes parameter 'url' to requests.get(): server-side request forgery "
         "(a secret of the server's is spliced into the URL: it goes to the caller's host)"),
    ]
    low = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW)).findings
    assert not [f for f in low if f.tool == "fetch_release_asset"]
