"""Decide every checklist item from findings and posture facts, and score each document.

Item status
-----------
* ``rules`` items: **fail** when an unsuppressed finding of one of the item's rules exists
  (also when the rule only appears in a merged finding's ``also_reported_by``); **partial** when
  every such finding has low confidence; otherwise **pass** if at least one engine that owns one of
  the rules ran, and **not-assessed** if none did. A finding always counts, whichever engine ran.
* ``facts`` items: each condition is checked against the posture fact with that id: ``pass_if``
  passes when the fact has that value, ``fail_if`` fails when it has it, ``partial_if`` gives
  partial credit. A fact whose value is ``null`` (nothing to judge, e.g. no outbound HTTP calls) or
  whose ``when`` gate does not hold is skipped. Each remaining condition earns 1 (pass), 0.5
  (partial) or 0 (fail): the item is pass when all conditions pass, fail when they earn less than
  half of the maximum, partial otherwise; not-applicable when every condition was skipped, and
  not-assessed when a needed fact is missing (the posture engine did not run) and nothing else
  kept it from passing.
* ``manual`` items: **manual**, with what a reviewer should check; ``hints`` facts are listed as
  evidence but never decide.
* ``applies_if``: when a gate fact does not have the given value the item is **not-applicable**
  (or the item's ``otherwise`` status); a missing gate fact makes it **not-assessed**.

Applicability
-------------
* Conditions over *deployment* facts (rate limits, resource limits, containers, Docker,
  Kubernetes: :data:`DEPLOYMENT_FACTS`) are skipped unless the server is deployed: it speaks HTTP
  (``transport.http``) or the repository has container files or deployment manifests
  (``deploy.present``). A stdio server started by its local user has no rate limiter to configure;
  an item with nothing else to decide is ``not-applicable``, shown and out of the denominator.
* Conditions over :data:`NETWORK_FACTS` (role/scope gates on privileged tools) are skipped unless
  the server speaks HTTP: a stdio server has one principal.
* A failed condition over :data:`EXPOSURE_FACTS` (a tool whose job is raw command, SQL or code
  execution) is partial on a server that does not speak HTTP: severity follows exposure.
* Conditions over ``tools.*`` facts are null (so skipped) when no tool was discovered.
* When the MCP surface is incomplete (the project imports an MCP SDK but no tool was discovered,
  or a ``call_tool`` dispatch or a registration could not be followed: :func:`mcpaudit.inventory.surface_status`)
  a ``rules`` item with no finding is ``not-assessed``, not a pass: nothing was traced from a tool
  parameter, so its silence proves nothing. The grade carries the reason (``grade_note``).
* Findings in test and example code never reach the checklists.

Evidence strings are ``path:line (rule-id)`` for findings and ``fact-id = value (path:line)`` for
posture facts. The scoring formula is :data:`FORMULA`; it is deterministic (no clock, no
randomness, data-file order, sorted evidence).
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from ..models import (
    ChecklistItemResult,
    ChecklistResult,
    Confidence,
    Finding,
    PostureFact,
)
from .loader import Checklist, ChecklistItem, Condition, Gate, format_value

SEVERITY_WEIGHTS: Dict[str, int] = {"critical": 8, "high": 4, "medium": 2, "low": 1}
STATUS_CREDIT: Dict[str, float] = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
CRITICAL_FAIL_CAP = 60.0
#: facts about how a server is deployed: decided only for servers that speak HTTP or ship
#: container files / deployment manifests (prefixes end with a dot)
DEPLOYMENT_FACTS: Tuple[str, ...] = ("limits.rate_limit", "limits.resources", "logging.audit", "output.redaction",
                                     "container.", "docker.", "deploy.kubernetes")
#: facts about who may call which tool: decided only for servers that speak HTTP (a stdio server
#: has one principal, the local user who started it: there is no role or scope to gate on)
NETWORK_FACTS: Tuple[str, ...] = ("tools.privileged_ungated",)
#: capability facts whose failure is halved (partial) on a server that does not speak HTTP: the
#: capability is only reachable through the local user's own client (severity follows exposure)
EXPOSURE_FACTS: Tuple[str, ...] = ("tools.raw_exec",)
GRADES: Tuple[Tuple[float, str], ...] = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))
MAX_EVIDENCE = 20

FORMULA = """\
Checklist scoring (deterministic)

