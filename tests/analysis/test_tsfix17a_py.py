"""The Python side of the causes of branch tsfix17a (fixtures/taint/flows17a/, each with a safe
twin): a helper's result discriminated by a constant key (``{"isError": True, ...}``) is the
error variant on the branch that tests it (``if r.get("isError")``, ``if not r["ok"]``), so what
only the other returns carry (the database password) reaches no return or log there; a program the
author fixed that the models do not know to change state (yt-dlp), given to the project's
wrapper as a constant, keeps ``destructiveHint=False`` (``fixedruns``)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows17a"
_FOUND: Dict[str, List[Finding]] = {}
SECRET = "os.environ['DB_PASSWORD']"


def found(name: str) -> List[Finding]:
    """Default-view findings (medium and above) of one fixture directory."""
    if name not in _FOUND:
        root = FIXTURES / name
        files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
        out, _ = cst_engine.run(files, root, jobs=1)
        assert not out.errors, out.errors
        _FOUND[name] = [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
    return _FOUND[name]


def line_of(name: str, rel: str, needle: str) -> int:
    text = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_the_error_variant_of_a_discriminated_dict_holds_no_secret():
    L = lambda needle: line_of("discriminated", "server.py", needle)  # noqa: E731
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("discriminated"))
    assert got == sorted([
        ("secret-in-log", L('log.warning("minted'), None,
         f"secret '{SECRET}' is written to a log by logging.getLogger.warning()"),
        ("secret-in-tool-result", L("log.warning(\"minted") + 1, "show_login",
         f"tool 'show_login' returned a value containing secret '{SECRET}' to the caller"),
        ("secret-in-tool-result", L("return r  # expect"), "show_probe",
         f"tool 'show_probe' returned a value containing secret '{SECRET}' to the caller"),
        # a flag that is not a constant ("isError": not db) tells nothing: the result is kept whole
        ("secret-in-tool-result", L("if conn[\"isError\"]:") + 1, "loose",
         f"tool 'loose' returned a value containing secret '{SECRET}' to the caller"),
    ])


def test_a_fixed_program_given_to_a_wrapper_is_not_destructive():
    L = lambda needle: line_of("fixedruns", "server.py", needle)  # noqa: E731
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("fixedruns")
                 if f.rule_id == "tool-annotation-mismatch")
    assert got == [
        # pkill (the models' writing-uses) and rm (a file program) through the wrapper
        ("tool-annotation-mismatch", L("subprocess.run([program, *args]"), "stop_downloads",
         "tool 'stop_downloads' is annotated destructiveHint=False but runs programs (subprocess.run()) "
         "(also reached from tool 'clear_downloads')"),
        # a caller value that can be an option steers yt-dlp into whatever its options do
        ("tool-annotation-mismatch", L('["yt-dlp", "--no-mtime", url]'), "fetch_with_options",
         "tool 'fetch_with_options' is annotated destructiveHint=False but runs programs (subprocess.run())"),
    ]
