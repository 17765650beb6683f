"""Calls of the project's own wrappers around a sink, for the engine agreement.

A helper such as ``function exec(cmd) { return execSync(cmd, ...) }`` moves the sink one call
away from where a pattern rule sees it: semgrep flags ``exec(`git tag ${version}`)`` at the call,
the taint analysis records the sink inside the helper, parametric in ``cmd``. When no reported
flow passes through that call, the analysis followed it and found no caller input reaching the
helper's sink: the call is "followed and found safe" like a sink only constants reach, and a
pattern finding of the same hazard there is demoted (:mod:`mcpaudit.agreement`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Set, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

_PARAM_LABELS = ("p", "pf")


def safe_wrapper_calls(linker: "TsLinker") -> Set[Tuple[str, int, str]]:
    """(path, line, family) of every call of a project function that passes its parameter on to
    a sink, where no reported flow goes through the call."""
    through = {(s.location.path, s.location.line) for raw in linker.findings.values() for s in raw.flow}
    out: Set[Tuple[str, int, str]] = set()
    for path in sorted(linker.modules):
        for fn in linker.modules[path].functions.values():
            for rec in fn.calls.values():
                line = rec.pos[0]
                if (path, line) in through:
                    continue
                for target in linker.resolve_all(path, fn, rec.target):
                    for sink in target[1].sinks:
                        # a recorded sink the link decides is none (a project object's method named
                        # like a library client's, returnedclients.py) was not followed
                        if any(label[0] in _PARAM_LABELS for label in sink.taint) and \
                                not linker.not_a_sink(target[0], target[1], sink):
                            out.add((path, line, sink.family))
    return out
