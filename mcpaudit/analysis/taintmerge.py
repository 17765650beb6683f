"""Small helpers of the linkers (Python and TypeScript): a flow extended by a step, the memo
key of an environment, the flow steps a finding shows, where a value entered an argument list.
Merging two flows' taint is :func:`taintvalue.union`."""

from __future__ import annotations

from typing import Dict, List, Optional

from ..models import FlowStep, Location
from .summary import FuncSummary, SinkRec, Step
from .taintvalue import ARGV_ADDED, Info, Taint, union



def _with_step(info: Info, step: Step) -> Info:
    steps = info.steps + (step,)
    return Info(steps, info.weak, info.clean, info.resolved, info.key, info.built, info.checked, info.rooted)


def _env_key(env: Dict[str, Taint]) -> tuple:
    """The memo key of an environment: its labels and what decides their verdicts, and where a
    value was added to an argument list (an argument-injection finding is reported there, so a
    dispatch table of ``lambda: cmds.get_all(arguments["release"])`` entries, each building its
    own argv for one shared runner, keeps a finding per builder)."""
    return tuple(sorted(
        (name, tuple(sorted((str(l), i.weak is not None, tuple(sorted(i.clean)), i.resolved, _placed_at(i))
                            for l, i in t.items())))
        for name, t in env.items()))


def _placed_at(info: Info) -> Optional[tuple]:
    st = _argv_placement(info)
    return (st.path, st.line) if st is not None else None


_NOT_MODELS = {"Path", "PurePath", "PosixPath", "AnyUrl", "HttpUrl", "AnyHttpUrl", "Any", "Optional",
               "Union", "List", "Dict", "Sequence", "Mapping", "Annotated", "Url", "URL", "SecretStr"}


def _model_annotation(ann: Optional[str]) -> bool:
    """A parameter typed with a class of the project (a pydantic model, a dataclass)."""
    if not ann:
        return False
    last = ann.strip().split(".")[-1]
    return last.isidentifier() and last[:1].isupper() and last not in _NOT_MODELS


def _flow(info: Info, path: str, sink: SinkRec) -> List[FlowStep]:
    steps = []
    last = None
    for st in info.steps:
        loc = Location(st.path or path, st.line, st.column)
        key = (loc.path, loc.line, st.note)
        if key == last:
            continue
        if last is not None and last[:2] == key[:2] and st.note.startswith("parameter '") and \
                last[2].startswith(st.note):
            continue  # the handler's own parameter step, already named with its tool
        last = key
        steps.append(FlowStep(loc, st.note))
    return steps


_ARGV_ELSEWHERE = "argv built elsewhere"


def _argv_placement(info: Info) -> Optional[Step]:
    """The step where the value was added to an argument list after its program with no '--'
    before it (the last one: the list that reached the sink), or None."""
    return next((st for st in reversed(info.steps) if st.note.startswith(ARGV_ADDED)), None)


def through_where(info: Info, fn_name: str, path: str, line: int) -> str:
    """Where a flow met its sink, for a message: through the project's own wrapper
    (`` through run() at util.py:12``) when the value was passed to it, else `` at line 12``."""
    if any(st.note == f"passed to {fn_name}()" for st in info.steps):
        return f" through {fn_name}() at {path}:{line}"
    return f" at line {line}"


def _forwarded_elements(fn: FuncSummary, cache):
    """``return helper(...)`` on every path: the helper's tuple elements (or its returned object
    literal's properties) are the function's own (a method wrapping a module function that
    returns ``username, password``)."""
    idxs = set()
    for _pos, t in fn.returns:
        calls = [label for label in t if label[0] == "c" and len(label) == 2]
        if len(t) != 1 or len(calls) != 1:
            return None
        idxs.add(calls[0][1])
    if len(idxs) != 1:
        return None
    parts = cache.get((idxs.pop(), "elements"))
    if parts and all(isinstance(e, dict) for _w, e in parts):  # an object literal's properties (ts/retfields.py)
        keys = set().union(*(e for _w, e in parts))
        return {k: union(*(picked(e, k, w) for w, e in parts)) for k in keys}
    if not parts or any(not isinstance(e, list) for _w, e in parts) or len({len(e) for _w, e in parts}) != 1:
        return None
    out: List[Taint] = [{} for _ in parts[0][1]]
    for _whole, elems in parts:
        out = [union(o, e) for o, e in zip(out, elems)]
    return out


#: the property key of a call's result that stands for all its properties, packed as forward.pack
#: does (``("#", field, *label)``): a variable holding a project call's result, handed on whole to
#: another function, binds each property of the returned object literal to the callee's parameter
RESULT_FIELDS = "#*"
#: in a Python function's fields (retkeys.py): what a key no returned dict display holds may carry,
#: the union of its returns that are no display (nothing when every return is one)
OTHER_KEYS = "\x1f*"


def picked(elems, k, whole: Taint) -> Taint:
    """Element ``k`` (an index) of a target's tuple elements, or property ``k`` (a name) of its
    returned object literal's (ts/retfields.py); its whole result when it keeps no such one."""
    if k == RESULT_FIELDS:  # the call's result handed on whole: its properties, packed (ts/retfields.py)
        return _packed(elems) if isinstance(elems, dict) else {}
    if isinstance(elems, dict):  # a key no display returns: the other returns' (retkeys.OTHER_KEYS)
        return elems.get(k, elems.get(OTHER_KEYS, whole)) if isinstance(k, str) else whole
    return elems[k] if elems is not None and isinstance(k, int) and k < len(elems) else whole


def _packed(fields: Dict[str, Taint]) -> Taint:
    """Each property's taint under ``("#", field, *label)``; a property with none as ``("#", field)``."""
    out: Taint = {}
    for f, t in fields.items():
        if not t:
            out[("#", f)] = Info(())
        for lbl, i in t.items():
            out[("#", f, *lbl)] = i
    return out
