"""The catalog's pieces agree: families, rules, hazards, models, checklists and docs.

Every rule id named anywhere (checklists, the README and docs, inline suppressions and configs of
the fixtures) must exist; the generated docs/rules.md must be current.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mcpaudit.catalog import Catalog, ModelError, catalog
from mcpaudit.catalog import docs as catalog_docs
from mcpaudit.checklists import load_checklists
from mcpaudit.checks import all_rules

ROOT = Path(__file__).resolve().parents[1]
_BANDIT = re.compile(r"^B\d{3}$")


def test_every_taint_rule_has_a_family_and_every_family_one_rule():
    cat = catalog()
    taint_rules = {cls.FAMILY: rid for rid, cls in all_rules().items() if cls.FAMILY}
    assert {f: fam.rule for f, fam in cat.families.items()} == taint_rules
    for fam in cat.families.values():
        assert all_rules()[fam.rule].FAMILY == fam.id


def test_every_family_but_returns_has_sinks_in_the_models():
    cat = catalog()
    for fid in cat.families:
        if fid in ("return", "read-only", "annotation"):
            continue  # decided from returns, from checks on query flows and from tool claims
        assert cat.family_sinks(fid), fid


def test_every_cwe_of_our_rules_names_a_hazard_for_merging():
    cat = catalog()
    metas, errors = cat.rule_metas(("cst", "semgrep"))
    assert not errors
    for m in metas:
        assert any(c in cat.hazard_of_cwe for c in m.cwe), (m.id, m.cwe)


def test_checklists_name_only_rules_that_exist():
    cat = catalog()
    known = cat.known_rule_ids()
    bandit = {m.id for m in cat.rule_metas(("bandit",))[0]}
    for cl in load_checklists():
        for item in cl.items:
            for rid in item.rules:
                if _BANDIT.match(rid):
                    assert rid in bandit, (cl.id, item.id, rid)
                else:
                    assert rid in known, (cl.id, item.id, rid)


def _named_ids(text: str):
    """Rule ids a document names: inline suppressions, select/ignore lists, severity tables,
    `mcpaudit explain ID`, and the README's rule table."""
    for m in re.finditer(r"ignore\[([^\]]+)\]", text):
        for rid in m.group(1).split(","):
            yield rid.strip()
    for m in re.finditer(r"^(?:select|ignore)\s*=\s*\[([^\]]*)\]", text, re.M):
        yield from re.findall(r"\"([^\"]+)\"", m.group(1))
    for m in re.finditer(r"^\[tool\.mcpaudit\.severity\]\n((?:[\w-]+\s*=.*\n)+)", text, re.M):
        yield from re.findall(r"^([\w-]+)\s*=", m.group(1), re.M)
    yield from re.findall(r"mcpaudit explain ([a-z][a-z0-9-]+)\b", text)
    if "| id | severity | CWE | summary |" in text:  # the README's rule table
        yield from re.findall(r"^\| `([a-z][a-z0-9-]+)` \|", text, re.M)


def test_rule_ids_named_in_docs_and_fixtures_exist():
    cat = catalog()
    known = cat.known_rule_ids() | {c.id for c in load_checklists()}
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    texts += sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".py", ".toml"))
    missing = []
    for path in texts:
        if path.name == "rules.md":
            continue
        for rid in _named_ids(path.read_text(encoding="utf-8")):
            if rid and rid not in known and not _BANDIT.match(rid) and rid not in ("rule-id", "a-rule"):
                missing.append((path.relative_to(ROOT).as_posix(), rid))
    assert missing == []


def test_docs_rules_md_is_current():
    """Regenerate with: python -m mcpaudit.catalog.docs > docs/rules.md"""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == catalog_docs.render(catalog())


def test_help_uris_resolve_to_anchors_in_docs_rules_md():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    metas, _ = catalog().rule_metas(("cst", "semgrep"))
    for m in metas:
        assert m.help_uri.endswith("docs/rules.md#" + m.id)
        assert f'<a id="{m.id}"></a>' in text


def _catalog_with(tmp_path, extra: str) -> Catalog:
    """A catalog of a copy of rules/ with one more model file."""
    rules = tmp_path / "rules"
    (rules / "models" / "python").mkdir(parents=True)
    for name in ("families.yaml", "hazards.yaml"):
        (rules / name).write_text((ROOT / "rules" / name).read_text())
    for p in (ROOT / "rules" / "models" / "python").glob("*.yaml"):
        (rules / "models" / "python" / p.name).write_text(p.read_text())
    (rules / "models" / "python" / "zz.yaml").write_text(extra)
    return Catalog(rules)


def test_a_model_row_with_an_unknown_family_is_refused(tmp_path):
    cat = _catalog_with(tmp_path, "sinks:\n  - family: shel\n    calls: [x.run]\n    example: |\n      $CALL(x)\n")
    with pytest.raises(ModelError, match=r"zz.yaml sinks\[0\]: unknown family 'shel'"):
        cat.python


def test_a_sink_listed_twice_is_refused(tmp_path):
    cat = _catalog_with(tmp_path, "sinks:\n  - family: shell\n    calls: [os.system]\n    example: |\n      $CALL(x)\n")
    with pytest.raises(ModelError, match="os.system is already a sink in process.yaml"):
        cat.python


def test_a_row_without_an_example_is_refused(tmp_path):
    cat = _catalog_with(tmp_path, "sinks:\n  - family: shell\n    calls: [zz.run]\n")
    with pytest.raises(ModelError, match=r"zz.yaml sinks\[0\]: every row needs an example"):
        cat.python


def test_family_declared_by_matches_whole_words_and_marked_stems():
    """A tool says it has a capability by name, description or parameter; 'evaluate' is not 'eval'."""
    code = catalog().families["code"]
    assert code.declared("python", "Evaluate Python code.")
    assert code.declared("runScript", None)  # camelCase split: 'script'
    assert code.declared("tool", "", "code")  # the parameter's name
    assert not code.declared("calculate", "Evaluate an arithmetic expression.", "expression")
    shell = catalog().families["shell"]
    assert shell.declared("run_command", "")
    assert not shell.declared("weather", "Current weather for a city.", "city")
    path = catalog().families["path"]
    assert path.declared("load", "", "filepath")
    assert catalog().families["argument"].declared("anything")  # no words listed: always
