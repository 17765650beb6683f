"""``docs/rules.md``, written from the catalog: every rule of our own engines with its
documentation, examples, the checklist items it decides and (for taint rules) the sinks the
library models list for it. ``tests/test_catalog.py`` checks that the file is current.

    python -m mcpaudit.catalog.docs > docs/rules.md
"""

from __future__ import annotations

import sys
from typing import List

from . import Catalog, catalog

_HEADER = """# Rules

<!-- Generated from the catalog by `python -m mcpaudit.catalog.docs > docs/rules.md`; do not edit.
     tests/test_catalog.py fails when this file is not current. -->

Every rule of mcpaudit's own engines: the **cst** engine (taint from MCP handler parameters to
sinks, tool-description and transport checks; `mcpaudit/checks/`) and the **semgrep** packs
(`rules/semgrep/`). `mcpaudit explain ID` prints the same text in the terminal. bandit's tests are
documented by bandit (see [bandit tests](#bandit-tests) at the end).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rule_section(cat: Catalog, meta, refs) -> List[str]:
    out = [f'<a id="{meta.id}"></a>', "", f"## {meta.id}", ""]
    facts = [f"**engine** {meta.engine}", f"**severity** {meta.severity.label}",
             f"**confidence** {meta.confidence.label}"]
    if meta.cwe:
        facts.append("**CWE** " + ", ".join(meta.cwe))
    tags = [t for t in meta.tags if t != "security"]
    if tags:
        facts.append("**tags** " + ", ".join(f"`{t}`" for t in tags))
    out += [" · ".join(facts), "", f"_{meta.summary}_", ""]
    if meta.description:
        # the description's own sections sit below the rule's heading
        body = "\n".join("###" + ln[2:] if ln.startswith("## ") else ln for ln in meta.description.strip().splitlines())
        out += [body, ""]
    if meta.fix:
        out += [f"**Fix.** {meta.fix}", ""]
    family = next((f for f in cat.families.values() if f.rule == meta.id), None)
    if family is not None:
        sinks = cat.family_sinks(family.id)
        if sinks:
            out += ["**Sinks** (from `rules/models/python/`): " + ", ".join(f"`{s}`" for s in sinks), ""]
    if refs.get(meta.id):
        out += ["**Decides checklist items:** " + "; ".join(
            f"`{item}` ({_cell(text)[:90]})" for _cl, item, text in refs[meta.id]), ""]
    for title, examples in (("Reported", meta.invalid), ("Not reported", meta.valid)):
        for ex in examples:
            lang = "typescript" if "lang/typescript" in meta.tags or "lang/ts" in meta.tags else "python"
            where = f" (line {', '.join(map(str, ex.lines))})" if ex.lines else ""
            out += [f"{title}{where}:", "", f"```{lang}", ex.code.rstrip("\n"), "```", ""]
    return out


def render(cat: Catalog) -> str:
    """The whole of ``docs/rules.md``."""
    metas, _ = cat.rule_metas(("cst", "semgrep"))
    refs = cat.checklist_refs()
    lines = [_HEADER, "| id | engine | severity | CWE | summary |", "|---|---|---|---|---|"]
    for m in metas:
        lines.append(f"| [`{m.id}`](#{m.id}) | {m.engine} | {m.severity.label} | {', '.join(m.cwe)} | {_cell(m.summary)} |")
    lines.append("")
    for m in metas:
        lines += _rule_section(cat, m, refs)
    lines += [
        '<a id="bandit-tests"></a>', "", "## bandit tests", "",
        "mcpaudit runs every bandit test except those `rules/bandit.yaml` skips (each skip has its reason",
        "there). Their documentation is bandit's own: <https://bandit.readthedocs.io/en/latest/plugins/index.html>",
        "and, for the blacklist tests (B3xx, B4xx),",
        "<https://bandit.readthedocs.io/en/latest/blacklists/index.html>. `mcpaudit rules --engine bandit`",
        "lists the tests the installed bandit has.", "",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    sys.stdout.write(render(catalog()))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
