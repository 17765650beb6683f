"""Semgrep engine: runs our own rule packs (``rules/semgrep/*.yaml``) as a subprocess.

Semgrep always runs offline and quiet: ``--metrics=off --disable-version-check`` (without the
version-check flag an offline run hangs for about 100 s), ``--no-rewrite-rule-ids`` so rule ids
stay ours, our packs combined into one ``--config`` per run (never a registry pack; the paired
``<id>.py`` test files next to the packs are therefore never scanned as rules or targets), and
the caller's file list as explicit absolute targets, chunked so that no command line overflows.

Failures are loud and never produce findings: a missing executable, a crash, a non-zero exit,
a timeout or unreadable JSON give ``EngineOutput(ran=False, errors=[EngineError(fatal=True)])``.
Semgrep's own per-file problems (syntax errors) are non-fatal errors naming the file. A file its
per-rule time limit cut short runs again with a longer limit, and is a fatal error naming it when
that is cut short too (:mod:`.timeouts`).

The rooms:

* :mod:`.packs`   — finding and loading the packs; each rule's metadata (``mcpaudit rules``,
  ``explain``, SARIF);
* :mod:`.scoping` — which rules may match which files (``mcpaudit-requires``, languages), so
  semgrep runs each rule only where it can match;
* :mod:`.runner`  — the command line, the environment and one run per chunk (:func:`run`);
* :mod:`.results` — semgrep's JSON as findings, errors and skipped files;
* :mod:`.timeouts` — the files semgrep's per-rule time limit cut short: run again, or reported.

:data:`ENGINE` is its :class:`~mcpaudit.engines.base.Engine` for the pipeline; it calls this
package's :func:`run` and :func:`rule_metas` by name, so a test can replace either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Sequence, Tuple

from ...models import RuleMeta
from ...sources import PYTHON_SUFFIXES, SCRIPT_SUFFIXES, is_test_path
from ..base import Engine, EngineContext, EngineOutput, Target, dist_version
from .packs import NAME, rule_files, rule_metas

# The runner and the scoping (subprocess handling, the opt-in rule builders: ~0.01-0.02 s to
# import) are imported when semgrep runs, not with the engine: a warm re-scan asks this engine
# only for its cache salt and the files it wants.
_LAZY = {"BASE_FLAGS": "runner", "REQUIRES_KEY": "scoping", "path_glob": "scoping"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(files: Sequence[Path], root: Path, **options: Any) -> EngineOutput:
    """:func:`.runner.run`: semgrep over ``files`` (see there for the options)."""
    from .runner import run as run_semgrep

    return run_semgrep(files, root, **options)


class SemgrepEngine(Engine):
    """Our semgrep rule packs, on Python and JavaScript/TypeScript files."""

    name = NAME
    suffixes = PYTHON_SUFFIXES + SCRIPT_SUFFIXES
    rules_error = "cannot read the semgrep rule packs"
    merge_rank = 1

    def cache_salt(self, config) -> Tuple[Any, ...]:
        """Results depend on semgrep's version, and which rules run: the confidence floor, and
        the engines that supersede some rules."""
        return (NAME, dist_version("semgrep"), int(config.min_confidence), _superseding(config))

    def rule_metas(self) -> List[RuleMeta]:
        """Every rule of the bundled packs."""
        return rule_metas()

    def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
        """semgrep over ``targets`` within ``context.timeout``, without the rules below the
        confidence floor. TypeScript and JavaScript test files are left out, as the ts engine
        leaves them out: their servers are not the product's surface, and the TypeScript taint
        rules cost most of semgrep's time on them (one 600-line test file of
        modelcontextprotocol/servers took 2.5 s)."""
        return run([Path(t.path) for t in targets if not _script_test(t.rel)], context.root,
                   timeout=context.timeout, min_confidence=context.config.min_confidence,
                   superseded_by=_superseding(context.config), first_pass_tree=context.first_pass_tree)


def _superseding(config) -> Tuple[str, ...]:
    """The deep-analysis engines of this scan: semgrep's one-function taint rules that they
    cover (``mcpaudit-superseded-by``) are not run beside them."""
    return tuple(e for e in ("cst", "ts") if e in config.engines)


def _script_test(rel: str) -> bool:
    return rel.endswith(SCRIPT_SUFFIXES) and is_test_path(rel)


ENGINE = SemgrepEngine()

__all__ = ["run", "rule_metas", "rule_files", "BASE_FLAGS", "REQUIRES_KEY", "path_glob", "SemgrepEngine",
           "ENGINE"]
