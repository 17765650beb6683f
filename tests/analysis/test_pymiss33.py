"""Python holdout hazards the scan missed (pymiss33, issue 12): registration helpers that wrap the
function they are handed in some branches, Adobe scripting bridges as code sinks, ..."""

from __future__ import annotations

from pyflowgroups import FlowGroups

GROUPS = FlowGroups("pymiss33")


# -- a registration helper that rebinds the handed function through imported decorators --------

def test_a_helper_registering_a_wrapped_or_bare_function_registers_it():
    assert GROUPS.tools("wrapped_helper") == ["rename_layer", "set_opacity"]
    line = GROUPS.line_of("wrapped_helper", "pslayers/psapp.py", "self.app.doJavaScript(script)")
    assert GROUPS.rows("wrapped_helper") == [("pslayers/psapp.py", line, "tool-code-injection", "rename_layer")]
    assert GROUPS.message("wrapped_helper", "tool-code-injection", "rename_layer").startswith(
        "tool 'rename_layer' passes parameter 'name' to doJavaScript() (ExtendScript run by the Adobe "
        "application; app.system() runs commands): code injection")


def test_a_helper_whose_every_branch_registers_a_wrapper_that_never_calls_it_registers_none():
    assert GROUPS.tools("wrapped_helper_stub") == []
    assert GROUPS.rows("wrapped_helper_stub") == []
