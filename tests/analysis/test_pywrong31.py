"""Issue 12, branch pywrong31 (Python wrong findings by general cause): ``fixtures/taint/pywrong31``.

* a containment check on a path wrapped back into a path or a string (``Path(os.path.normpath(p))
  .is_relative_to(root)``, ``str(os.path.normpath(p)).startswith(root + os.sep)``) is the check of
  the normalised ``p``: a helper that raises unless it holds returns a contained path, also when
  the tools reach it through an attribute of another object (verdicts._path_wrapper);
* the twin: the wrapped form keeps '..' (``expanduser``) or is not normalised at all (``Path(p)``),
  so both reads stay reported;
* helm lint, helm dependency list/build/update and helm repo update take no option that runs a
  program, writes a chosen file or reaches the cluster (the process models' option-hazards): a
  chart path read as an option there is no argument injection; helm template's is;
* ``re.sub(p, "_", x) or x`` (or ``x.replace(a, b) or x``, both non-empty) falls back to ``x``
  only when ``x`` is empty: the fallback carries nothing (orfallback.py); an empty replacement or
  a group reference can empty the name, and the twin's raw fallback stays reported;
* a value refused when absolute and when its ``os.path.normpath`` form starts with '..' climbs no
  folder (dotparts.leading_climb), and a check of that normal form vouches for the value it was
  made from (dotparts.with_source); without the is-absolute refusal, or with the '..' test on
  the value as written, the twins stay reported.
"""

from __future__ import annotations

from pyflowgroups import FixtureFiles, FlowGroups, TAINT_FIXTURES, line_in, rows

groups = FlowGroups("pywrong31")
files = FixtureFiles("pywrong31")


def test_a_wrapped_normalised_path_checked_against_the_root_is_contained():
    assert groups.found("helperpath") == []


def test_a_wrapped_path_that_keeps_dots_or_is_not_normalised_proves_nothing():
    src = TAINT_FIXTURES / "pywrong31" / "helperpath_twin" / "server.py"
    found = sorted(groups.found("helperpath_twin"), key=lambda f: f.location.line)
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("tool-path-traversal", line_in(src, "with open(self.path_of(name)"), "read_memory"),
        ("tool-path-traversal", line_in(src, "with open(path, encoding"), "read_journal"),
    ]
    assert found[0].message == "tool 'read_memory' passes parameter 'name' to open(): path traversal / arbitrary file access"
    assert found[1].message.startswith("tool 'read_journal' passes parameter 'name' to open(): path traversal / "
                                       "arbitrary file access; only a weak check on the way: startswith() on a "
                                       "path that was not resolved first")


def test_helm_lint_and_dependency_take_no_hazardous_option(tmp_path):
    name = "helm_lint.py"
    found = rows(files.audit(name, tmp_path))
    assert found == [
        ("tool-argument-injection", files.line_of(name, "cmd, capture_output=True, text=True).stdout  # expect"),
         "render_chart_preview", "tool 'render_chart_preview' passes parameter 'chart_path' to subprocess.run(): argument injection "
         "(a value starting with '-' is read as an option (no '--' before it)")]
    # lint_chart's and update_dependencies' chart paths can only pick how the chart is checked


def test_a_fallback_to_the_raw_value_of_a_non_emptying_substitution_carries_nothing(tmp_path):
    name = "or_fallback.py"
    found = rows(files.audit(name, tmp_path))
    head = "passes parameter '{}' to open(): path traversal / arbitrary file access"
    assert found == [
        ("tool-path-traversal", files.line_of(name, "draft_id) or draft_id") + 1,
         "fetch_draft_text", "tool 'fetch_draft_text' " + head.format("draft_id")),
        ("tool-path-traversal", files.line_of(name, "copy_id) or copy_id") + 1,
         "fetch_copy_text", "tool 'fetch_copy_text' " + head.format("copy_id")),
    ]
    # read_paper: re.sub(p, "_", paper_id) or paper_id falls back only to the empty string


def test_which_substitutions_can_empty_a_string():
    import libcst as cst

    from mcpaudit.analysis.orfallback import empty_fallback

    class _Mod:
        def dotted(self, node):
            return "re.sub" if cst.Module([]).code_for_node(node) == "re.sub" else None

    def falls_back(code: str) -> bool:
        return empty_fallback(_Mod(), cst.parse_expression(code))

    assert falls_back('re.sub(r"[^a-z]+", "_", x) or x')
    assert falls_back('x.replace("/", "_") or x')
    assert not falls_back('re.sub(r"[^a-z]+", "", x) or x')  # drops characters: can be empty
    assert not falls_back('re.sub(r"(a*)b", r"\\1", x) or x')  # a group reference can be empty
    assert not falls_back('x.replace("/", "") or x')
    assert not falls_back('re.sub(r"[^a-z]+", "_", x) or y')  # another value
    assert not falls_back('re.sub(r"[^a-z]+", "_", x) and x')


def test_a_relative_path_whose_normal_form_does_not_climb_stays_under_its_folder(tmp_path):
    name = "leading_climb.py"
    found = rows(files.audit(name, tmp_path))
    head = "tool '{}' passes parameter 'file_path' to open(): path traversal / arbitrary file access"
    assert found == [
        ("tool-path-traversal", files.line_of(name, "os.path.join(BASE, norm_path)"), "read_any", head.format("read_any")),
        ("tool-path-traversal", files.line_of(name, "os.path.join(BASE, file_path), encoding=\"utf-8\") as f:  # expect"),
         "read_as_written", head.format("read_as_written")),
    ]
