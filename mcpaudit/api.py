"""``audit(paths, config) -> AuditResult``: the whole pipeline, no printing.

:func:`audit` reads as the pipeline it runs, one stage a line, each stage in its own module:

1. discover the files (:mod:`mcpaudit.discovery`);
2. run the engines concurrently, and the posture pass as soon as the analysed project exists
   (:mod:`mcpaudit.pipeline`; the engines are :data:`mcpaudit.engines.ENGINES`);
3. normalise: paths inside the root, snippets (:mod:`mcpaudit.normalise`);
4. filter once: rule selection, severity overrides, confidence (:mod:`mcpaudit.selection`);
5. merge the same hazard reported by several engines (:mod:`mcpaudit.merge`);
6. fingerprint (:mod:`mcpaudit.fingerprint`);
7. triage: inline ignores, baseline, diff (:mod:`mcpaudit.triage`);
8. MCP surface, posture facts, checklists and score (:mod:`mcpaudit.checklists`);
9. statistics.

Reporters and the exit-code :func:`gate` work on the result.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

from . import resultcache
from .agreement import apply_agreement
from .analysis.entryreach import lower_unreached
from .analysis.ts.parse import trees_kept
from .catalog import catalog
from .config import Config, ConfigError
from .discovery import discover, scan_root
from .fingerprint import assign_fingerprints
from .gate import gate
from .inventory import reconcile_http, split_capabilities, surface_status
from .merge import merge
from .models import AuditResult, EngineError, Finding, RuleMeta
from .normalise import attach_snippets, keep_inside_root, tag_code_kind
from .pipeline import EngineRun, run_engines, scan_stats, timeout_error
from .projectinputs import scan_scope
from .selection import enabled_rules, select_findings
from .sources import TEST_CODE_TAG, code_kind
from .triage import triage

__all__ = ["audit", "gate", "all_rule_metas", "scan_root", "discover", "merge"]


def all_rule_metas(engines: Sequence[str]) -> Tuple[List[RuleMeta], List[EngineError]]:
    """Metadata of every rule of the named engines, and an error for each engine whose rules
    cannot be read (a broken pack must not hide the others)."""
    return catalog().rule_metas(engines)


def audit(paths: Sequence[Path], config: Optional[Config] = None,
          progress: Optional[Callable[[str, int, int], None]] = None,
          begun: Optional[resultcache.ScanStart] = None) -> AuditResult:
    """Scan ``paths`` (files or directories; default ``.``) with ``config`` (default settings)
    and return everything the reporters and the gate need. ``progress(engine, done, total)`` is
    called as files are analysed. Raises :class:`ConfigError` for a bad checklist selection.
    ``begun``: the scan's first stage, when the caller ran it already
    (:func:`mcpaudit.resultcache.begin` with the same paths and config)."""
    config = config or Config()
    paths = [Path(p) for p in (paths or [Path(".")])]
    with scan_scope(begun.inputs if begun is not None else None):  # non-source files read once (rev52p)
        return _audit(paths, config, progress, begun or resultcache.begin(paths, config))


def _audit(paths: List[Path], config: Config, progress: Optional[Callable[[str, int, int], None]],
           begun: resultcache.ScanStart) -> AuditResult:
    # nothing changed since the last scan: its result is the answer, and no engine starts
    if begun.reused is not None:
        return begun.reused
    started, root, engines, sources = begun.started, begun.root, begun.engines, begun.sources
    saved, key = begun.cache, begun.key
    result = AuditResult(root=str(root), disabled_by_config=list(config.disabled_by_config))
    result.skipped.extend(sources.skipped)
    # the engines first: semgrep and bandit start their processes at once, and the rule
    # metadata is read while they work (nothing needs it before they are back)
    # a small tree's TypeScript trees, when the ts engine keeps them, serve the posture pass and
    # the suppression comments too (analysis/ts/parse.keep_trees): dropped after the triage
    with trees_kept():
        rules: List[Tuple[List[RuleMeta], List[EngineError]]] = []
        run = run_engines(engines, sources, root, config, started, progress,
                          meanwhile=lambda: rules.append(all_rule_metas(config.engines)))
        metas, meta_errors = rules[0] if rules else all_rule_metas(config.engines)
        result.errors.extend(meta_errors)
        raw = _collect(run, result)
        late = timeout_error(run, engines, config)
        if late is not None:
            result.errors.append(late)

        if run.posture_error is None and run.facts:
            # the rule and the posture fact answer "HTTP without auth?" once, from the posture facts
            raw = reconcile_http(raw, run.facts, run.project.tools if run.project is not None else [], root,
                                 run.project.http_servers if run.project is not None else (), project=run.project)
        raw = keep_inside_root(raw, result.errors)
        tag_code_kind(raw, root, (t.location.path for t in run.project.tools) if run.project is not None else ())
        apply_agreement(raw, run.project)
        lower_unreached(raw, run.project.reach if run.project is not None else None)  # every engine's
        lines = attach_snippets(raw, root, run.project)
        result.rules = enabled_rules(metas, config)
        merged = merge(select_findings(raw, metas, result.rules, config))
        assign_fingerprints(merged, lines)
        accepted = triage(merged, lines, {m.id for m in metas}, root, config)
    shipped = [f for f in accepted.findings if TEST_CODE_TAG not in f.tags]
    result.test_code_findings = len(accepted.findings) - len(shipped)
    result.findings = accepted.findings if config.include_tests else shipped
    result.suppressed, result.fixed = accepted.suppressed, accepted.fixed
    result.warnings.extend(accepted.warnings)
    result.warnings.extend(f"the repository's config disables: {d}" for d in config.disabled_by_config)

    _surface_and_score(result, run, metas, config)
    result.stats = scan_stats(run, sources, len(result.tools), time.monotonic() - started)
    result.stats.test_code_findings = result.test_code_findings
    if saved is not None and key is not None:
        result.stats.cache = {**(result.stats.cache or {}), resultcache.NAMESPACE: {"hits": 0, "misses": 1}}
        resultcache.store(saved, key, result)
    return result


def _collect(run: EngineRun, result: AuditResult) -> List[Finding]:
    """Every engine's findings; its errors and skipped files go into ``result``, and its name
    into ``engines_run`` when it ran without a fatal error."""
    raw: List[Finding] = []
    for name, out in run.outputs.items():
        raw.extend(out.findings)
        result.errors.extend(out.errors)
        result.skipped.extend(out.skipped)
        if out.succeeded:
            result.engines_run.append(name)
    return raw


def _surface_and_score(result: AuditResult, run: EngineRun, metas: Sequence[RuleMeta], config: Config) -> None:
    """The MCP tool inventory, the posture facts, the checklists and the score, into ``result``
    (a posture pass that failed is an error, and decides nothing)."""
    if run.project is not None:
        result.tools = [t for t in run.project.tools if code_kind(t.location.path) in (None, "tooling")]
    if run.posture_error is not None:
        result.errors.append(run.posture_error)
    else:
        result.facts = run.facts
    result.findings, result.capabilities, exposure = split_capabilities(result.findings, result.facts, result.tools)
    result.exposure = exposure.to_dict()
    files = ((p, sf.text) for p, sf in run.project.files.items()) if run.project is not None else ()
    result.surface = surface_status(files, result.tools, run.project.unfollowed if run.project is not None else ())
    try:
        from .checklists import load_checklists
        from .checklists.scoring import evaluate_with_cap
        rule_engines = {m.id: m.engine for m in metas}
        checklists = load_checklists(config.checklists)
        shipped = [f for f in result.findings if TEST_CODE_TAG not in f.tags]  # test code never scores
        caps = [f for f in result.capabilities if TEST_CODE_TAG not in f.tags]
        incomplete = "" if result.surface["complete"] else result.surface["reason"]
        result.checklists, result.score, result.grade, capped = evaluate_with_cap(
            checklists, shipped, result.facts, set(result.engines_run), rule_engines,
            capabilities=caps, incomplete=incomplete)
        notes = [capped] if capped and result.grade else []
        if incomplete and result.grade:
            notes.insert(0, f"incomplete: {incomplete} ({result.surface['evidence']})")
        result.grade_note = "; ".join(notes)
    except (ConfigError, KeyError, ValueError) as exc:
        raise ConfigError(str(exc)) from None
