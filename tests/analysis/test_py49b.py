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
