"""What a text prefilter could save in the TypeScript per-file analysis, measured (issue 15, speed33).

    python benchmarks/ts_pass_probe.py TREE [TREE ...] [--rounds N]   (prints one JSON object)

Every non-test TS/JS file the ts engine analyses in each TREE is parsed once and summarised by
``analyze_module`` (with the names other modules give it, as the engine does); parsing is not
timed. The probe wraps the per-module passes of :data:`PASSES` -- passes whose returned value is
their whole effect -- and runs the analysis in four modes, thread CPU summed over the files:

* ``plain``: no wrapper;
* ``through``: the wrappers, every pass run (the comparison base of the two modes below);
* ``oracle``: each pass skipped on exactly the files where a recording run saw it return nothing
  (its empty value returned instead): the most any prefilter could save for these passes;
* ``gate``: each pass of :data:`GATES` skipped on the files whose text lacks what the pass needs
  (the candidate prefilters; ``false_skips`` lists the files where a gate was off and the pass
  returned something, which a sound gate never does).

``summaries_changed``: files whose pickled summary differs from the plain run's, per mode (a pass
that changes anything but its returned value shows up here). A scratch measure: it changes
nothing in the scan.
"""

from __future__ import annotations

import argparse
import collections
import copy
import importlib
import json
import pickle
import re
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

#: passes whose returned value is their only effect (checked: ``summaries_changed`` stays 0 under
#: the oracle on servers ``src/`` and 44 ledger servers; ``registrars.registrar_site`` is not one)
PASSES = """authnames.auth_names routerauth.router_guards errorcallees.called_requests connurls.connection_url_read
errorconfigs.caught reqpaths.built_as cmdgates.command_gates remotebrowser.browser_kind fieldtools.constructions
registrars.find_registrars writeflags.write_flags listfilter.list_bypasses records.const_objects carriers.url_credentials
logrepeats.log_arms routes.open_to_network appmode.names_write_stages appmode.read_only_guards
methodlists.handler_positions queryrows.query_rows sdkanswers.service_client sdkanswers.api_client
interceptors.signed_call objectsinks.object_sinks cutmarks.uncut_call retfields.object_property errorconfigs.own_field
depfields.dep_member resolverwrappers.resolver_alias""".split()

# -- the candidate gates: what each pass needs in the module's text ------------------------------
#: routerauth: a guard's branch answers 401/403, or its condition tests a call whose name speaks of
#: authentication (``verifyToken(req)``, ``auth?.(...)``, ``check<T>(...)``). A call through a
#: parenthesised or ``as`` expression (``(verifyToken as F)(req)``) is not matched: unsound as it
#: stands, an upper bound of what such a gate saves.
_ANSWERS = re.compile(rb"\b401\b|Unauthori[sz]ed|UNAUTHORI[SZ]ED|\b403\b|Forbidden|FORBIDDEN")
_AUTH_CALL = re.compile(rb"(?i)(?:auth|token|api_?key|bearer|credential|introspect|jwt|signature|password)"
                        rb"[\w$]*\s*(?:\?\.)?\s*(?:<[^>]*>)?\s*[(`]")
#: connurls: a client call the catalog's ``connection-urls`` names resolves through an import of its
#: package (a quoted specifier in the text) or a name another module binds (``extra_imports``)
_CONNECTION_PACKAGES = ("@redis/client", "mongoose", "mysql2", "mysql2/promise", "@neondatabase/serverless", "pg",
                        "amqplib", "ioredis", "mongodb", "mysql", "postgres", "sequelize", "redis")
#: errorcallees / errorconfigs: a request on a client of a library whose errors carry the request
#: (``request-errors.libraries``), by its dotted name or the receiver's type, both from an import
_REQUEST_PACKAGES = ("axios", "got", "ky")
#: remotebrowser: every alternative of its two regexes contains one of these words
_BROWSER_WORDS = (b"launch", b"executablePath", b"remote-debugging-port", b"connectOverCDP", b"browserWSEndpoint",
                  b"chromium")


def _imports_any(data: bytes, packages, extra) -> bool:
    for p in packages:
        for q in (b'"', b"'", b"`"):
            if q + p.encode() + q in data:
                return True
    return any(isinstance(v, str) and v.split(".")[0] in packages for v in (extra or {}).values())


GATES: Dict[str, Callable[[bytes, dict], bool]] = {
    "routerauth.router_guards": lambda d, e: bool(_ANSWERS.search(d) or _AUTH_CALL.search(d)),
    "connurls.connection_url_read": lambda d, e: _imports_any(d, _CONNECTION_PACKAGES, e),
    "errorconfigs.caught": lambda d, e: _imports_any(d, _REQUEST_PACKAGES, e),
    "errorcallees.called_requests": lambda d, e: _imports_any(d, _REQUEST_PACKAGES, e),
    "remotebrowser.browser_kind": lambda d, e: any(w in d for w in _BROWSER_WORDS),
}


def _nothing(v):
    """The value a skipped pass returns: the pass's own empty value, the shared ``EMPTY`` taint
    itself when that is it (ts/loops.py compares bindings by identity: a fresh ``{}`` in its place
    changes the loops' summaries), else a copy."""
    from mcpaudit.analysis.taintvalue import EMPTY

    return v if v is EMPTY else copy.copy(v)


def _empty(v) -> bool:
    if v is None or v is False:
        return True
    if isinstance(v, (str, bytes, list, dict, set, frozenset)):
        return len(v) == 0
    if isinstance(v, tuple):
        return all(_empty(x) for x in v)
    return False


