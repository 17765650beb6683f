"""Linking the script files of :mod:`.scriptfiles`: a command line that runs a file holding the
caller's text with an interpreter (a value marked both ``WRITTEN`` and ``RUN``) reaches a shell sink (``exec(command)`` in a helper); the text
is code the interpreter runs, reported as the code family at that sink. An interpreter picked
from a constant table (``languageIdToExecutorMap[languageId]``) counts when one of the table's
programs is an interpreter of the process models (``script-programs``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from ...catalog import catalog
from ..taintvalue import ALL
from .scriptfiles import RUN, WRITTEN

_WRITTEN_TO = "written to the file '"

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker


class ScriptRuns:
    """Mixed into the TS linker: the script-file part of a shell sink's taint becomes code."""

    def _report(self: "TsLinker", path, fn, sink, t, env, hint, handler) -> None:
        if sink.family == "shell" and t and any(WRITTEN in i.clean for i in t.values()):
            rest = {}
            for label, info in t.items():
                tok = next((c for c in info.clean if c.startswith(RUN)), None) if WRITTEN in info.clean else None
                if tok is None:
                    rest[label] = info
                    continue
                prog = self._run_program(tok[len(RUN):])
                if prog is not None:
                    var = next((st.note[len(_WRITTEN_TO):-1] for st in info.steps if st.note.startswith(_WRITTEN_TO)), "")
                    code = replace(sink, family="code", detail=f"the file '{var}' is run by {prog}, with the caller's "
                                                               "text written in it")
                    super()._report(path, fn, code, {label: info.replace(clean=info.clean - {ALL, tok, WRITTEN})}, env, hint,
                                    handler)
            t = rest
        super()._report(path, fn, sink, t, env, hint, handler)

    def _run_program(self: "TsLinker", what: str) -> Optional[str]:
        """The interpreter a RUN mark names: the program, or the first of a constant table's
        programs that is an interpreter."""
        if not what.startswith("T:"):
            return what or None
        mpath, _, table = what[2:].partition("\x1f")
        hit = self.lookup(mpath, table)
        if hit is None or not hit[1].startswith("o:"):
            return None
        programs = catalog().typescript.script_programs
        for value in self.modules[hit[0]].tables.get(hit[1][2:], {}).values():
            words = value[2:].split() if value.startswith("s:") else []
            if words and words[0].rsplit("/", 1)[-1] in programs:
                return words[0]
        return None


__all__ = ["ScriptRuns"]
