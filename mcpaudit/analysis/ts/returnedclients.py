"""A library client that a project function returns (issue 14, ts54a).

    // utils/git.ts
    export function createGitInstance(repoPath: string): SimpleGit {
      return simpleGit({ baseDir: repoPath, binary: "git" });
    }
    // tools/show.ts
    const git = createGitInstance(workingDir);
    await git.raw(["show", ref]);

A method row matches a receiver built by one of its class's constructors (``receivers:
constructors`` in the models: simple-git, a DB pool, an HTTP client made by ``axios.create``...).
Here the receiver is what a project function returned, and which library built it is known only
where that function is analysed (``mod.lib_returns``: its declared return type, or the one
library every value it returns comes from, :func:`~.receiverorigin.record_library_return`), in
another module or further down this one. So the interpreter records the call once per receiver
class of the method's rows that has constructors, each sink marked ``SinkRec.if_origin`` = (the
project function, the class); the linker keeps a sink only when that function's library return is
of the class (:class:`ReturnedClients`), and drops the others. The same for a function of this
module (``localGit(dir).raw(...)``), a static method (``GitFactory.create(dir)``) and a method of
the receiver's class (``this.getGit()``). A function that returns no library (a project class, a
parameter, values of several libraries) gives no sink, as before.
"""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from ...catalog import catalog
from . import nodes as N
from .receiverorigin import of_class


#: marks a ``lib_returns`` entry that names the project function whose result a function returns
RELAYED = "="
#: how many functions that return another's result the linker follows
_HOPS = 4


def client_origin(fa, recv_node) -> Optional[str]:
    """The project function whose result the receiver is, when its type says only that:
    ``<module>#createGitInstance`` (imported), ``localGit`` / ``Factory.create`` (this module),
    ``this.getGit`` (a method of the caller's class); None otherwise (a library's object, a
    member of a result, a parameter)."""
    u = N.unwrap(recv_node)
    return project_ref(fa, fa.type_of(u) or "") if u is not None else None


def relay_return(mod, qual: str, fa) -> None:
    """``git() { return repoGit(this.dir) }``: a function whose every returned value is what one
    project function returned, kept as ``lib_returns[qual] = "=<that function>"`` (followed by
    the linker, :class:`ReturnedClients`), when it returns no library itself."""
    if qual in mod.lib_returns:
        return
    found = {project_ref(fa, t or "") for t in fa.returned_types}
    ref = next(iter(found)) if len(found) == 1 else None
    if ref and ref != qual:
        mod.lib_returns[qual] = RELAYED + ref


def project_ref(fa, tp: str) -> Optional[str]:
    """The project function a value's type ``tp`` says it is the result of (see
    :func:`client_origin`)."""
    base = tp[:-2] if tp.endswith("()") else tp
    if not base or "(" in base:
        return None
    head = base.split(".")[0]
    if "#" in head:
        return base
    if head == "this":
        return base if fa.cls and base.count(".") == 1 else None
    mod = fa.mod
    if head in mod.imports or head in mod.aliases:
        return None  # a library's factory (or a project module's, resolved as `#` above)
    return base if base in mod.functions or (head in mod.class_names and base.count(".") == 1) else None


def candidate_rows(M, method: str, recv) -> Iterator[Tuple[str, object, List[object]]]:
    """(receiver class, its first row, its other-argument rows) for each class with constructors
    among the rows of ``method``: the classes a project function's result may belong to."""
    seen = []
    for m in M.method_sinks(method):
        if m.receiver in (None, "any") or m.receiver in seen:
            continue
        rc = M.receivers.get(m.receiver)
        if rc is None or not rc.constructors or (rc.tainted and not recv):
            continue
        seen.append(m.receiver)
        rows = [r for r in M.method_sinks(method) if r.receiver == m.receiver]
        first = next((r for r in rows if not r.also), rows[0])
        yield m.receiver, first, [r for r in rows if r is not first and r.also]


def returns_client(lib: str, cls: str) -> bool:
    """Whether an object the library call ``lib`` built (``simple-git.default``) is of the
    receiver class ``cls``: one of its constructors or factories, or of its type modules."""
    rc = catalog().typescript.receivers.get(cls)
    if rc is None or not lib:
        return False
    plain = lib.replace("()", "")
    if plain in rc.constructors or any(f in plain for f in rc.factories):
        return True
    return bool((rc.type_modules or rc.type_pattern) and of_class(rc, plain))


class ReturnedClients:
    """Linker side: a sink recorded on a project function's result (``if_origin``) is one only
    when that function returns a library client of the row's class."""

    def not_a_sink(self, path, fn, sink) -> bool:
        needed: Optional[Tuple[str, str]] = getattr(sink, "if_origin", None)
        if needed and not self._returns_class(path, fn, *needed):
            return True
        return super().not_a_sink(path, fn, sink)  # type: ignore[misc]

    def _returns_class(self, path: str, fn, origin: str, cls: str) -> bool:
        for _ in range(_HOPS):
            hit = self.resolve(path, fn, origin)  # type: ignore[attr-defined]
            if hit is None:  # an imported module-level client (exportedclients.py)
                return returns_client(self.value_library(path, origin), cls)  # type: ignore[attr-defined]
            mod = self.modules.get(hit[0])  # type: ignore[attr-defined]
            lib = (getattr(mod, "lib_returns", None) or {}).get(hit[1].qualname, "")
            if not lib.startswith(RELAYED):
                return returns_client(lib, cls)
            path, fn, origin = hit[0], hit[1], lib[len(RELAYED):]  # a function returning another's result
        return False


__all__ = ["RELAYED", "ReturnedClients", "candidate_rows", "client_origin", "project_ref", "relay_return", "returns_client"]
