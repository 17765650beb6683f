"""One handler's failure is that handler's, for the TypeScript linker.

The linker follows the project's references (re-exports, aliases, spreads, returns) and calls
recursively; a shape the guards did not foresee (a cycle, a chain deeper than the interpreter's
stack) or a bug of ours must cost the analysis of one handler (one function, one registration),
not the whole engine's results. Each top-level analysis (a handler's run, a function's run with
clean parameters, a registration turned into tools) is run here: a failure is recorded in
``link_errors`` as (module, what failed, why), reported by the driver as an engine error with
the path (the results are incomplete), and the rest goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator, List, Tuple, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

T = TypeVar("T")
_MAX_ERRORS = 20


class Failsafe:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker` (first, so that its
    ``instantiate`` wraps the taint propagation's)."""

    link_errors: List[Tuple[str, str, str]]

    def failed(self, path: str, what: str, exc: BaseException) -> None:
        """Record that the analysis of ``what`` in module ``path`` failed with ``exc``."""
        errors = self.__dict__.setdefault("link_errors", [])
        why = f"{type(exc).__name__}: {exc}"[:200]
        if len(errors) < _MAX_ERRORS and (path, what, why) not in errors:
            errors.append((path, what, why))

    def instantiate(self: "TsLinker", path, fn, env, depth, stack, hint, handler=None, given=frozenset()):
        if depth:
            return super().instantiate(path, fn, env, depth, stack, hint, handler, given)  # type: ignore[misc]
        try:
            return super().instantiate(path, fn, env, depth, stack, hint, handler, given)  # type: ignore[misc]
        except Exception as exc:  # a recursion too deep, a bug of ours: this one only
            self.failed(path, f"function {fn.qualname}" if handler is None else f"handler of tool '{handler.name}'", exc)
            return {}

    def guarded_items(self, path: str, what: str, items: Callable[[], Iterator[T]]) -> Iterator[T]:
        """The items ``items()`` yields, until it fails (recorded)."""
        try:
            yield from items()
        except Exception as exc:  # a recursion too deep, a bug of ours: this one only
            self.failed(path, what, exc)


__all__ = ["Failsafe"]
