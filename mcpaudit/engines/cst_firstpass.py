"""The cst engine's first pass as a driver: read every file, digest it with ``ast``
(:mod:`mcpaudit.firstpass`), select the modules that can change the result, and analyse only
those with libcst (:func:`mcpaudit.engines.cst.analyze_files`).

Two things here only schedule work, and change no result:

- a tree too big to be analysed in the scanning process (:mod:`.smallwork`) will start the worker
  pool, whose fork server imports libcst and the analysis (about half a second of CPU); once the
  first pass has read more than twice that limit of new non-test code (not in the cache), the
  fork server is started, so that import runs on the other core during the first pass
  (:func:`prewarm_pool`);
- ``on_first_pass`` hands the first pass's ``ast`` trees to the caller before the deep analysis,
  so the posture pass can index them while the workers run (:mod:`mcpaudit.pipeline`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from .._gc import freeze_alive, paused
from ..analysis.loader import decode_source
from ..analysis.modnames import root_dotted
from ..models import Confidence
from ..sources import is_test_path
from ..importedhelpers import bindings_and_helpers, with_helpers
from ..starnames import bindings as star_bindings
from ..projectinputs import digest as inputs_digest
from .cpulimit import file_limit, within_cpu
from .cst import FileResult, _stable, analyze_files, read_source
from .smallwork import MAX_CHARS, in_process_safe


def prewarm_pool() -> None:
    """Start the worker pool's fork server now (it imports the analysis in its own process while
    this one goes on); a pool made later forks its workers from it. Nothing when the pool does
    not use a fork server, or it cannot be started (the pool then starts it, or says why)."""
    from .cst import _mp_context

    try:
        ctx = _mp_context()
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    except Exception:  # pragma: no cover - the pool reports its own failure to start
        pass


class _Prewarm:
    """Counts the bytes of non-test code the first pass reads that were not in its cache; past
    twice :data:`~.smallwork.MAX_CHARS` the tree will need the worker pool: start it now, once."""

    def __init__(self) -> None:
        self.fresh = 0

    def saw(self, rel: str, data: bytes) -> None:
        if self.fresh <= 2 * MAX_CHARS and not is_test_path(rel):
            self.fresh += len(data)
            if self.fresh > 2 * MAX_CHARS:
                prewarm_pool()


def _read_sources(files: Sequence[Tuple[str, str]], max_bytes: int, content_hash):
    """Each file's bytes, text and content hash by relative path; and the files that cannot be
    read or decoded (the analysis reports why)."""
    sources: Dict[str, Tuple[bytes, str, str]] = {}  # rel -> (bytes, text, content hash)
    unreadable: List[Tuple[str, str]] = []
    for a, r in files:
        data, _why = read_source(a, max_bytes)
        try:
            text, _enc = decode_source(data) if data is not None else (None, None)
        except Exception:  # SourceError, or a codec misbehaving: the analysis says why
            text = None
        if data is None or text is None:
            unreadable.append((a, r))
        else:
            sources[r] = (data, text, content_hash(data))
    return sources, unreadable


def first_pass_run(files: Sequence[Tuple[str, str]], root: Path, *, jobs: int, max_bytes: int,
                    parse_timeout: float, min_confidence: Confidence, progress, cache,
                    deadline: Optional[float], isolate: bool, freeze: bool = False, on_first_pass=None,
                    share=None):
    """The first pass over ``files``, then the deep analysis of the modules it selects.

    Returns the results of every file, in order (the files left out with their text and no
    summary, as if the pre-filter had left them out); the link step's result when the cache holds
    it for exactly these file contents (else None); the ``ast`` trees of the non-test files the
    first pass parsed (the posture facts reuse them; frozen with ``freeze``); what the first pass
    did (the scan statistics' ``first_pass``); and the cache key under which :func:`run` stores
    the outcome (None when it must not be cached). ``on_first_pass(texts, trees)`` (texts by
    path; the trees returned) is called once the first pass is done, before the deep analysis:
    the posture index is built from those trees while the worker processes run. ``share``: a
    forked child digesting part of the files (:mod:`.firstshare`), whose digests are taken.

    A file that cannot be read or decoded goes to the analysis, which reports why. A selected file
    the analysis could not summarise (a syntax error, a timeout) leaves the module index and the
    selection is made again (a call resolves as if every file were analysed), until stable."""
    from .. import firstpass as FP
    from ..cache import content_hash

    low = min_confidence <= Confidence.LOW
    sources, unreadable = _read_sources(files, max_bytes, content_hash)
    by_rel = {r: (a, r) for a, r in files}
    tree_key = None
    if cache is not None and not unreadable:
        tree_key = tree_key_of([(r, h) for r, (_d, _t, h) in sources.items()], min_confidence, root_dotted(root),
                               inputs_digest(root))  # and the non-source files the link reads (cache51)
        hit = cache.get(tree_key, count=False)
        if hit is not None:
            cache.hits += len(sources)  # every file's result came from the cache
            metas, linked, details = hit
            results = [FileResult(r, text=sources[r][1], skipped=sk, lines=n, parsed=pd, digest=sources[r][2])
                       for r, sk, n, pd in metas]
            if progress:
                progress(len(results))
            return results, linked, {}, details, None
    trees: Dict[str, object] = {}
    warm = _Prewarm() if isolate else None
    with paused():
        digests = _digests(sources, cache, parse_timeout, trees, warm, share)
        # paused: the ast trees just made live until the posture pass, and the collector, on
        # again, would walk all of them while the selection allocates (and later, unless frozen)
        digests, found = bindings_and_helpers(digests, {r: t for r, (_d, t, _h) in sources.items()}, root_dotted(root))  # starnames, importedhelpers
        sel = FP.select(digests, low_confidence=low, package=root_dotted(root))
        if freeze and trees:
            freeze_alive()
    if on_first_pass is not None:
        on_first_pass({r: text for r, (_d, text, _h) in sources.items()}, trees)
    results: Dict[str, FileResult] = {}
    failed: set = set()
    rounds = 0
    todo = [by_rel[r] for r in sorted(sel.selected)] + unreadable
    while todo:
        rounds += 1
        # a few small files of ordinary shape are analysed in this process: starting the
        # worker pool (a fork server that imports libcst again) costs more than they do
        here = isolate and in_process_safe([(r, sources.get(r, (None, None))[1]) for _a, r in todo], trees)
        for res in analyze_files(todo, jobs=1 if here else jobs, max_bytes=max_bytes, parse_timeout=parse_timeout,
                                 progress=progress, cache=cache, deadline=deadline, isolate=isolate and not here,
                                 lazy=cache is not None, bindings=found):
            results[res.path] = res
            if res.path in sel.selected and res.summary is None and res.blob is None:
                failed.add(res.path)
        if not failed:
            break
        sel = FP.select(digests, low_confidence=low, failed=failed, package=root_dotted(root))
        todo = [by_rel[r] for r in sorted(sel.selected - set(results))]
    left_out = [d for d in digests if d.path not in results]
    for d in left_out:
        _data, text, h = sources[d.path]
        results[d.path] = FileResult(d.path, text=text, lines=d.lines, digest=h)
    if progress and left_out:
        progress(len(left_out))
    details = {
        "modules": len(digests),
        "analysed": len(digests) - len(left_out),
        "left_out": len(left_out),
        "left_out_lines": sum(d.lines for d in left_out),
        "rounds": rounds,
    }
    ordered = [results[r] for _, r in files]
    if tree_key is not None and not all(_stable(x) for x in ordered):
        tree_key = None
    return ordered, None, trees, details, tree_key


def _digests(sources: Dict[str, Tuple[bytes, str, str]], cache, parse_timeout: float,
             trees: Dict[str, object], warm: Optional[_Prewarm], share=None) -> list:
    """Every file's digest, in order (from the cache, or made here, or by the forked child of
    ``share``: :mod:`.firstshare`); the ``ast`` trees of the non-test files parsed into ``trees``."""
    from .. import firstpass as FP
    from .firstshare import take

    theirs = share.theirs if share is not None else frozenset()
    got: Dict[str, FP.Digest] = {}
    for phase in ("mine", "theirs"):
        if phase == "theirs" and theirs:
            got.update(take(share, sources, cache, trees, warm.saw if warm is not None else None))
        for r, (data, text, h) in sources.items():
            if (r in theirs) != (phase == "theirs") or r in got:
                continue
            d = cache.get("fp:" + h, count=False) if cache is not None else None
            if d is None or d.path != r:
                if warm is not None:
                    warm.saw(r, data)
                done = within_cpu(lambda: FP.digest(r, text, data), file_limit(parse_timeout, data.count(b"\n") + 1))
                if done is None:
                    # the per-file limit holds for the first pass too: read without a parse, the
                    # file is a candidate the analysis decides on (and stops at the same limit)
                    d, tree = FP.digest(r, text, data, parse=False)
                else:
                    d, tree = done
                    if cache is not None:
                        cache.put("fp:" + h, d)
                if tree is not None and not FP.is_test_path(r):
                    trees[r] = tree
            got[r] = d
    if theirs:  # the trees in the files' order, however made
        ordered = {r: trees[r] for r in sources if r in trees}
        trees.clear()
        trees.update(ordered)
    return [got[r] for r in sources]


def bindings_of(files: Sequence[Tuple[str, str]], max_bytes: int) -> Tuple[Dict[str, Dict[str, str]], Dict[str, object]]:
    """The names each of ``files`` gets from the others by star imports and re-exports
    (:mod:`mcpaudit.starnames`), for a scan without the first pass: every file is read and
    parsed with ``ast`` for it; and the ``ast`` trees of the non-test files (as the first pass
    keeps them)."""
    from .. import firstpass as FP
    from ..cache import content_hash

    sources, _unreadable = _read_sources(files, max_bytes, content_hash)
    digests, trees = [], {}
    for r, (data, text, _h) in sources.items():
        d, tree = FP.digest(r, text, data)
        digests.append(d)
        if tree is not None and not FP.is_test_path(r):
            trees[r] = tree
    return with_helpers(star_bindings(digests), digests, {r: t for r, (_d, t, _h) in sources.items()}), trees


def tree_key_of(hashes: Sequence[Tuple[str, str]], min_confidence: Confidence, package: str = "",
                inputs: str = "") -> str:
    """The cache key of a first-pass scan of exactly these files (path and content hash each)
    at this confidence floor, under the name the root's modules are imported by (``package``:
    the same files under another package name link their imports differently), with ``inputs``
    (:func:`mcpaudit.projectinputs.digest`: the root and the non-source files the link reads)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(b"first-pass\0" + str(int(min_confidence)).encode() + b"\0" + package.encode("utf-8", "surrogatepass")
             + b"\0" + inputs.encode())
    for rel, digest in sorted(hashes):
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0" + digest.encode() + b"\1")
    return "tree:" + h.hexdigest()


__all__ = ["bindings_of", "first_pass_run", "prewarm_pool", "tree_key_of"]
