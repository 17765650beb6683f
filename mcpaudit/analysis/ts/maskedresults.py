"""Results the project masks a credential field of: where the server shows what a function of its
own returns it first writes a mask over a secret-named field (``safe.password = "********"``, the
object reached from ``readConnections()`` through copies, entries and loops). The project says
those results carry that credential; a function that hands the same call's result on without
masking it (a tool returning ``JSON.stringify(readConnections())``) returns the credential.

The masks and the way back to the call are read from the module's text (declarations of the
same name, ``{ ...x }``, ``x[k]``, ``Object.values(x)``, ``for (const c of x)``), as
:func:`.secretcalls.masked_maps` does."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..taintvalue import Info, Taint

_ASSIGN = re.compile(r"\b([A-Za-z_$][\w$]*)\s*\.\s*([A-Za-z_$][\w$]*)\s*=\s*(['\"`])([^'\"`\n]*)\3")
_DECL = r"(?:const|let|var)\s+%s\s*(?::[^=;\n]+)?=\s*([^;\n]+)"
_LOOP = r"for\s*\(\s*(?:const|let|var)\s+%s\s+of\s+([^\n]+?)\)\s*\{"
_SPREAD = re.compile(r"^\{\s*\.\.\.\s*([A-Za-z_$][\w$]*)(?:\s*\[[^\]\n]*\])?\s*\}$")
_VALUES = re.compile(r"^Object\s*\.\s*(?:values|entries)\s*\(\s*([A-Za-z_$][\w$]*)\s*\)$")
_PICK = re.compile(r"^([A-Za-z_$][\w$]*)\s*\[")
_CALL = re.compile(r"^(?:this\s*\.\s*)?([A-Za-z_$][\w$]*)\s*\(")
_NAME = re.compile(r"^([A-Za-z_$][\w$]*)$")


def masked_results(mod) -> Dict[str, List[Tuple[str, int]]]:
    """Function name -> (the secret field masked, the offset of the mask) for every result of a
    call the module masks a credential field of. Memoised."""
    got = getattr(mod, "_masked_results", None)
    if got is not None:
        return got
    out: Dict[str, List[Tuple[str, int]]] = {}
    M = mod.M
    text = mod.data.decode("utf-8", "replace") if M.mask_text is not None and b"=" in mod.data else ""
    for m in _ASSIGN.finditer(text):
        if not M.mask_text.search(m.group(4)) or not M.is_secret_name(m.group(2)):
            continue
        fn = _origin(text, m.group(1))
        if fn is not None and fn not in ("Object", "JSON"):
            out.setdefault(fn, []).append((m.group(2), m.start()))
    got = mod._masked_results = out
    return got


def _origin(text: str, var: str) -> Optional[str]:
    """The function whose result ``var`` was reached from (up to six steps back), or None."""
    for _ in range(6):
        m = re.search(_DECL % re.escape(var), text) or re.search(_LOOP % re.escape(var), text)
        if m is None:
            return None
        expr = re.sub(r"^await\s+", "", re.sub(r"\s+as\s+.*$", "", m.group(1).strip())).strip().rstrip(",")
        nxt = next((r.match(expr) for r in (_SPREAD, _VALUES, _PICK) if r.match(expr)), None)
        if nxt is not None:
            var = nxt.group(1)
            continue
        call = _CALL.match(expr)
        if call is not None:
            return call.group(1)
        name = _NAME.match(expr)
        if name is None:
            return None
        var = name.group(1)
    return None


def unmasked_result(fa, node, short: str) -> Optional[Taint]:
    """The credential a call of ``short`` returns, when the module masks that field of its results
    elsewhere but not in this function (``fa``): a secret returned to the caller."""
    sites = masked_results(fa.mod).get(short)
    if not sites or fa.node is None:
        return None
    if any(fa.node.start_byte <= off < fa.node.end_byte for _, off in sites):
        return None  # this function masks it itself
    what = f"{short}().{sites[0][0]}"
    return {("s", what): Info((fa.step(node, f"secret {what} read (a field the server masks where it shows it "
                                              "elsewhere)"),), clean=frozenset({"log"}))}


__all__ = ["masked_results", "unmasked_result"]