class Probe:
    def __init__(self, work: List[tuple]):
        self.work = work  # (key, data, tree, extra_imports)
        self.mode = "through"
        self.cur = None
        self.nonempty: Dict[str, set] = collections.defaultdict(set)
        self.empty_value: Dict[str, object] = {}
        self.gate_value: Dict[tuple, bool] = {}
        self.text = {k: (d, e) for k, d, _t, e in work}
        self.patched: List[tuple] = []  # (holder, attribute, original): restored by uninstall()

    def _wrap(self, key: str, f):
        def w(*a, **k):
            if key in self.empty_value and self.mode in ("oracle", "gate"):
                if self.mode == "oracle" and self.cur not in self.nonempty[key]:
                    return _nothing(self.empty_value[key])
                if self.mode == "gate" and key in GATES:
                    g = self.gate_value.get((key, self.cur))
                    if g is None:
                        g = self.gate_value[(key, self.cur)] = GATES[key](*self.text[self.cur])
                    if not g:
                        return _nothing(self.empty_value[key])
            r = f(*a, **k)
            if self.mode == "record":
                if _empty(r):
                    self.empty_value.setdefault(key, _nothing(r))
                else:
                    self.nonempty[key].add(self.cur)
            return r
        return w

    def install(self) -> None:
        for loaded in ("mcpaudit.analysis.ts.module", "mcpaudit.analysis.ts.link"):  # every pass module loaded
            importlib.import_module(loaded)

        mods = [m for m in list(sys.modules.values()) if getattr(m, "__name__", "").startswith("mcpaudit")]
        for key in PASSES:
            mname, fname = key.split(".")
            home = importlib.import_module("mcpaudit.analysis.ts." + mname)
            orig = getattr(home, fname, None)
            if orig is None:  # a mixin's method
                orig = next(vars(v)[fname] for v in vars(home).values() if isinstance(v, type) and fname in vars(v))
            w = self._wrap(key, orig)
            for m in mods:
                for k, v in list(vars(m).items()):
                    if v is orig:
                        self.patched.append((m, k, orig))
                        setattr(m, k, w)
                    elif isinstance(v, type):
                        for kk, vv in list(vars(v).items()):
                            if vv is orig:
                                self.patched.append((v, kk, orig))
                                setattr(v, kk, w)

    def uninstall(self) -> None:
        for holder, name, orig in reversed(self.patched):
            setattr(holder, name, orig)
        self.patched.clear()

    def run(self, keep: bool = False):
        from mcpaudit._gc import paused
        from mcpaudit.analysis.ts.module import analyze_module

        total, out = 0.0, {}
        with paused():
            for key, data, tree, extra in self.work:
                self.cur = key
                t0 = time.thread_time()
                s = analyze_module(key, data, tree, extra)
                total += time.thread_time() - t0
                if keep:
                    out[key] = pickle.dumps(s)
        return total, out


def load(trees: List[Path]) -> List[tuple]:
    from mcpaudit.analysis.ts.parse import is_ts_source, parse
    from mcpaudit.api import discover, scan_root
    from mcpaudit.config import Config
    from mcpaudit.engines import ts
    from mcpaudit.sources import is_test_path

    work = []
    for tree in trees:
        root = scan_root([tree])
        py, scripts, _ = discover([tree], root, Config())
        every = [(a, r) for a, r in [*py, *scripts] if is_ts_source(r)]
        shared = ts.with_workspaces(ts.shared_sinks(every, 10 << 20), ts.workspaces(root, every), [r for _a, r in every])
        for a, r in every:
            if not is_test_path(r):
                _text, data = ts.decoded(Path(a).read_bytes())
                work.append((f"{tree.name}/{r}", data, parse(data, r), shared))
    return work


def measure(work: List[tuple], rounds: int = 3) -> Dict[str, object]:
    p = Probe(work)
    p.run()  # warm-up
    plain = min(p.run()[0] for _ in range(max(rounds, 1)))
    _, ref = p.run(keep=True)
    p.install()
    changed: Dict[str, List[str]] = {}
    times: Dict[str, List[float]] = {m: [] for m in ("through", "oracle", "gate")}
    try:
        p.mode = "record"
        p.run()
        for mode in ("oracle", "gate"):
            p.mode = mode
            _, got = p.run(keep=True)
            changed[mode] = sorted(k for k in ref if ref[k] != got[k])
        for _ in range(rounds):
            for m in times:  # alternated, so that the load moves all three alike
                p.mode = m
                p.gate_value.clear()  # each gate run pays for its gates' text tests
                times[m].append(p.run()[0])
    finally:
        p.uninstall()
    n = len(work)
    return {
        "files": n, "bytes": sum(len(w[1]) for w in work), "plain_s": round(plain, 4),
        **{f"{m}_s": [round(x, 4) for x in v] for m, v in times.items()},
        "oracle_cut_s": round(min(times["through"] or [0]) - min(times["oracle"] or [0]), 4),
        "gate_cut_s": round(min(times["through"] or [0]) - min(times["gate"] or [0]), 4),
        "summaries_changed": {m: v[:10] for m, v in changed.items()},
        "empty_files": {k: n - len(p.nonempty[k]) for k in PASSES if k in p.empty_value},
        "gated_off_files": {g: sum(1 for (k, _f), v in p.gate_value.items() if k == g and not v) for g in GATES},
        "false_skips": {g: sorted(f for (k, f), v in p.gate_value.items() if k == g and not v and f in p.nonempty[g])
                        for g in GATES},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trees", type=Path, nargs="+")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(json.dumps(measure(load(args.trees), args.rounds), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
