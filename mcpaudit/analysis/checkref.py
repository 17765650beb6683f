"""Validator helpers verified when modules are linked.

``validate_name(x)`` as a statement, or ``if not is_valid(x): refuse``, where the helper is in
another module or is a method, cannot be read while one module is analysed: the value is marked
weakly checked, with a reference to the call (:data:`narrowing.CHECK_REF`). Once every module's
summary is known, the linker looks the helper up: when its summary proves that it raises on (or
returns a false verdict for, see :mod:`.verdicts`) every value not clean for the sink's family --
an anchored regex match, an allow-list, a character-class test, a containment check -- the check
is a sanitiser like a local one. A helper whose own check is a call of another module's helper is
followed to that one.

A helper that is not proven may still show, by its lists, that it leaves the caller what the sink
runs: a program allow-list with launchers, an option deny-list by exact name
(:func:`weak_list_note`, lists read by :mod:`.cmdlists`).
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Tuple

from .egressguard import egress_verified
from .softkeep import kept_families
from .narrowing import CHECK_REF, NO_REALPATH
from .reqcreds import NO_DOT_SEGMENT
from .ts.rootargs import ref_real, ref_state, settle, split_argpos
from .urlpath import URL_PATH
from .taintvalue import ALL, DANGLING, UNCHECKED, either_weak, guard_ref


#: how deep a validator's calls are followed for its lists (cmdlists.py)
_DEPTH = 4

#: references of checks mcpaudit takes as no check at all unless they are verified: the verdict of
#: another module's ``ok, why = check(p)`` and a root found by another module's function
SOFT_MODES = ("verdict", "ancestor", "guard", "egress", "slug")  # egressguard.py, slugequal.py


#: between the weak reasons of checks a value passed in turn when the first refers to a validator
#: the linker reads (:func:`chained`): any of them it verifies makes the value clean
LATER = "\x1e"
_MOST = 4


def chained(first: Optional[str], later: Optional[str]) -> Optional[str]:
    """The weak reason of a value that passed ``first`` and then ``later``: the first's (as
    :func:`~.taintvalue.either_weak`), and the later one kept behind it when the first is a
    reference the linker may fail to verify: ``checkExtension(p); ensureInside(p)`` - the
    containment helper, not the extension test, is what proves a path clean."""
    if not first or not later or CHECK_REF not in first or guard_ref(first) or guard_ref(later) \
            or later in first.split(LATER) or first.count(LATER) >= _MOST - 1:
        return either_weak(first, later)
    return first + LATER + later


def serial_weak(linker, inner: Optional[str], outer: Optional[str]) -> Optional[str]:
    """The weak reason of a project function's result (``inner``: what the callee's own checks
    left) that the caller then passed to another module's validator (``outer``, a reference the
    linker reads): ``const p = resolveInRoot(name); await verifyPathSafety(p);`` - the lexical
    containment inside ``resolveInRoot`` is weak for want of realpath, the helper after it
    realpaths ``p`` and raises outside the root. Both are kept (:func:`chained`), so that the
    helper, once verified, makes the value clean, and the callee's own reason is what is shown
    when it is not (:func:`later_check`). The TypeScript linker's (``serial_refs``); elsewhere,
    and for any other pair, the first reason (:func:`~.taintvalue.either_weak`)."""
    if inner and outer and CHECK_REF in outer and CHECK_REF not in inner and getattr(linker, "serial_refs", False):
        return chained(outer, inner)
    return either_weak(inner, outer)


def later_check(linker, info, family: str):
    """``info`` with the one weak reason to show of checks it passed in turn (:func:`chained`):
    a check read with its own reason (in place, or a lexical containment helper) before one
    the linker could not verify, none that is no check for ``family`` (:func:`soft`,
    :func:`disproved`)."""
    parts = (info.weak or "").split(LATER)
    if len(parts) == 1:
        return info
    kept = [w for w in parts if not (soft(w) or disproved(linker, w, family))]
    read = [w for w in kept if CHECK_REF not in w or _lexical_reason(linker, w, family)]
    return info.replace(weak=(read or kept or parts)[0])


def soft(weak: Optional[str]) -> bool:
    """A weak reason that is no check at all when its reference is not verified."""
    return bool(weak) and CHECK_REF in weak and weak.split(CHECK_REF, 1)[1].split("|", 1)[0] in SOFT_MODES


def verified(linker, weak: Optional[str], family: str, memo: Dict[Tuple[str, str], bool]) -> bool:
    """True when the validator ``weak`` refers to is proven to clean values for ``family``."""
    if not weak or CHECK_REF not in weak:
        return False
    if LATER in weak:
        return any(verified(linker, w, family, memo) for w in weak.split(LATER))
    key = (weak, family)
    if key not in memo:
        memo[key] = False  # a helper that asks itself proves nothing
        memo[key] = _verified(linker, weak.split(CHECK_REF, 1)[1], family, memo)
    return memo[key]


#: the detail of a query-document sink (a GraphQL client's, ``document: true`` rows of the TS
#: models): only the caller's whole document reaches it; text built from a value does not count
DOCUMENT = "a query document"


def verified_sink(linker, info, family: str, sink):
    """None when the validator ``info.weak`` refers to proves the value clean for ``sink``
    (:func:`verified`), else ``info``. A validator that contains its argument only where the path
    exists (it realpaths it, and falls back to a lexical resolve where realpath fails: DANGLING
    among what it validates) does not contain a write that creates the path: ``info`` with that
    reason (dangling.py)."""
    if info.built and getattr(sink, "detail", "") == DOCUMENT:
        return None  # a value pasted into a document the server wrote (GraphQL keeps values in variables)
    if not info.weak or not (verified(linker, info.weak, family, linker._verified_checks) or _real_contained(linker, info, family)):
        return info
    ref = _ref_param(linker, info.weak) if family == "path" and getattr(sink, "creates", False) else None
    if ref is None or DANGLING not in ref[1].validates.get(ref[2], frozenset()):
        return None
    from .dangling import WHY
    return info.replace(weak=WHY, checked=True)


def _real_contained(linker, info, family: str) -> bool:
    """A realpath'd value (``~real``, ts/symlinks.py) that another module's predicate contains
    lexically (``path.resolve(p)`` then ``startsWith(root + sep)`` at every true verdict): whole,
    as a lexical containment check of a real path is in the checking module (verdicts.py)."""
    return family == "path" and "~real" in info.clean and LATER not in (info.weak or "") and \
        _checked_real(info.weak) and bool(_lexical_reason(linker, info.weak, family))


def _checked_real(weak: Optional[str]) -> bool:
    """The reference records that the value checked was the realpath'd one (mode ``real``, or a
    true verdict's ``r``): a realpath after a lexical check (CVE-2025-53109) is not."""
    if not weak or CHECK_REF not in weak:
        return False
    parts = weak.split(CHECK_REF, 1)[1].split("|")
    return len(parts) == 5 and (parts[0] == "real" or ref_real(parts[4]))


