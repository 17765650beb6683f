"""The cst engine as the pipeline sees it: :data:`ENGINE`, and the text pre-filter.

The analysis itself (:mod:`mcpaudit.engines.cst`, libcst) is imported only when the engine runs:
listing rules (``mcpaudit rules``, the rule metadata every scan reads) never loads libcst.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from ..models import RuleMeta
from ..sources import PYTHON_SUFFIXES
from .base import Engine, EngineContext, EngineOutput, Target

# A file that mentions none of these cannot hold an MCP handler, a sink, a sanitizer that a
# handler's flow depends on (a model field's declared constraint too), a secret or a log call:
# it is not parsed at all.
PREFILTER = re.compile(
    rb"mcp|\.tool\b|add_tool|subprocess|os\.|system|popen|spawn|exec|eval|compile|import_module|"
    rb"pickle|yaml|marshal|shelve|dill|Template|from_string|render_template|execute|read_sql|"
    rb"\btext\(|\.find|aggregate|open\(|Path|shutil|tarfile|zipfile|requests|httpx|urllib|"
    rb"aiohttp|urlopen|socket|log|print\(|warn|getenv|environ|passw|secret|token|key|credential|"
    rb"uvicorn|starlette|fastapi|\.run\(|startswith|resolve|realpath|git|query|cursor|sql|"
    rb"collection|mongo|read.?only|\bdef\b|"
    # a dispatch table of functions ({"run": handle_run, ...}, or {**FILE_HANDLERS, ...} merged
    # from other modules' tables), in a module of imports alone
    rb"[\"']\s*:\s*[^\W\d][\w.]*\s*[,}]|\{\s*\*\*[^\W\d][\w.]*\s*,|"
    # a model's declared constraints (analysis/declared.py), in a module of models alone
    rb"\b(pattern|regex)\s*=|constr\(|StringConstraints|Literal\[|Enum\)|"
    # a record class with a callable field (run: Callable[...]), in a module of records alone:
    # the class a registry's lookups are, whose field calls land in the methods stored there
    rb"\bCallable\b",
    re.I,
)


class CstEngine(Engine):
    """Our own libcst rules: MCP surface, taint from handler parameters, project rules."""

    name = "cst"
    suffixes = PYTHON_SUFFIXES
    rules_error = "cannot load the cst rules"
    checks_size = True  # read_source() reports a file over max-file-bytes as skipped
    needs_targets = False  # an empty project still feeds the posture pass
    per_file_cache = False  # analyze_files() caches summaries, link() the linked project
    on_main_thread = True
    merge_rank = 0

    def cache_salt(self, config) -> Tuple:
        """Summaries depend on the size limit (a file over it is skipped, not summarised)."""
        return ("cst", config.max_file_bytes)

    def rule_metas(self) -> List[RuleMeta]:
        """Every rule under ``mcpaudit/checks``, by id."""
        from ..checks import all_rules

        return [cls.meta() for _, cls in sorted(all_rules().items())]

    def shares_first_pass(self, config) -> bool:
        return bool(config.first_pass)

    def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
        """Every target analysed in a killable worker process, then linked; progress per file."""
        if not targets:
            return _no_python(context)
        from . import cst

        config = context.config
        tick = context.ticker(self.name, len(targets))
        out, _project = cst.run(targets, context.root, jobs=config.jobs, max_bytes=config.max_file_bytes,
                                parse_timeout=config.parse_timeout, min_confidence=config.min_confidence,
                                progress=tick, cache=context.cache, deadline=context.deadline, isolate=True,
                                first_pass=config.first_pass, freeze=True,  # the pipeline thaws after posture
                                on_first_pass=context.on_first_pass, first_share=context.prefork)
        return out

    def prefork_first(self, targets: Sequence[Target], context: EngineContext):
        """A forked child digesting part of the first pass's files (:mod:`.firstshare`), or None."""
        config = context.config
        if not config.first_pass:
            return None
        from .firstshare import start

        return start([(t.path, t.rel) for t in targets], jobs=config.jobs, max_bytes=config.max_file_bytes,
                     parse_timeout=config.parse_timeout, cache=context.cache)


def _no_python(context: EngineContext) -> EngineOutput:
    """The run of a tree without a Python file (the engine still runs: its project feeds the
    posture pass), without importing the Python analysis (issue 15, speed52): every finding, tool,
    server and auth record of the link comes from a module's summary, so with none the link gives
    an empty project and no finding (``tests/test_speed52.py`` compares it with the link's on the
    TypeScript fixtures)."""
    from ..analysis.project import Project
    from .base import ParseStats

    out = EngineOutput("cst")
    if context.config.first_pass:
        out.details["first_pass"] = {"modules": 0, "analysed": 0, "left_out": 0, "left_out_lines": 0, "rounds": 0}
    if context.on_first_pass is not None:
        context.on_first_pass({}, {})  # as the first pass does once it has read every file
    out.project = Project(root=context.root, tool_effect_kinds=frozenset())  # (the link computes it: none)
    out.parse = ParseStats(parsed=0, lines=0, linked_from_cache=False)
    return out


ENGINE = CstEngine()

__all__ = ["CstEngine", "ENGINE", "PREFILTER"]
