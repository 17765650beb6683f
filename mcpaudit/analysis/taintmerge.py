"""Merging the taint of linked flows (the linker's and the TypeScript linker's helpers)."""

from __future__ import annotations

from typing import Dict

from .summary import Step
from .taintvalue import Info, Taint, merge_info

_merge = merge_info  # the one meet of two flows' taint (kept under the linker's old name)


def _union(a: Taint, b: Taint) -> Taint:
    if not a:
        return dict(b)
    out = dict(a)
    for k, v in b.items():
        out[k] = v if k not in out else merge_info(out[k], v)
    return out


def _with_step(info: Info, step: Step) -> Info:
    steps = info.steps + (step,)
    return Info(steps, info.weak, info.clean, info.resolved, info.key, info.built, info.checked, info.rooted)


def _env_key(env: Dict[str, Taint]) -> tuple:
    return tuple(sorted(
        (name, tuple(sorted((str(l), i.weak is not None, tuple(sorted(i.clean)), i.resolved) for l, i in t.items())))
        for name, t in env.items()))