Each item is pass, partial, fail, manual, not-applicable or not-assessed.
Only pass, partial and fail items are scored; manual, not-applicable and
not-assessed items are listed with the result but never count (an engine that
did not run never produces a pass).

  item weight  w = 8 critical | 4 high | 2 medium | 1 low
  item credit  c = 1 pass | 0.5 partial | 0 fail

  document score = 100 * sum(w * c) / sum(w)    over the scored items
                   capped at 60 when a critical item fails on a finding
                   that is high confidence and on an exposed path (reached
                   from an MCP tool parameter), or on a posture fact
                   none (n/a) when the document has no scored item

  overall score  = mean of the document scores that are not n/a, each
                   weighted by its sum(w) (a document with one applicable
                   item weighs what that item weighs), capped at 60
                   when a critical, high-confidence finding or
                   capability is on an exposed path (a tool parameter;
                   a capability is critical only when the tool runs code or
                   commands over HTTP without authentication, reachable
                   from other machines)
  grade          = A >= 90, B >= 80, C >= 70, D >= 60, F below 60

Applicability: items are not-applicable (n/a) when nothing in them applies:
deployment conditions (rate limits, resource limits, audit logging, output
redaction, containers) need an HTTP transport or container/deployment
files; HTTP conditions (TLS, CORS, auth, role/scope gates on privileged
tools) need an HTTP transport; tool conditions need discovered tools. A
tool whose job is raw command/SQL/code execution fails its items over
HTTP and half-fails them (partial) over stdio only. n/a items are listed and
never count. When the project imports an MCP SDK but no tool was discovered,
or a call_tool dispatch chosen by the tool name (or a tool registration)
resolves to no function, the surface is incomplete: items decided by findings are not-assessed (not a
pass) and the grade says "incomplete". Findings in test or example code
never fail an item.

