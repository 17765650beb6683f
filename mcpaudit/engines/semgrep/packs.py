"""Semgrep rule packs: finding and loading our YAML packs, and each rule's metadata.

A pack is a YAML file under ``rules/semgrep`` (one rule per file, named after its id) next to its
annotated test file (``<id>.py`` / ``<id>.ts``), whose ``# ruleid:`` / ``# ok:`` lines become the
rule's examples. Besides semgrep's own keys a rule's ``metadata`` may carry ``summary``, ``cwe``,
``confidence``, ``fix``, ``references``, ``mcpaudit-severity`` (overrides the severity semgrep's
level maps to) and ``mcpaudit-requires`` (see :mod:`.scoping`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ...models import Confidence, Example, RuleMeta, Severity
from ...resources import rules_dir

NAME = "semgrep"

_RULE_SUFFIXES = (".yaml", ".yml")
_SEVERITY = {
    "ERROR": Severity.HIGH,
    "WARNING": Severity.MEDIUM,
    "INFO": Severity.LOW,
    # Semgrep's newer severity names.
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INVENTORY": Severity.INFO,
    "EXPERIMENT": Severity.INFO,
}
_CWE_RE = re.compile(r"CWE-(\d+)", re.IGNORECASE)


def rule_files(rules: Optional[Path] = None) -> List[Path]:
    """The YAML rule files of a pack: ``rules`` itself when it is a file, else every ``*.yaml`` /
    ``*.yml`` below it (sorted). Paired test files (``<id>.py``, ``<id>.ts``) are never included."""
    base = Path(rules) if rules is not None else rules_dir() / "semgrep"
    if base.is_file():
        return [base]
    if not base.is_dir():
        return []
    return sorted(
        p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in _RULE_SUFFIXES
    )


def load_yaml(path: Path) -> Dict[str, Any]:
    """A YAML file's top-level mapping ({} for anything else); YAML errors propagate. Every scan
    loads all the packs (rule metadata and the combined config): through the catalog's cache of
    parsed documents (PyYAML comes with bandit). Imported here: importing the catalog costs
    ~0.02 s, and a warm re-scan only asks this engine for its cache salt."""
    from ...catalog._yaml import load_yaml as cached_yaml

    data = cached_yaml(path)
    return data if isinstance(data, dict) else {}


def cwes(value: Any) -> List[str]:
    """Every ``CWE-N`` named in a metadata value (a string or a list), normalised, once each."""
    items = value if isinstance(value, (list, tuple)) else [value]
    out: List[str] = []
    for item in items:
        for num in _CWE_RE.findall(str(item)):
            cwe = f"CWE-{int(num)}"
            if cwe not in out:
                out.append(cwe)
    return out


def rule_severity(semgrep_severity: Any, metadata: Dict[str, Any]) -> Severity:
    """Our severity for a rule or result: ``mcpaudit-severity`` when valid, else semgrep's level."""
    override = metadata.get("mcpaudit-severity")
    if override:
        try:
            return Severity.parse(str(override))
        except ValueError:
            pass
    return _SEVERITY.get(str(semgrep_severity or "").upper(), Severity.MEDIUM)


def rule_confidence(metadata: Dict[str, Any]) -> Confidence:
    """The metadata's ``confidence`` (medium when absent or unknown)."""
    try:
        return Confidence.parse(str(metadata.get("confidence") or "MEDIUM"))
    except ValueError:
        return Confidence.MEDIUM


def one_line(text: str) -> str:
    """``text`` with every run of white space (newlines included) turned into one space."""
    return " ".join(str(text or "").split())


def _first_sentence(text: str) -> str:
    text = one_line(text)
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


def _test_file_for(yaml_path: Path) -> Optional[Path]:
    for p in sorted(yaml_path.parent.glob(yaml_path.stem + ".*")):
        if p.suffix.lower() not in _RULE_SUFFIXES and p.is_file() and ".fixed." not in p.name:
            return p
    return None


