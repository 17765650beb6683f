"""When a flow into a sink is the tool's capability (its declared purpose) rather than, or as well
as, a vulnerability (see ``rules/families.yaml``, ``capability``).

* **As is**: the parameter reaches the sink unchanged and unchecked - the tool's purpose, listed
  once per tool instead of a finding (:func:`as_is`).
* **Behind a check**: the caller's whole query, or the whole argument vector a program is run
  with, reaches the sink past a check that only narrows what runs (a keyword deny-list, a
  program allow-list): the check is reported as the finding, and the tool still runs the
  caller's queries or commands, which is listed as its capability with the check named
  (:func:`behind_check`).
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..catalog import catalog, said
from .fields import CREDENTIAL_SENT
from .guardref import GUARD
from .sentcreds import sends_secret
from .argvruns import EMBEDDED
from .summary import SinkRec
from .taintvalue import ARGV_ELEMENT, ARGV_PLACED, ARGV_UNKNOWN, AS_IS_WAY, SPLIT, Info

#: how reqcreds.py names a secret of the server's spliced into the URL a request goes to
SECRET_IN_URL = "a secret of the server's in the URL"

#: the detail of an argv sink whose whole vector (its program too) comes from the caller
WHOLE_ARGV = "the argument vector is built from caller input elsewhere; the program or its options may come from the caller"


def as_is(fam: str, sink: SinkRec, info: Info) -> bool:
    """The parameter reaches the sink unchanged and unchecked (a query or document as the
    whole query; anything else not built into a larger string or path)."""
    # a query document's shape checks (isArray, typeof, a regex on one field's value) do
    # not choose its operators: the caller's whole document is still a query tool's purpose
    checked = info.checked and not (fam == "nosql" and sink.verbatim)
    # code placed after code the server chose (a wrapper function around the caller's
    # script) still runs whatever the caller wrote, and an agent follows whatever the caller's
    # words in its task say: no root confines either
    rooted = info.rooted and fam != "code" and not sink.steered
    if fam in ("sql", "nosql") and AS_IS_WAY in info.clean and sink.verbatim:
        rooted = False  # the whole query as is on one way, wrapped on another: still the caller's query
    if fam == "shell" and AS_IS_WAY in info.clean and SPLIT in info.clean:
        # the caller's command line split into the argv (no shell), as is on one way and after the
        # program's name on the other (if not cmd.startswith(name): cmd = f"{name} {cmd}"): the
        # caller's argv either way; through a shell the prefix would say "this program only"
        rooted = False
    if info.weak or rooted or checked or sink.uncertain or sink.confined:
        return False
    if fam == "code" and EMBEDDED in info.clean:
        return False  # msfconsole -x f"search {q}; exit": an argument of the server's command (argvruns.py)
    if sink.file_url:
        return False  # a URL the loader also opens as a file: beyond a tool's declared fetch
    if sink.detail == CREDENTIAL_SENT or sink.credential == SECRET_IN_URL or sends_secret(sink):
        # the server's own credential sent along (a token spliced into the caller's URL: a
        # substring test such as ``"github.com" in url`` chooses no host; one in the request's
        # headers or options, sentcreds.py): beyond a tool's declared connection
        return False
    return sink.verbatim if fam in ("sql", "nosql") else True


def behind_check(fam: str, sink: SinkRec, info: Info, fetches=None) -> Optional[Tuple[str, Optional[str]]]:
    """(the family whose capability it is, the check on the way) when the caller's whole query
    or whole argument vector reaches the sink past a check that only narrows what runs; None
    otherwise. With ``fetches`` (the TypeScript linker, capsinks.py), a caller's URL a request
    takes as is past a check known by its name only (an operator's URL-prefix list read by a
    helper mcpaudit does not verify: ``fetches(info)``, fetchcheck.py) is the fetch's capability
    behind that check as well."""
    if sink.confined or info.rooted:
        return None
    if fetches and fam == "ssrf" and not info.built and fetches(info) \
            and as_is(fam, sink, info.replace(weak=None, checked=False)):
        return fam, info.weak
    if fam in ("sql", "nosql") and info.weak and sink.verbatim and not info.built and not sink.uncertain:
        return fam, info.weak
    if fam == "shell" and info.weak and info.weak.startswith(GUARD) and not info.built and not sink.uncertain:
        return fam, info.weak  # any command, behind a guard a chained command passes (guardref.py)
    if fam == "argument" and sink.uncertain and sink.detail == WHOLE_ARGV and ARGV_PLACED not in info.clean \
            and not info.built and not (ARGV_ELEMENT & info.clean):
        # the caller's argv, its program included (an allow-list of programs at most): it runs
        # the caller's commands, as a shell tool does
        return "shell", info.weak if info.weak and info.weak != ARGV_UNKNOWN else None
    return None


#: the detail of a path flow into a loader by scheme from a parameter declared as a URL only
URL_ONLY = "the parameter is declared as a URL, and the loader also opens a local path or a file: URL"


def url_only(linker, fam: str, sink: SinkRec, tool: str, param: str, key: Optional[str]) -> bool:
    """Whether the parameter that reaches a loader opening a path or a URL by its scheme is
    declared as a URL only: named like one (``url``, ``link``), and its description - else its
    tool's name and description - says nothing of local files. The file the loader also reads is
    then beyond what the tool declares (``local-by`` in rules/families.yaml)."""
    if fam != "path" or not sink.by_scheme:
        return False
    name = flow_param(param, key)
    found = next((p for t in linker.tools if t.name == tool for p in t.parameters if p.name == name), None)
    families = catalog().families
    if not families["ssrf"].declared(name) or families["path"].local(name):
        return False
    if found is not None and found.description:
        return families["ssrf"].declared(found.description) and not families["path"].local(found.description)
    return not families["path"].local(*linker.tool_text.get(tool, (tool,)))


def flow_param(param: str, key: Optional[str]) -> str:
    """The tool parameter a flow's label names: a key read from a whole argument mapping
    (``arguments['path']`` of a low-level dispatcher) is that key."""
    return key if key and not key.startswith(".") and param in ("arguments", "args", "kwargs", "params") else param


def described(sink: SinkRec, param: str, info: Info) -> Optional[str]:
    """The parameter whose description may declare the sink's purpose: the flow's own, unless the
    sink hands the value to another program as an operand (ffmpeg's output file after -y: what
    that program does with it is not what the description declares)."""
    operand = sink.operands or sink.command or sink.operand_of is not None
    return None if operand else flow_param(param, info.key)


def param_description(linker, tool: str, name: Optional[str]) -> Optional[str]:
    """The description the tool's schema gives parameter ``name`` (zod ``.describe()``, a JSON
    schema's ``description``, pydantic ``Field(description=)``), if any."""
    if not name:
        return None
    index = linker.__dict__.get("_param_texts")  # built once: the tools are known before any handler runs
    if index is None:
        index = {}
        for t in linker.tools:
            for p in t.parameters:
                if p.description:
                    index.setdefault((t.name, p.name), p.description)
        linker.__dict__["_param_texts"] = index
    return index.get((tool, name))


