"""One function's analysis failing must not lose the module: a bug in the analysis of one function
(an unexpected shape the interpreter does not handle) is recorded on the module, that function gets
no summary, and every other function of the file is still analysed. The engine reports the file as
partially analysed (a warning naming the function, its line and the error)."""

from __future__ import annotations

import functools

# not caught here: the per-file time limit and resource exhaustion end the whole file's analysis
# (the engine's ``guarded`` turns them into a skip reason)
_FATAL = (RecursionError, MemoryError)


def isolated(analyze):
    """Wrap ``analyze(mod, fn, qualname, ...)`` so that an exception becomes an entry
    ``(line, qualname, "Type: message")`` in ``mod.partial``."""

    @functools.wraps(analyze)
    def run(mod, fn, qualname, *args, **kwargs):
        try:
            return analyze(mod, fn, qualname, *args, **kwargs)
        except _FATAL:
            raise
        except Exception as exc:
            if type(exc).__name__ == "CpuLimit":  # the engine's per-file limit (engines/cpulimit.py)
                raise
            try:
                line = mod.pos(fn)[0]
            except Exception:
                line = 0
            mod.partial.append((line, qualname, f"{type(exc).__name__}: {exc}"[:200]))
            return None

    return run
