"""Engine agreement: a pattern rule's hit on a sink the taint analysis followed and found safe
is not a finding at default confidence.

Our taint engines (cst, ts) follow every flow into the sinks they model and knows which of them no caller
input (for logs and tool results: no secret) reaches unchecked: ``Project.safe_sinks``. A
semgrep or bandit hit for the same hazard on such a line says less than the taint analysis
does, so it moves to the audit view (low confidence) with the reason in its message and a
``taint-verdict`` property. It still shows with ``--min-confidence low``.

What the taint engine calls safe:

* a call whose shell flag reads a project object's field that every setting in the project leaves
  false (``shell=options.shell``, a dataclass field defaulting to False that no construction
  sets): no shell runs there, so bandit's ``shell=True`` (B602) on its lines, the keyword's
  among them, is demoted (:mod:`mcpaudit.analysis.flagfields`);
* query text built from pieces (bandit's B608) only where the analysis saw what fills it:
  constants, module configuration, the environment, or the parameters of a function the linker
  bound (called from a handler or from other project code). Text that a parameter of a function
  nothing calls fills (a tool the analysis did not discover, another program's entry point) is
  unknown, and a caller's value is reported by the taint rule: the pattern hit stays a default
  finding (:mod:`mcpaudit.analysis.unknownfill`). The first pass analyses every module that
  holds such SQL text beside a sink call, so the verdict does not depend on it.

And where no handler reaches: an injection pattern hit (a shell line, eval, SQL, a path, a URL
built from pieces) in a TypeScript/JavaScript function that project code calls but no MCP
handler reaches (a command-line command's code, an install script) has no tool caller behind it;
it moves to the audit view with that reason and ``taint-verdict: unreached``
(:mod:`mcpaudit.analysis.ts.unreached`).
"""

from __future__ import annotations

from typing import Dict, Optional, Sequence, Set, Tuple

from .catalog import catalog
from .models import Confidence, Finding

_NOTE = ("; mcpaudit's taint analysis followed this call and found no caller input or secret "
         "reaching it unchecked (audit view)")


def _safe_hazards(safe_sinks) -> Dict[Tuple[str, int], Set[str]]:
    from .checks import all_rules

    cat = catalog()
    rules = all_rules()
    by_family: Dict[str, Set[str]] = {}
    out: Dict[Tuple[str, int], Set[str]] = {}
    for path, line, family in safe_sinks:
        if family not in by_family:
            cwe = rules[cat.family_rule(family)].CWE if family in cat.families else ()
            by_family[family] = {cat.hazard_of_cwe.get(c, c) for c in cwe}
        out.setdefault((path, line), set()).update(by_family[family])
    return out


def _ours(engine: str) -> bool:
    """A taint engine of ours (merge rank 0: cst, ts), whose verdict the agreement is about."""
    from .engines import ENGINES

    return engine in ENGINES and ENGINES[engine].merge_rank == 0


def apply_agreement(findings: Sequence[Finding], project: Optional[object]) -> int:
    """Demote pattern-rule findings on safe sinks (in place); return how many were demoted."""
    safe_sinks = getattr(project, "safe_sinks", None)
    if not safe_sinks:
        return 0
    from .analysis.ts.unreached import UNREACHED

    unreached = {(p, ln) for p, ln, fam in safe_sinks if fam == UNREACHED}
    safe = _safe_hazards([s for s in safe_sinks if s[2] != UNREACHED])
    injections = _injection_hazards() if unreached else set()
    hazards = catalog().hazards
    demoted = 0
    for f in findings:
        if _ours(f.engine) or f.confidence <= Confidence.LOW:
            continue
        here = safe.get((f.location.path, f.location.line))
        if here and hazards(f) & here:
            f.confidence = Confidence.LOW
            f.message += _NOTE
            f.properties["taint-verdict"] = "safe"
            demoted += 1
        elif (f.location.path, f.location.line) in unreached and hazards(f) & injections:
            f.confidence = Confidence.LOW
            f.message += _UNREACHED_NOTE
            f.properties["taint-verdict"] = "unreached"
            demoted += 1
    return demoted


_UNREACHED_NOTE = ("; mcpaudit's taint analysis followed every MCP handler and none reaches the function "
                   "this is in (only other project code calls it: a command-line command, an install "
                   "or build script), so no tool caller's value is behind it (audit view)")
#: the taint families whose hazard is a caller's value reaching a sink (not a secret's leak, not a claim)
_INJECTION_FAMILIES = ("argument", "code", "deserialization", "nosql", "path", "shell", "sql", "ssrf", "template")


def _injection_hazards() -> Set[str]:
    from .checks import all_rules

    cat = catalog()
    rules = all_rules()
    return {cat.hazard_of_cwe.get(c, c) for fam in _INJECTION_FAMILIES if fam in cat.families
            for c in rules[cat.family_rule(fam)].CWE}
