"""What ``mcpaudit rules`` and ``mcpaudit explain`` print.

``rules`` lists every rule of every engine as a short block (id, engine, severity, CWE, tags,
summary) wrapped at word boundaries, never a table whose columns fold ids mid-word in a pipe;
then the tags, which ``--select`` and ``--ignore`` accept like ids. ``--format json`` gives the
same as data.

``explain ID`` answers for a rule id, a checklist document id or a checklist item id
(``000-T1``): for an item, its text, the document's title, section and link, the words it was
taken from, its weight and how mcpaudit decides it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import List, Optional, Sequence

from rich.console import Console
from rich.text import Text

from .models import RuleMeta
from .textsafe import literal

__all__ = ["explain", "print_rules", "rules_json"]


def rules_json(metas: Sequence[RuleMeta]) -> str:
    """Every rule as a JSON list (id, engine, severity, confidence, cwe, tags, summary, help)."""
    return json.dumps([{"id": m.id, "engine": m.engine, "severity": m.severity.label,
                        "confidence": m.confidence.label, "cwe": list(m.cwe), "tags": list(m.tags),
                        "summary": m.summary, "help_uri": m.help_uri} for m in metas], indent=2)


def _emit(console: Console, text: Text, indent: int = 0, hang: Optional[int] = None) -> None:
    from .reporters.rich import emit

    emit(console, text, indent, hang)


def print_rules(metas: Sequence[RuleMeta], console: Console) -> None:
    """The rules, one block each, then the tags with how many rules carry each."""
    from . import __version__

    _emit(console, Text(f"mcpaudit {__version__}: {len(metas)} rules", style="bold"))
    console.print()
    for m in metas:
        head = Text(m.id, style="bold")
        head.append(f"  {m.engine} · {m.severity.label}", "dim")
        if m.cwe:
            head.append(" · " + ", ".join(m.cwe), "dim")
        _emit(console, head, hang=2)
        _emit(console, Text(literal(m.summary)), indent=2)
        tags = [t for t in m.tags if t != m.engine]
        if tags:
            _emit(console, Text("tags: " + ", ".join(tags), style="dim"), indent=2, hang=8)
    counts = Counter(t for m in metas for t in m.tags)
    console.print()
    _emit(console, Text("Tags (select or ignore every rule that has one: --select injection)", style="bold"))
    _emit(console, Text(", ".join(f"{t} ({n})" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))),
          indent=2)
    _emit(console, Text("A CWE selects its rules too: --ignore cwe-532", style="dim"), indent=2)


def explain(ident: str, console: Console) -> bool:
    """Print what ``ident`` is (a rule, a checklist or a checklist item); False when unknown."""
    from .catalog import catalog  # (api.all_rule_metas without the scan pipeline's imports)
    from .engines import ENGINES

    metas, _ = catalog().rule_metas(list(ENGINES))
    meta = next((m for m in metas if m.id == ident), None) or next(
        (m for m in metas if m.id.lower() == ident.lower()), None)
    if meta is not None:
        _explain_rule(meta, console)
        return True
    from .checklists import explain_checklist, list_checklist_ids, load_checklists

    ids = list_checklist_ids()
    chosen = ident if ident in ids else next((c for c in ids if c.lower() == ident.lower()), None)
    if chosen is not None:
        console.print(Text(explain_checklist(chosen)), soft_wrap=True)
        return True
    for cl in load_checklists():
        for n, item in enumerate(cl.items, 1):
            if item.id.lower() == ident.lower():
                _explain_item(cl, item, n, console)
                return True
    import difflib

    pool = [m.id for m in metas] + ids + [i.id for cl in load_checklists() for i in cl.items]
    close = difflib.get_close_matches(ident, pool, n=5, cutoff=0.6)
    close += [p for p in pool if ident.lower() in p.lower() and p not in close][: 5 - len(close)]
    hint = f" Did you mean: {', '.join(close)}?" if close else " 'mcpaudit rules' lists the rules."
    console.file.flush()
    import click

    click.echo(f"mcpaudit: unknown rule, checklist or checklist item {ident!r}.{hint}", err=True)
    return False


def _explain_rule(meta: RuleMeta, console: Console) -> None:
    from rich.markdown import Markdown
    from rich.syntax import Syntax

    console.print(Text(f"{meta.id}  ({meta.engine})", style="bold"))
    console.print(Text(meta.summary))
    console.print(Text(f"severity {meta.severity.label} · confidence {meta.confidence.label} · "
                       f"{', '.join(meta.cwe) or 'no CWE'}"))
    if meta.tags:
        console.print(Text("tags: " + ", ".join(meta.tags), style="dim"))
    if meta.description:
        console.print(Markdown(meta.description))
    if meta.fix:
        console.print(Text("Fix: " + meta.fix, style="green"))
    for title, examples in (("Flagged", meta.invalid), ("Not flagged", meta.valid)):
        for ex in examples:
            where = f" (line {', '.join(map(str, ex.lines))})" if ex.lines else ""
            console.print(Text(f"\n{title}{where}:", style="bold"))
            console.print(Syntax(ex.code, "python", line_numbers=True, highlight_lines=set(ex.lines)))


def _explain_item(cl, item, number: int, console: Console) -> None:
    from .checklists import SEVERITY_WEIGHTS, describe_decision
    from .catalog import catalog

    engines = {}
    for name in ("cst", "semgrep"):
        try:
            engines.update({rid: name for rid in catalog().known_rule_ids([name])})
        except Exception:  # a broken pack: the decision still reads, without engine names
            pass
    rows: List[tuple] = [
        ("checklist", f"{cl.id} (item {number} of {len(cl.items)})"),
        ("document", cl.source or cl.title),
        ("section", item.list),
        ("link", cl.url or f"not recorded (the copy mcpaudit was built from: {cl.document})"),
        ("quote", f'"{item.source_excerpt}"'),
        ("weight", f"{item.severity} ({SEVERITY_WEIGHTS.get(item.severity, '?')})"),
        ("decided", describe_decision(item, engines)),
    ]
    if item.note:
        rows.append(("note", item.note))
    _emit(console, Text.assemble((item.id, "bold"), "  ", item.text), hang=2)
    for label, value in rows:
        _emit(console, Text.assemble((f"{label:<10}", "dim"), value), indent=2, hang=12)
    _emit(console, Text(f"Scoring: 'mcpaudit explain {cl.id}' shows every item of the document and the formula.",
                        style="dim"), indent=2)
