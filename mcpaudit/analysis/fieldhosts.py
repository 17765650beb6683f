"""A credentialed client's host assigned after the client (or its config) was built.

The ``credentialed-host`` sink rows (``rules/models/python/http.yaml``) name a constructor whose
host keyword and credential keyword go together: a host the caller picks, given with a secret the
server holds, is where that secret goes. Code that builds the object with the credential first
and sets the host afterwards::

    config = OneDriveSourceConnectorConfigInput(path=path, client_cred=os.getenv("CRED"))
    if authority_url:
        config.authority_url = authority_url

sends the same secret to the same caller-chosen host: the field assignment is the row's host
argument. Only a local variable bound to the row's constructor in the same function, a field
named by the row's host keyword (also when the constructor was given a host of the code's own: the
assignment replaces it), and a credential keyword that :func:`credential_held` accepts -- the one
check the constructor's own sink uses too; a constant prefix that fixes the host proves the value
harmless, as for the constructor's argument.
"""

from __future__ import annotations

from ..lazycst import cst

from . import cstnodes as N
from .fields import CREDENTIAL_SENT
from .narrowing import fixed_host_prefix
from .taintvalue import Taint


def _models(M, fq: str):
    model = M.sink_calls.get(fq)
    rows = ([model] if model is not None else []) + list(M.sink_calls_also.get(fq, ()))
    return [m for m in rows if m.kind == "credentialed-host" and m.dst is not None]


def _keyword(call: cst.Call, names) -> cst.CSTNode | None:
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value in names), None)


_ENV_READS = frozenset({"os.getenv", "os.environ.get"})


def _env_read(fa, node) -> bool:
    """``os.getenv("X")``, ``os.environ.get("X")`` or ``os.environ["X"]``: the operator's value."""
    if isinstance(node, cst.Call):
        return (fa.mod.dotted(node.func) or "") in _ENV_READS
    return isinstance(node, cst.Subscript) and fa.mod.dotted(node.value) == "os.environ"


def credential_held(fa, cred, taint: Taint) -> bool:
    """The credential keyword of a credentialed-host row holds the server's secret: a secret
    value (not the caller's own, handed in as a parameter), one read inside a credential wrapper,
    or a read of the process environment under any name (the row names the keyword a credential,
    the environment makes it the operator's). One check for the constructor
    (``sinkmatch._kind_credentialed_host``) and for a host field set afterwards."""
    return _env_read(fa, cred) or fa._server_secret(taint) or fa._holds_secret(cred)


def note_field_host(fa, target: cst.Attribute, val: Taint, value_node) -> None:
    """``obj.<host field> = value`` where ``obj`` was built by a credentialed-host row's
    constructor holding a server secret: record the row's sink at the assignment."""
    if not val or not isinstance(target.value, cst.Name) or value_node is None:
        return
    call = fa.local_values.get(target.value.value)
    if not isinstance(call, cst.Call):
        return
    fq = fa.mod.dotted(call.func, fa.types) or ""
    field = target.attr.value
    for model in _models(fa.M, fq) if fq else ():
        if field not in model.arg.names:
            continue
        host = _keyword(call, model.arg.names)
        if host is not None and fa.ev_quiet(host):
            continue  # a caller's host given to the constructor: its own sink
        cred = _keyword(call, model.dst.names)
        if cred is None or not credential_held(fa, cred, fa.ev_quiet(cred)):
            continue
        if fixed_host_prefix(N.const_prefix(value_node) or ""):
            continue
        name = model.label.format(fq=fq, method="", fq_plain=fq, fq_or_method=fq, short=fq.split(".")[-1])
        before = len(fa.sinks)
        fa._sink(model.family, f"{name} field '{field}'", target, val, value_node, detail=CREDENTIAL_SENT, url=True)
        if len(fa.sinks) > before:
            fa.sinks[-1].credential = "the credential the client is built with"
        return
