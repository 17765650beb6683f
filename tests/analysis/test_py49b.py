"""Causes fixed by branch py49b (fixtures/taint/py49b/, each with a safe twin).

* Interpreters that take their program in an option (``wolframscript -code``, ``node -e``,
  ``ruby -e``, ``Rscript -e``...: the models' ``code-programs``): the element after the option is
  source code (code execution or code injection), not argument injection; ``wolframscript``'s
  options take the next element as their value (``option-operands``).
"""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

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
