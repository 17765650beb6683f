"""Bandit value findings judged by how the literal is used (pyband33, issue 12): a parameter default
the function never reads (B108/B104), temp-folder text that is a regular expression (B108), a
function's local list of temp roots only compared against, or one whose entries are normalised where
written (B108), ``"0.0.0.0"`` given to a prefix test (B104), and a hub download (B615) of a model every
caller gives from the operator's configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bandit_tmpuse"


def _marked(path: Path, marker: str) -> list:
    return [i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text]


def _run(tmp_path, name: str):
    from mcpaudit.engines import bandit

    src = FIXTURES / name
    shutil.copy(src, tmp_path / name)
    out = bandit.run([tmp_path / name], tmp_path, timeout=300)
    assert out.ran, out.errors
    return src, out.findings


def _check(src: Path, findings, rule: str) -> None:
    """Every ``expect-low`` line of ``rule`` has its finding, low, every ``stays: <rule>`` line is above low."""
    mine = [f for f in findings if f.rule_id == rule]
    low = {f.location.line for f in mine if f.confidence.label == "low"}
    kept = {f.location.line for f in mine if f.confidence.label != "low"}
    lines = src.read_text().splitlines()
    # every expect-low line of the rule (an address is B104's, a temp path B108's) must have its finding, low
    want_low = {n for n in _marked(src, "# expect-low") if ("0.0.0.0" in lines[n - 1]) == (rule == "B104")}
    assert want_low and low == want_low
    assert kept == set(_marked(src, f"# stays: {rule}"))


def test_an_unused_parameter_default_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines.bandit_forwarded import UNUSED

    src, findings = _run(tmp_path, "handlers.py")
    _check(src, findings, "B108")
    _check(src, findings, "B104")
    line = _marked(src, "expect-low: unused default")[0]
    f = next(f for f in findings if f.location.line == line)
    assert f.rule_id == "B108" and f.message.endswith(f"; {UNUSED} (audit view)")
    assert f.properties["value-context"] == UNUSED
    # the twin that creates the default, and the one read through locals(), stay at medium
    assert {f.location.line: f.confidence.label for f in findings if f.rule_id == "B108"}[
        _marked(src, "twin: the default is created")[0] - 1] == "medium"


def test_a_temp_path_regular_expression_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines.bandit_tmpregex import WHY

    src, findings = _run(tmp_path, "scrubbing.py")
    _check(src, findings, "B108")
    for marker in ("compiled pattern", "a pattern in a list", "a name only used as a pattern"):
        line = _marked(src, marker)[0]
        f = next(f for f in findings if f.location.line == line)
        assert f.rule_id == "B108" and f.message.endswith(f"; {WHY} (audit view)") and f.properties["tmp-context"] == WHY
    # a list holding a pattern and a file name opened from it keeps both hits
    both = _marked(src, "stays: B108")[0]
    assert [f.confidence.label for f in findings if f.location.line == both] == ["medium", "medium"]


def test_local_root_lists_and_normalised_entries_move_to_the_audit_view(tmp_path):
    from mcpaudit.engines.bandit_tmplists import WHY

    src, findings = _run(tmp_path, "roots.py")
    _check(src, findings, "B108")
    for marker in ("a local root list only compared against", "allow-list of normalised entries"):
        f = next(f for f in findings if f.location.line == _marked(src, marker)[0])
        assert f.rule_id == "B108" and f.message.endswith(f"; {WHY} (audit view)") and f.properties["tmp-context"] == WHY


def test_an_address_given_to_a_prefix_test_is_not_bound(tmp_path):
    src, findings = _run(tmp_path, "roots.py")
    _check(src, findings, "B104")
    f = next(f for f in findings if f.location.line == _marked(src, "B104 prefix test")[0])
    assert f.rule_id == "B104" and f.properties["bind-context"].startswith("the address is compared against")
    assert f.message.endswith("(a prefix or suffix test of a host name), not bound (audit view)")


def test_regex_patterns_read_only_re_module_patterns():
    from mcpaudit.engines.bandit_tmpregex import WHY, regex_patterns

    def verdict(body: str) -> dict:
        text = "import re\n" + body
        return regex_patterns(text, [2])

    assert verdict("P = re.compile(r'/tmp/x+')\n") == {2: WHY}
    assert verdict("P = re.compile(pattern=r'/tmp/x+')\n") == {2: WHY}
    assert verdict("P = glob.glob('/tmp/x*')\n") == {}  # a glob lists files: not a regular expression
    assert verdict("P = other.sub('/tmp/x', 'y')\n") == {}  # not the re module
    assert verdict("P = re.sub('x', '/tmp/y', s)\n") == {}  # the replacement text


def test_an_unused_default_needs_a_function_that_names_it_nowhere():
    from mcpaudit.engines.bandit_forwarded import UNUSED, forwarded_defaults

    text = ("def a(x='/tmp/a'):\n    return 1\n"
            "def b(x='/tmp/b'):\n    def inner():\n        return open(x)\n    return inner\n"
            "def c(x='/tmp/c'):\n    return vars()\n")
    assert forwarded_defaults(text, [(1, 8), (3, 8), (7, 8)]) == {(1, 8): UNUSED}


def _scan_package(tmp_path, names):
    from mcpaudit.engines import bandit

    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name in names:
        shutil.copy(FIXTURES.parent / "bandit_hubcallers" / name, pkg / name)
    out = bandit.run(sorted(pkg.glob("*.py")), tmp_path, timeout=300)
    assert out.ran, out.errors
    return {f.location.line: f for f in out.findings if f.rule_id == "B615" and f.location.path == "pkg/models.py"}


def test_b615_model_every_caller_gives_from_configuration_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines.bandit_hubcallers import WHY

    src = FIXTURES.parent / "bandit_hubcallers" / "models.py"
    got = _scan_package(tmp_path, ["models.py", "tools.py"])
    low = _marked(src, "# expect-low")
    marked = set(low) | set(_marked(src, "# stays"))
    assert {n for n, f in got.items() if f.confidence.label == "low" and n in marked} == set(low)
    assert set(low) <= set(got)  # every expect-low line has its finding
    for n in low:
        assert got[n].message.endswith(f"; {WHY} (audit view)") and got[n].properties["argument-context"] == WHY
    for n in _marked(src, "# stays"):
        assert got[n].confidence.label == "high", (n, got[n].message)


def test_b615_a_caller_in_another_file_keeps_the_finding(tmp_path):
    from mcpaudit.engines.bandit_hubcallers import WHY

    src = FIXTURES.parent / "bandit_hubcallers" / "models.py"
    line = _marked(src, "a caller in tools.py passes a tool argument")[0]
    alone = _scan_package(tmp_path, ["models.py"])  # without the tool module, every caller is a constant
    assert alone[line].confidence.label == "low" and alone[line].message.endswith(f"; {WHY} (audit view)")