def state_free(linker, path: str, argpos: str) -> FrozenSet[int]:
    """The positions of a reference's arguments that hold module variables (ts/rootargs.py) no
    store of which, linked, carries caller input (``setAllowedDirectories(args.dirs)`` in a
    tool makes ``allowedDirectories`` the caller's)."""
    fields = getattr(linker, "fields", {})
    getattr(linker, "fields_read", set()).update((path, "", n) for names in ref_state(argpos).values() for n in names)  # a later store: run again
    return frozenset(i for i, names in ref_state(argpos).items()
                     if not any(lbl and lbl[0] == "src" for n in names for lbl in fields.get((path, "", n), {})))


def _verified(linker, ref: str, family: str, memo) -> bool:
    try:
        mode, path, qualname, target, argpos = ref.split("|")
    except ValueError:
        return False
    if not target or mode == "guard":
        return False  # where a check is (firstword.AT), or a command guard (guardref.py): no proof
    mod = linker.modules.get(path)
    caller = mod.functions.get(qualname) if mod is not None else None
    hit = _resolve(linker, path, caller, target)
    if hit is None:
        return False
    callee, is_method = hit[1], hit[2]
    params = list(callee.params)
    if is_method and params and params[0].name in ("self", "cls"):
        params = params[1:]
    positional = [p.name for p in params if p.kind == "pos"]
    raw, free = argpos, split_argpos(argpos)[1] | state_free(linker, path, argpos)  # "0@1": argument 1 carries no caller input (ts/rootargs.py)
    argpos = split_argpos(argpos)[0]
    argpos, _, prop = argpos.partition(".")  # "0.limit": a property of the argument (a type guard)
    i = int(argpos)
    if i >= len(positional):
        return False
    if mode == "ancestor":  # it returns a folder above its (normalised) argument
        how = callee.ancestor_of.get(positional[i])
        if how is None or family != "path":
            return False
        return not how or verified(linker, how, family, memo)
    if mode == "slug":  # v == normalise(v): what the normaliser's result is clean for (slugequal.py)
        from .slugequal import returned_clean
        return family in returned_clean(callee, positional[i])
    if mode == "egress" or (mode == "raise" and family == "ssrf"):  # a resolve-then-refuse guard (egressguard.py)
        if family == "ssrf" and egress_verified(linker, hit[0], callee, positional[i], memo):
            return True
        if mode == "egress":
            return False
    if mode in ("raise", "real"):
        fams = callee.validates.get(positional[i], frozenset())
        if ALL in fams or family in fams:
            return True
        # "real": the argument was realpath'd, so a containment check that is weak only for want
        # of realpath (a lexical resolve) is whole
        return mode == "real" and family == "path" and \
            (callee.weak_checks.get(positional[i]) or "").startswith(NO_REALPATH)
    # a true verdict of the helper (its summary's verdicts); a helper whose check is itself a
    # call of another module's helper is as good as that one
    fams, weak = callee.verdicts.get(f"{positional[i]}.{prop}" if prop else positional[i], (frozenset(), None))
    fams, weak = settle(fams, weak, positional, free)  # a containment in the roots the caller passes
    if weak and family == "path" and ref_real(raw) and weak.startswith(NO_REALPATH) and CHECK_REF not in weak:
        return True  # a lexical containment of the realpath'd argument ("0@r"): whole
    if weak:  # a sound containment survives an unrelated soft check's reason (softkeep.py)
        return family in kept_families(fams, weak) or verified(linker, weak, family, memo)
    return ALL in fams or family in fams