_ANNOTATION_RE = re.compile(r"^\s*(?:#|//)\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w\-, ]+?)\s*$")


def _examples(test_file: Optional[Path], rule_id: str) -> Tuple[List[Example], List[Example]]:
    """Valid/invalid examples from a paired, annotated test file.

    The invalid example is the whole test file with its annotation comments removed, and the
    1-based lines the rule must flag in that cleaned text. Each ``ok`` line becomes a one-line
    valid example."""
    if test_file is None:
        return [], []
    try:
        raw = test_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [], []
    cleaned: List[str] = []
    flag_next: Optional[str] = None
    flagged: List[int] = []
    valid: List[Example] = []
    for line in raw:
        m = _ANNOTATION_RE.match(line)
        if m:
            ids = [i.strip() for i in m.group(2).split(",")]
            flag_next = m.group(1) if rule_id in ids else None
            continue
        cleaned.append(line)
        if flag_next == "ruleid":
            flagged.append(len(cleaned))
        elif flag_next == "ok" and line.strip():
            valid.append(Example(line.strip() + "\n"))
        flag_next = None
    invalid = [Example("\n".join(cleaned) + "\n", tuple(flagged))] if flagged else []
    return valid, invalid


_METAVAR = re.compile(r"\$([A-Z_][A-Z0-9_]*)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_TOKEN_WITH_METAVAR = re.compile(r"[^\s`]*\$[A-Z_][A-Z0-9_]*[^\s`]*")


def _placeholders(message: str) -> str:
    """A rule message as Markdown with its metavariables as placeholders: ``$FN`` reads
    ``<fn>``, and a word holding one becomes a code span (``subprocess.<fn>()``), so no Markdown
    renderer takes ``<fn>`` for an HTML tag and drops it."""
    def word(m: "re.Match[str]") -> str:
        core, lead, tail = m.group(0), "", ""
        while core.startswith("(") and core.count("(") > core.count(")"):
            lead, core = lead + "(", core[1:]
        while core and (core[-1] in ".,;:!?" or (core[-1] == ")" and core.count(")") > core.count("("))):
            tail, core = core[-1] + tail, core[:-1]
        return lead + "`" + _METAVAR.sub(lambda v: f"<{v.group(1).lower()}>", core) + "`" + tail

    out, pos = [], 0
    for span in _CODE_SPAN.finditer(message):
        out.append(_TOKEN_WITH_METAVAR.sub(word, message[pos:span.start()]))
        out.append(_METAVAR.sub(lambda v: f"<{v.group(1).lower()}>", span.group(0)))
        pos = span.end()
    out.append(_TOKEN_WITH_METAVAR.sub(word, message[pos:]))
    return "".join(out)


def _description(rule: Dict[str, Any], metadata: Dict[str, Any]) -> str:
    parts = []
    summary = metadata.get("summary")
    if summary:
        parts.append(one_line(summary))
    parts.append("**What it does / why is this bad**\n\n" + _placeholders(one_line(rule.get("message", ""))))
    if metadata.get("fix"):
        parts.append("**Remediation**\n\n" + one_line(metadata["fix"]))
    refs = metadata.get("references") or []
    if isinstance(refs, str):
        refs = [refs]
    if refs:
        parts.append("**References**\n\n" + "\n".join(f"- {r}" for r in refs))
    return "\n\n".join(parts)


def rule_metas(rules: Optional[Path] = None) -> List[RuleMeta]:
    """Metadata of every rule in the pack, for ``mcpaudit rules`` / ``explain`` and SARIF."""
    from ...rule import HELP_BASE

    metas: List[RuleMeta] = []
    for path in rule_files(rules):
        try:
            doc = load_yaml(path)
        except Exception:  # a broken pack surfaces when semgrep runs; listing stays usable
            continue
        for rule in doc.get("rules") or []:
            if not isinstance(rule, dict) or not rule.get("id"):
                continue
            md = rule.get("metadata") or {}
            rid = str(rule["id"])
            valid, invalid = _examples(_test_file_for(path), rid)
            tags = ["security"]
            langs = rule.get("languages") or []
            tags += [f"lang/{lang}" for lang in langs if isinstance(lang, str)]
            if rule.get("mode") == "taint":
                tags.append("taint")
            metas.append(
                RuleMeta(
                    id=rid,
                    engine=NAME,
                    summary=_METAVAR.sub(lambda v: f"<{v.group(1).lower()}>",
                                        one_line(md.get("summary") or _first_sentence(rule.get("message", "")))),
                    severity=rule_severity(rule.get("severity"), md),
                    confidence=rule_confidence(md),
                    cwe=cwes(md.get("cwe")),
                    tags=tags,
                    description=_description(rule, md),
                    fix=one_line(md.get("fix") or ""),
                    help_uri=HELP_BASE + rid,
                    valid=valid,
                    invalid=invalid,
                )
            )
    metas.sort(key=lambda m: m.id)
    return metas



def load_packs(configs: Sequence[Path]) -> List[Dict[str, Any]]:
    """Every rule of ``configs``, in order (rule ids must be unique)."""
    from .catalogrules import with_catalog_patterns

    rules: List[Dict[str, Any]] = []
    ids: Dict[str, Path] = {}
    for cfg in configs:
        try:
            doc = load_yaml(cfg)
        except Exception as exc:
            from ...catalog._yaml import is_yaml_error

            if not (isinstance(exc, UnicodeDecodeError) or is_yaml_error(exc)):
                raise
            raise ValueError(f"{cfg}: {one_line(str(exc))}") from None
        pack = doc.get("rules")
        if not isinstance(pack, list):
            raise ValueError(f"{cfg}: no top-level 'rules:' list")
        for rule in pack:
            rid = rule.get("id") if isinstance(rule, dict) else None
            if not rid:
                raise ValueError(f"{cfg}: a rule without an id")
            if rid in ids:
                raise ValueError(f"rule id {rid!r} is defined in both {ids[rid]} and {cfg}")
            ids[rid] = cfg
            rules.append(with_catalog_patterns(rule))  # tls-off-options rows: catalogrules.py
    return rules


def write_rules(rules: Sequence[Dict[str, Any]], dest: Path) -> Path:
    """Write ``rules`` as one semgrep config file at ``dest``: as JSON, which every YAML parser
    reads as the same document (PyYAML's pure-Python emitter took ~0.07 s of CPU for the 22
    rules, plus its import, in every scan that starts semgrep), when :func:`_json_yaml` can
    write it so; else as YAML."""
    doc = {"rules": list(rules)}
    text = _json_yaml(doc)
    if text is None:
        import yaml

        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10_000)
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write(text)
    return dest


def _json_yaml(doc: Any) -> Optional[str]:
    """``doc`` as JSON that a YAML 1.1 parser reads as ``doc`` again, or None. Only strings,
    integers, booleans, None, lists and mappings with short string keys (a flow mapping's
    implicit key has at most 1024 characters; a JSON number with an exponent and no dot is a
    string to YAML 1.1, so no floats), ASCII only (no character YAML forbids or folds, such as
    C1 controls or U+2028), and no surrogate escape (characters beyond U+FFFF)."""

    def plain(v: Any) -> bool:
        t = type(v)
        if v is None or t in (bool, int, str):
            return True
        if t is list:
            return all(plain(x) for x in v)
        if t is dict:
            return all(type(k) is str and len(k) < 512 and plain(x) for k, x in v.items())
        return False

    if not plain(doc):
        return None
    import json

    text = json.dumps(doc, ensure_ascii=True)
    if re.search(r"\\u[dD][89a-fA-F]", text):
        return None
    return text + "\n"