Scores are rounded to one decimal place."""

def engine_for_rule(rule_id: str, rule_engines: Optional[Dict[str, str]] = None) -> Optional[str]:
    """The engine a rule id belongs to: the caller's table (the rules of this run) first, else
    the catalog (every rule of every engine; bandit test ids by shape)."""
    if rule_engines and rule_id in rule_engines:
        return rule_engines[rule_id]
    from ..catalog import catalog

    return catalog().engine_of(rule_id)


def grade_for(score: Optional[float]) -> Optional[str]:
    if score is None:
        return None
    for threshold, letter in GRADES:
        if score >= threshold:
            return letter
    return "F"


def score_items(items: Sequence[Tuple]) -> Optional[float]:
    """Document score from ``(status, severity)`` pairs, or ``(status, severity, caps)`` triples
    where ``caps`` says whether a failed critical item may cap the score (it does by default:
    see :data:`FORMULA`)."""
    num = 0.0
    den = 0
    critical_failed = False
    for status, severity, *rest in items:
        if status not in STATUS_CREDIT:
            continue
        w = SEVERITY_WEIGHTS[severity]
        num += w * STATUS_CREDIT[status]
        den += w
        if status == "fail" and severity == "critical" and (rest[0] if rest else True):
            critical_failed = True
    if den == 0:
        return None
    score = 100.0 * num / den
    if critical_failed:
        score = min(score, CRITICAL_FAIL_CAP)
    return round(score, 1)


def overall_score(doc_scores: Iterable[Optional[float]], capped: bool = False,
                  weights: Optional[Sequence[float]] = None) -> Optional[float]:
    """The mean of the document scores that are not n/a, each weighted by ``weights`` (the sum of
    its scored items' weights; equal weights without): a document with one applicable item does
    not count as much as one with twenty."""
    scores = list(doc_scores)
    ws = list(weights) if weights is not None else [1.0] * len(scores)
    pairs = [(s, w) for s, w in zip(scores, ws) if s is not None and w > 0]
    if not pairs:
        return None
    score = sum(s * w for s, w in pairs) / sum(w for _, w in pairs)
    if capped:
        score = min(score, CRITICAL_FAIL_CAP)
    return round(score, 1)


def exposed(f: Finding) -> bool:
    """A finding that caps a score: critical, high confidence, and on an exposed path (reached
    from an MCP tool's parameter; a capability is critical only on an exposed transport)."""
    return (f.severity is not None and f.severity.label == "critical" and f.confidence >= Confidence.HIGH
            and bool(f.tool) and f.suppression is None)


def deployed(facts: Dict[str, PostureFact]) -> Optional[bool]:
    """Whether deployment items apply: an HTTP transport, or container files / deployment
    manifests. None when the facts are missing."""
    vals = [facts[k].value for k in ("transport.http", "deploy.present", "docker.present", "deploy.kubernetes")
            if k in facts]
    if not vals:
        return None
    return any(v is True for v in vals)


def is_deployment_fact(fid: str) -> bool:
    return any(fid == p or (p.endswith(".") and fid.startswith(p)) for p in DEPLOYMENT_FACTS)


# --------------------------------------------------------------------------- evidence formatting


def _fact_evidence(fact: PostureFact, limit: int = 5) -> List[str]:
    val = format_value(fact.value)
    locs = sorted({(l.path, l.line) for l in fact.evidence})
    if not locs:
        return [f"{fact.id} = {val}"]
    out = [f"{fact.id} = {val} ({p}:{ln})" for p, ln in locs[:limit]]
    if len(locs) > limit:
        out.append(f"{fact.id}: … and {len(locs) - limit} more location(s)")
    return out


def _cap(evidence: List[str]) -> List[str]:
    if len(evidence) <= MAX_EVIDENCE:
        return evidence
    return evidence[:MAX_EVIDENCE] + [f"… and {len(evidence) - MAX_EVIDENCE} more"]


def _same(a, b) -> bool:
    # True == 1 in Python; a fact value true must not match a target 1 and vice versa
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


# --------------------------------------------------------------------------- item decisions


class _Ctx:
    def __init__(self, findings, facts, engines_run, rule_engines, incomplete: str = ""):
        self.facts: Dict[str, PostureFact] = {}
        for f in facts or ():
            self.facts.setdefault(f.id, f)
        self.deployed = deployed(self.facts)
        http = self.facts.get("transport.http")
        self.http = None if http is None else http.value is True
        self.incomplete = incomplete
        self.engines_run: Set[str] = set(engines_run or ())
        self.rule_engines = dict(rule_engines or {})
        # rule id -> findings (primary rule and merged duplicates), unsuppressed only
        self.by_rule: Dict[str, List[Tuple[Finding, str]]] = {}
        for f in sorted(findings or (), key=lambda x: x.sort_key()):
            if f.suppression is not None:
                continue
            self.by_rule.setdefault(f.rule_id, []).append((f, f.rule_id))
            for other in f.also_reported_by:
                rid = other.split(":", 1)[-1]
                if rid and rid != f.rule_id:
                    self.by_rule.setdefault(rid, []).append((f, rid))


def _gate_status(gates: Sequence[Gate], ctx: _Ctx) -> Tuple[str, List[str]]:
    """('applies' | 'not-applicable' | 'missing', evidence)."""
    evidence: List[str] = []
    for g in gates:
        fact = ctx.facts.get(g.fact)
        if fact is None:
            return "missing", [f"{g.fact}: not extracted"]
        if not _same(fact.value, g.equals):
            return "not-applicable", _fact_evidence(fact, limit=3)
    return "applies", evidence


def _decide_rules(item: ChecklistItem, ctx: _Ctx) -> ChecklistItemResult:
    hits: List[Tuple[Finding, str]] = []
    for rid in item.rules:
        hits.extend(ctx.by_rule.get(rid, ()))
    deciding = {}
    for rid in item.rules:
        eng = engine_for_rule(rid, ctx.rule_engines)
        if eng:
            deciding.setdefault(eng, []).append(rid)
    ran = sorted(e for e in deciding if e in ctx.engines_run)
    missing = sorted(e for e in deciding if e not in ctx.engines_run)
    res = ChecklistItemResult(item.id, item.text, "pass", severity=item.severity)
    if hits:
        seen: Set[Tuple[str, int, str]] = set()
        ordered = sorted(hits, key=lambda h: (*h[0].location.sort_key(), h[1]))
        evidence = []
        for f, rid in ordered:
            key = (f.location.path, f.location.line, rid)
            if key in seen:
                continue
            seen.add(key)
            evidence.append(f"{f.location.path}:{f.location.line} ({rid})")
        res.evidence = _cap(evidence)
        if all(f.confidence <= Confidence.LOW for f, _ in hits):
            res.status = "partial"
            res.note = "only low-confidence findings; review them"
        else:
            res.status = "fail"
            n = len({id(f) for f, _ in hits})
            res.note = f"{n} finding(s) of: " + ", ".join(sorted({r for _, r in hits}))
            res.caps = any(f.confidence >= Confidence.HIGH and bool(f.tool) for f, _ in hits)
        return res
    if not ran or missing:
        # an item that depends on an engine that did not run is never a pass
        res.status = "not-assessed"
        res.note = "needs engine(s) that did not run: " + ", ".join(missing or ["(unknown rules)"])
        if ran:
            res.note += "; no findings from " + ", ".join(ran)
        return res
    res.note = "no findings from " + ", ".join(ran)
    if ctx.incomplete:
        res.status = "not-assessed"
        res.note = f"incomplete surface ({ctx.incomplete}): no tool parameter was traced, so no finding is not a pass"
    return res


def _decide_condition(cond: Condition, ctx: _Ctx) -> Tuple[str, Optional[PostureFact]]:
    if ctx.deployed is False and is_deployment_fact(cond.fact):
        return "skip", None  # a stdio server without container files: nothing deployed to judge
    if ctx.http is False and cond.fact in NETWORK_FACTS:
        return "skip", None  # stdio: one local principal, no role or scope to gate on
    if cond.when is not None:
        gate = ctx.facts.get(cond.when.fact)
        if gate is None:
            return "not-assessed", None
        if not _same(gate.value, cond.when.equals):
            return "skip", None
    fact = ctx.facts.get(cond.fact)
    if fact is None:
        return "not-assessed", None
    if fact.value is None:
        return "skip", fact
    hit = _same(fact.value, cond.target)
    if ctx.http is False and cond.fact in EXPOSURE_FACTS and cond.op == "fail_if" and hit:
        return "partial", fact  # stdio only: the local user's own client reaches it
    if cond.op == "pass_if":
        if hit:
            return "pass", fact
        if cond.has_partial and _same(fact.value, cond.partial):
            return "partial", fact
        return "fail", fact
    if hit:
        return "fail", fact
    if cond.has_partial and _same(fact.value, cond.partial):
        return "partial", fact
    return "pass", fact


def _decide_facts(item: ChecklistItem, ctx: _Ctx) -> ChecklistItemResult:
    res = ChecklistItemResult(item.id, item.text, "pass", severity=item.severity)
    outcomes = [(c, *_decide_condition(c, ctx)) for c in item.facts]
    statuses = [s for _, s, _ in outcomes if s != "skip"]
    order = {"fail": 0, "partial": 1, "not-assessed": 2, "pass": 3, "skip": 4}
    evidence: List[str] = []
    notes: List[str] = []
    for cond, status, fact in sorted(outcomes, key=lambda o: order[o[1]]):
        if status == "not-assessed":
            gone = cond.when.fact if cond.when is not None and cond.when.fact not in ctx.facts else cond.fact
            evidence.append(f"{gone}: not extracted")
        elif status != "skip":
            evidence.extend(_fact_evidence(fact))
            if status in ("fail", "partial") and fact.note:
                notes.append(f"{fact.id}: {fact.note}")
    if not statuses:
        # every condition skipped: say why (null facts, or gates that did not hold)
        for cond, _, fact in outcomes:
            if fact is not None:
                evidence.extend(_fact_evidence(fact, limit=2))
        res.evidence = _cap(evidence)
        res.status = "not-applicable"
        gates = sorted({c.when.describe() for c, _, f in outcomes if f is None and c.when is not None})
        if ctx.deployed is False and any(is_deployment_fact(c.fact) for c in item.facts):
            gates.append("the server speaks HTTP or ships container files / deployment manifests")
        if ctx.http is False and any(c.fact in NETWORK_FACTS for c in item.facts):
            gates.append("the server speaks HTTP (callers with different rights)")
        res.note = "nothing to assess in this repository" + (
            f" (conditions apply only when {' / '.join(gates)})" if gates else "")
        return res
    res.evidence = _cap(evidence)
    assessed = [s for s in statuses if s in ("pass", "partial", "fail")]
    credit = sum(STATUS_CREDIT[s] for s in assessed)
    if not assessed:
        res.status = "not-assessed"
    elif credit == len(assessed):
        res.status = "not-assessed" if "not-assessed" in statuses else "pass"
    elif credit * 2 < len(assessed):
        res.status = "fail"
    else:
        res.status = "partial"
    if res.status == "not-assessed":
        notes.insert(0, "posture facts missing (the posture analysis did not run)")
    res.note = "; ".join(notes)
    return res


def evaluate_item(item: ChecklistItem, ctx: _Ctx) -> ChecklistItemResult:
    if item.applies_if:
        gate, gate_ev = _gate_status(item.applies_if, ctx)
        if gate == "missing":
            return ChecklistItemResult(
                item.id, item.text, "not-assessed", evidence=gate_ev, severity=item.severity,
                note="cannot tell whether the item applies: posture facts missing",
            )
        if gate == "not-applicable":
            note = item.otherwise_note or (
                "applies only when " + " and ".join(g.describe() for g in item.applies_if)
            )
            return ChecklistItemResult(
                item.id, item.text, item.otherwise, evidence=gate_ev, severity=item.severity,
                note=note,
            )
    if item.decision == "rules+facts":
        # findings of the rules fail the item outright; otherwise the facts decide, and an
        # engine that did not run keeps a fact-based pass from being claimed
        by_rules = _decide_rules(item, ctx)
        if by_rules.status == "fail":
            return by_rules
        by_facts = _decide_facts(item, ctx)
        if by_rules.status == "not-assessed" and by_facts.status == "pass":
            by_facts.status = "not-assessed"
            by_facts.note = (by_facts.note + "; " if by_facts.note else "") + by_rules.note
        return by_facts
    if item.decision == "rules":
        return _decide_rules(item, ctx)
    if item.decision == "facts":
        return _decide_facts(item, ctx)
    evidence: List[str] = []
    for hint in item.hints:
        fact = ctx.facts.get(hint)
        if fact is not None and fact.value is not None:
            evidence.extend(_fact_evidence(fact, limit=3))
    return ChecklistItemResult(
        item.id, item.text, "manual", evidence=_cap(evidence), severity=item.severity,
        note=item.manual or "",
    )


def evaluate(
    checklists: Sequence[Checklist],
    findings: Sequence[Finding],
    facts: Sequence[PostureFact],
    engines_run: Iterable[str],
    rule_engines: Optional[Dict[str, str]] = None,
    capabilities: Sequence[Finding] = (),
    incomplete: str = "",
) -> Tuple[List[ChecklistResult], Optional[float], Optional[str]]:
    """Per-document results, the overall score and its letter grade (see :data:`FORMULA`).

    ``findings`` should be the filtered findings; suppressed ones are ignored anyway.
    ``engines_run`` names the engines that ran successfully; ``rule_engines`` maps rule id ->
    engine (the catalog answers for the others). ``capabilities`` are the tools' capabilities
    (they fail no item; a critical one caps the overall score); ``incomplete`` says why the MCP
    surface is incomplete, when it is."""
    ctx = _Ctx(findings, facts, engines_run, rule_engines, incomplete)
    results: List[ChecklistResult] = []
    for cl in checklists:
        items = [evaluate_item(it, ctx) for it in cl.items]
        score = score_items([(r.status, r.severity or "medium", r.caps) for r in items])
        results.append(ChecklistResult(cl.id, cl.title, cl.source, score, items, url=cl.url))
    capped = any(exposed(f) for f in list(findings or ()) + list(capabilities or ()))
    weights = [sum(SEVERITY_WEIGHTS[i.severity or "medium"] for i in r.items if i.status in STATUS_CREDIT)
               for r in results]
    total = overall_score([r.score for r in results], capped=capped, weights=weights)
    return results, total, grade_for(total)