def disproved(linker, weak: Optional[str], family: str) -> bool:
    """True when the validator ``weak`` refers to is read whole and proves its argument clean
    for other families only: a true verdict that shows the value parses as a URL (so it is no
    option) says nothing of the host a request goes to. A check of that kind is no check for
    ``family``."""
    if not weak or CHECK_REF not in weak:
        return False
    ref = _ref_param(linker, weak)
    if ref is None or ref[0] in ("guard", "ancestor", "slug"):
        return False
    mode, callee, param = ref
    form = callee.validates.get(param, frozenset())
    if callee.weak_checks.get(param) or (form and UNCHECKED not in form):
        return False  # a throwing helper's proof counts unless it tests the form only (ts/formchecks.py)
    fams, chained = (form, None) if form and mode in ("raise", "real") else callee.verdicts.get(param, (frozenset(), None))
    return bool(fams) and not chained and ALL not in fams and family not in fams


def lexical_verdict(linker, info, family: str):
    """``info`` with the reason of the helper of another module its weak reason refers to, when
    that helper contains the value on a lexically resolved path only (``path.resolve(p)`` then
    ``=== root || startsWith(root + sep)`` at every true verdict, or before it raises): the same
    "no realpath" reason the helper gives a caller of its own module (CVE-2025-53109), in place
    of "not verified". A helper made by a factory and destructured (``const { inRoot } =
    makeContext(cfg)``) resolves through the factory's returned object (link.py). Of checks
    passed in turn (:func:`chained`), the one to show (:func:`later_check`)."""
    info = later_check(linker, info, family)
    if _dot_free(linker, info, family):
        return info.replace(weak=None, clean=info.clean | {NO_DOT_SEGMENT})
    reason = _lexical_reason(linker, info.weak, family)
    return info.replace(weak=reason) if reason else info