def param_confined(linker, family, tool: str, name: Optional[str]) -> bool:
    """Whether parameter ``name``'s own description confines its value (the family's
    ``param-confines`` words: "Paths should be relative to the root of the documentation site"):
    it then declares no value of the family's kind whatever its tool says (a docs reader that
    fetches pages of its site declares no URL of any host), so its flow is no declared purpose."""
    return bool(family.param_confines and name) and said(family.param_confines, (param_description(linker, tool, name),))


def declared_by_param(family, description: Optional[str]) -> bool:
    """Whether a parameter's own description declares the family's purpose ("Path to the input
    file", "Directory where the result is saved") and does not confine it ("a file name inside
    the reports folder", "relative to the workspace": the family's ``confined-by`` words)."""
    return bool(description) and bool(family.declared_by) and said(family.declared_by, (description,)) \
        and not said(family.confined_by, (description,))


def declared_purpose(linker, fam: str, sink: SinkRec, info: Info, tool: str, named: Optional[str]) -> bool:
    """Whether the tool hands its parameter to the sink as is and says it does - by its name or
    description, its server's, or the description of parameter ``named``: that is its purpose,
    reported once per tool as the family's capability. An agent given the caller's task (kind
    instruction) goes where the task says by design, whatever the tool is named."""
    family = catalog().families[fam]
    return bool(family.capability and as_is(fam, sink, info)
                and (sink.steered or linker._declares(family, tool, named)
                     or said(sink.declared_by, linker.tool_text.get(tool, (tool,)))))


def purpose_flow(linker, fam: str, sink: SinkRec, item, hint) -> bool:
    """Whether a flow into a sink is its tool's declared purpose (:func:`declared_purpose`, and
    not a file a loader opens for a parameter declared as a URL only): such a flow is reported
    first, since a sink reports one flow, and another parameter of the same tool spliced into the
    same code or command gives its caller nothing that one does not. The flow's own parameter
    orders even an operand's flows (``['bash', '-c', command]``: the parameter described as the
    command goes before the input written to it), where the report itself asks :func:`described`."""
    label, info = item
    tool = hint or label[1] if label[0] == "src" else None
    return tool is not None and declared_purpose(linker, fam, sink, info, tool, flow_param(label[2], info.key)) \
        and not url_only(linker, fam, sink, tool, label[2], info.key)


#: the detail of a flow into a sink its tool claims confines the code it runs (a row's boundary-claims)
FALSE_BOUNDARY = "the tool says its code runs isolated, but this context shares the server's process and host objects lead out of it"


def false_boundary(linker, sink: SinkRec, tool: str) -> bool:
    """Whether the tool's name or description claims that the sink confines the code it runs
    (``isolated``, ``sandboxed``, ``secure``: the sink model's ``boundary-claims``) where it
    cannot (node:vm: objects of the host realm in the context lead back to its ``process``). The
    caller's code running is still the tool's capability; the claim is a vulnerability."""
    return bool(sink.boundary) and said(sink.boundary, linker.tool_text.get(tool, (tool,)))


def through_mapping(modules, info: Info) -> bool:
    """Whether the flow passes a ``**kwargs`` parameter (a dispatcher forwarding every keyword
    to the method the tool's name picks): which keyword becomes the query or the command is
    not known there, so such a flow cannot show that the tool runs the caller's own."""
    for st in info.steps:
        if not st.note.startswith("parameter '") or " of MCP tool " in st.note:
            continue
        name = st.note[len("parameter '"):-1]
        mod = modules.get(st.path) if st.path else None
        for fn in (mod.functions.values() if mod is not None else ()):
            if any(p.name == name and p.kind == "kwarg" and p.pos[0] == st.line for p in fn.params):
                return True
    return False