def _dot_free(linker, info, family: str) -> bool:
    """A URL path fill (urlpath.URL_PATH) checked by another module's helper (or a method) that
    raises unless an anchored pattern no dot segment passes matches it (``if not
    NAME_RE.fullmatch(v): raise``, dotsegments.py), or whose true verdict is such a match
    (``if (!this.validateId(v)) throw`` with ``return /^[a-z_]+\\.[a-z0-9_]+$/.test(v)``): the path
    fill it is, with the mark that it cannot climb (reqcreds.py), as a caller in the helper's own
    module reads it."""
    if family != "ssrf" or URL_PATH not in info.clean or not info.weak or CHECK_REF not in info.weak or LATER in info.weak:
        return False
    ref = _ref_param(linker, info.weak)
    if ref is not None and ref[0] == "true":  # if (!this.isValidId(v)) throw: its true verdict (ts32c)
        fams, chained_ref = ref[1].verdicts.get(ref[2], (frozenset(), None))
        return not chained_ref and NO_DOT_SEGMENT in fams
    return ref is not None and ref[0] == "raise" and NO_DOT_SEGMENT in ref[1].validates.get(ref[2], frozenset())


def _lexical_reason(linker, weak: Optional[str], family: str) -> Optional[str]:
    """The "no realpath" reason of the helper ``weak`` refers to (:func:`lexical_verdict`)."""
    if family != "path" or not weak or CHECK_REF not in weak or not getattr(linker, "lexical_refs", False):
        return None  # (the TypeScript linker's; Python's reads its helpers' containment itself)
    ref = _ref_param(linker, weak)
    if ref is None or ref[0] not in ("true", "raise"):
        return None
    mode, callee, param = ref
    if mode == "true":  # a containment in roots the caller passed (ts/rootargs.py)
        positional = [p.name for p in callee.params if p.kind == "pos" and p.name not in ("self", "cls")]
        reason = settle(*callee.verdicts.get(param, (frozenset(), None)), positional, _ref_free(linker, weak))[1]
    else:
        reason = callee.weak_checks.get(param)
    return reason if reason and reason.startswith(NO_REALPATH) and CHECK_REF not in reason else None


def _ref_free(linker, weak: str) -> FrozenSet[int]:
    """The positions of the arguments free of caller input a reference records (ts/rootargs.py)."""
    parts = weak.split(CHECK_REF, 1)[1].split("|")
    return split_argpos(parts[-1])[1] | (state_free(linker, parts[1], parts[-1]) if len(parts) == 5 else frozenset())


def _ref_param(linker, weak: str):
    """``(mode, validator summary, parameter name)`` of the validator a weak reason refers to and
    the positional parameter the checked value was passed as; None when it cannot be resolved."""
    try:
        mode, path, qualname, target, argpos = weak.split(CHECK_REF, 1)[1].split("|")
    except ValueError:
        return None
    argpos = split_argpos(argpos)[0]
    if not target or "." in argpos:
        return None
    mod = linker.modules.get(path)
    hit = _resolve(linker, path, mod.functions.get(qualname) if mod is not None else None, target)
    if hit is None:
        return None
    params = [p for p in hit[1].params if p.name not in ("self", "cls")] if hit[2] else list(hit[1].params)
    positional = [p.name for p in params if p.kind == "pos"]
    i = int(argpos)
    return (mode, hit[1], positional[i]) if i < len(positional) else None


def _resolve(linker, path: str, caller, target: str):
    """The validator a reference names: ``target`` as written, or - a method of an attribute or
    of an object (``self.validator.check``, ``pm.allowed`` with ``pm = PM()``), written without
    its class - the one call of that method name the interpreter typed in the caller."""
    hit = linker.resolve(path, caller, target)
    if hit is None and caller is not None:
        name = target.rsplit(".", 1)[-1]
        typed = sorted({c.target for c in caller.calls.values() if c.target.rsplit(".", 1)[-1] == name})
        hit = linker.resolve(path, caller, typed[0]) if len(typed) == 1 else None
    return hit


def _chain(linker, ref: str) -> List[Tuple[str, Tuple[str, ...]]]:
    """The lists of the validator a weak reason refers to and of the project functions it calls."""
    try:
        _mode, path, qualname, target, _argpos = ref.split("|")
    except ValueError:
        return []
    if not target:
        return []  # where a check is (firstword.AT), not a validator
    mod = linker.modules.get(path)
    caller = mod.functions.get(qualname) if mod is not None else None
    if caller is None:
        return []
    hit = _resolve(linker, path, caller, target)
    if hit is None:
        return []
    out: List[Tuple[str, Tuple[str, ...]]] = []
    seen = set()
    todo = [(hit[0], hit[1], 0)]
    while todo:
        p, fn, depth = todo.pop()
        if (p, fn.qualname) in seen:
            continue
        seen.add((p, fn.qualname))
        out.extend(getattr(fn, "guard_lists", ()))
        if depth < _DEPTH:
            for rec in fn.calls.values():
                for t in linker.resolve_all(p, fn, rec.target):
                    todo.append((t[0], t[1], depth + 1))
    return out


def weak_list_note(linker, weak: Optional[str], family: str, M) -> Optional[str]:
    """Why the validator a weak reason refers to leaves the caller the program (``shell``) or the
    options that run one (``argument``), from its lists; None when its lists do not show it."""
    if not weak or CHECK_REF not in weak or family not in ("shell", "argument"):
        return None
    guards = _chain(linker, weak.split(CHECK_REF, 1)[1])
    if family == "shell":
        launchers: FrozenSet[str] = M.launcher_programs | {p.rsplit("/", 1)[-1] for p in M.shell_programs}
        allows = [set(s) for kind, s in guards if kind == "allow"]
        held = [sorted(a & launchers) for a in allows]
        if allows and all(held):
            shown = ", ".join(sorted({p for h in held for p in h})[:4])
            return (f"its program allow-list holds programs that run other programs ({shown}), so the caller "
                    "runs any program through them")
        return None
    running = {o for opts in M.option_programs.values() for o in opts if o.startswith("--")}
    allowed = {o for kind, s in guards if kind == "allow" for o in s}  # an option allow-list names what passes
    listed = {o for kind, s in guards if kind == "opts" for o in s} - allowed
    named = sorted(listed & running)
    if named:
        return (f"an option deny-list by exact name ({', '.join(named[:3])}): GNU programs also take any "
                "unambiguous abbreviation of a long option (--to-comm=...), and options it does not name run "
                "programs too")
    short = sorted(listed & hazardous_short_options(M))
    if short:
        return (f"an option deny-list by exact name ({', '.join(short[:3])}): a short option also takes its value "
                f"attached or follows other flags in one word ({short[0]}.bak, -n{short[0][1:]}), which the exact "
                "name does not match")
    return None


def validator_program(linker, weak: Optional[str]) -> Optional[str]:
    """The one program the validator a weak reason refers to (and the project functions it calls)
    admits as the first word (``if parts[0] != "aws": raise``), when none of them also holds a
    program allow-list (which would admit other programs somewhere); None otherwise."""
    if not weak or CHECK_REF not in weak:
        return None
    guards = _chain(linker, weak.split(CHECK_REF, 1)[1])
    progs = {p for kind, s in guards if kind == "prog" for p in s}
    if len(progs) != 1 or any(kind == "allow" for kind, _s in guards):
        return None
    return next(iter(progs))


def hazardous_short_options(M) -> FrozenSet[str]:
    """Short options the process models know to run a program or write a file (``option-programs``,
    ``output-options``, a ``writing-uses`` row like ``sed -i``)."""
    tables = (*M.option_programs.values(), *M.output_options.values(),
              *([w.split()[1]] for w in M.writing_uses.values() if len(w.split()) == 2))
    return frozenset(o for opts in tables for o in opts if len(o) == 2 and o[0] == "-" and o[1].isalpha())
