"""The rows of a library model as built (an argument spec, a receiver, a sink, a callback, an example) and the
vocabulary they are checked against (the sink kinds of each language, the families a kind adds, the keys a
sink row and a receiver row may hold)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, FrozenSet, Optional, Tuple
from ._yaml import ModelError


#: How a sink reads its call; the interpreter (``mcpaudit.analysis.sinkmatch``) has one branch
#: per kind. ``value``: the argument ``arg`` is the value that reaches the sink.
SINK_KINDS = frozenset({
    "value",          # the argument `arg` reaches the sink as is
    "shell-or-argv",  # shell=<truthy>: a shell string; otherwise an argv checked element by element
    "argv-splat",     # every positional argument is one argv element (create_subprocess_exec)
    "program",        # the argument names the program to run (os.exec*, os.spawn*)
    "command-argv",   # a container's command: a list is the argv, a string is split with shlex (docker-py exec_run)
    "git-command",    # repo.git.<command>(*args): `git <command> args` (GitPython)
    "yaml-load",      # a YAML load that is unsafe unless its Loader is a safe one
    "query",          # SQL text; the message says how the text was built
    "nosql-document", # a query document: operators and $where chosen by the caller
    "url",            # an outbound request; a constant prefix that fixes the host is safe
    "base-url",       # an SDK client's server: every later request (and its credential) goes there
    "credentialed-host",  # a client's host `arg` given with an operator secret in `dst` (none: the SDK's own): it goes there
    "receiver-path",  # a path method: the receiver is the path
    "log",            # a log or print call: secrets and whole argument mappings in it
    "request-log",    # an HTTP client that logs each request's URL at INFO: secrets in its query
    "debug-log",      # a client that prints what it sends once `enabled-by` turned its debug output on
    "debug-setting",  # `recv.<attribute> = <truthy constant>`: the client prints every request, `detail` in it
    "program-args",   # the argument list of the row's `program` (the library puts it in front)
    "listing",        # a directory listing: `value`, unless its result is only tested (empty?)
    "file-url",       # a URL a loader also reads from disk when it is a file: URL (TS: or a bare path)
    "uri",            # a path or URI a loader opens by its scheme: path rows a file, ssrf rows a network URL
    "sql-endpoint",   # a request to a database's SQL endpoint: the statement in its body (sqlhttp.py)
    "keyed-query",    # a request body / query variables mapping: the statement under one of its body-keys (sqlhttp.py)
    "config-line",    # a line of a configuration file a write builds: the value part of KEY=VALUE (configlines.py)
    "instruction",    # a task an agent carries out: the caller's text anywhere in it steers the agent
    "metadata", "opener", "encoder",  # a file's size; os.startfile; a media writer (analysis/ownoutput.py)
})


#: Kinds only the TypeScript interpreter (``mcpaudit.analysis.ts``) has.
TS_SINK_KINDS = frozenset({
    "program-argv",   # (program, argv array, options): {shell: true} makes it a shell string
    "stdin-command",  # a line written to the stdin of a spawned program that reads commands there
    "every-arg",      # every argument reaches the sink (new Function(a, b, body))
    "template-argv",  # a tagged template ($`cmd ${x}`): its words are an argv, each interpolation one element
    "command-argv",   # one argv array, its program first (dockerode's exec({Cmd})), run in a container
})


#: Families a kind can report besides its row's own (an argv is checked for options too).
KIND_FAMILIES = {"shell-or-argv": frozenset({"argument"}), "argv-splat": frozenset({"argument"}),
                 "program-args": frozenset({"argument"}), "program-argv": frozenset({"argument"}),
                 "template-argv": frozenset({"argument"}), "command-argv": frozenset({"argument"})}


#: Method rows are tried in this order of families (call rows match by exact name first).
METHOD_FAMILY_ORDER = ("argument", "shell", "code", "deserialization", "template", "sql", "nosql",
                       "ssrf", "path", "log", "config-line")


_ROW_KEYS = {
    "sinks": {"family", "kind", "calls", "methods", "receiver", "arg", "label", "detail", "write", "creates",
              "write-if-mode", "dst", "except-methods", "except-receivers", "typed-receiver", "enabled-by", "loader-arg",
              "safe-loaders", "unsafe-loaders", "code-operators", "expression-operators", "also", "program", "safe-options", "reads-only",
              "when", "url-paths", "body-keys", "whole-body", "runners", "boundary-claims", "max-args", "element", "document", "example", "expect"},
    "sanitizers": {"calls", "methods", "encodings", "receiver", "clears", "undoes", "buffers", "example", "expect"},
    "resolvers": {"calls", "methods", "real", "absolute", "keeps-dots", "example", "expect"},
    "url-parsers": {"calls", "example", "expect"},
    "sources": {"kind", "calls", "methods", "objects", "key", "label", "receiver", "given-secret", "example", "expect"},
    "summaries": {"kind", "calls", "methods", "builders", "raw-methods", "not-on", "on-receiver", "function-arg", "example", "expect"},
    "callbacks": {"calls", "methods", "function", "args-from", "args-keyword", "example", "expect"},
    "messages": {"family", "when", "value", "label", "example", "expect"},
}


_RECEIVER_KEYS = {"dotted-suffix", "name-pattern", "part", "names", "factories", "constructors", "modules",
                  "attribute-pattern", "file-mentions", "tainted", "pathlike", "type-modules", "type-pattern",
                  "made-by"}


@dataclass(frozen=True)
class ArgSpec:
    """Which argument of a call matters: its position (None: keyword only) and keyword names."""

    index: Optional[int]
    names: Tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: Any, where: str) -> "ArgSpec":
        if not isinstance(value, list) or not value or not (value[0] is None or isinstance(value[0], int)):
            raise ModelError(f"{where}: an argument is [index or null, keyword, ...], got {value!r}")
        return cls(value[0], tuple(str(v) for v in value[1:]))


@dataclass(frozen=True)
class Receiver:
    """A class of receiver objects a method row applies to (see rules/models/README.md)."""

    id: str
    dotted_suffix: Optional[str] = None
    name_pattern: Optional["re.Pattern[str]"] = None
    part: str = "whole"
    names: FrozenSet[str] = frozenset()
    factories: Tuple[str, ...] = ()
    constructors: FrozenSet[str] = frozenset()
    modules: FrozenSet[str] = frozenset()
    attribute_pattern: Optional["re.Pattern[str]"] = None
    file_mentions: Optional[str] = None
    tainted: bool = False
    pathlike: bool = False
    # typed-receiver: a library type from one of these modules, or whose dotted text matches the pattern
    type_modules: Tuple[str, ...] = ()
    type_pattern: Optional["re.Pattern[str]"] = None
    # made-by (TypeScript): the receiver is what one of these methods of a receiver of that class returns
    made_by: Optional[Tuple[str, FrozenSet[str]]] = None


@dataclass(frozen=True)
class SinkModel:
    """One sink row of a model file, for one function or method name."""

    family: str
    kind: str
    arg: ArgSpec
    label: str
    origin: str
    detail: str = ""
    write: bool = False
    write_if_mode: Optional[ArgSpec] = None
    dst: Optional[ArgSpec] = None
    creates: bool = False  # the written path is created when missing, through a dangling symlink there
    receiver: Optional[str] = None
    except_methods: FrozenSet[str] = frozenset()
    except_receivers: Tuple[str, ...] = ()
    typed_receiver: Optional[str] = None  # a receiver of known library type must be of this class
    loader_arg: Optional[ArgSpec] = None
    safe_loaders: FrozenSet[str] = frozenset()
    unsafe_loaders: FrozenSet[str] = frozenset()  # yaml-load: a sink only with one of these (allow_pickle=True)
    code_operators: FrozenSet[str] = frozenset()  # query operators whose value is code ($where)
    expression_operators: FrozenSet[str] = frozenset()  # operators whose value is an expression
    also: bool = False  # checked besides the call's first matching row (another argument, another family)
    program: str = ""  # program-args: the program the library runs with this argument list
    enabled_by: str = ""  # debug-log: the receiver's method that turns its debug output on
    #: properties of an options object given to the call that make it no sink (TS): matter(s, { engines })
    safe_options: FrozenSet[str] = frozenset()
    reads_only: bool = False  # query: text in a language that cannot write (Salesforce SOQL/SOSL)
    #: (TS) a sink only when the options object at the row's argument sets each key to one of these (SSM shell docs)
    when: Tuple[Tuple[str, FrozenSet[str]], ...] = ()
    # sql-endpoint: the paths of a database's SQL endpoint, and where the request carries the statement
    url_paths: Tuple[str, ...] = ()
    body_keys: FrozenSet[str] = frozenset()
    whole_body: bool = False
    boundary_claims: Tuple[str, ...] = ()  # (TS) stems by which a tool claims the sink confines its code (node:vm)
    max_args: Optional[int] = None  # a method row: more positional arguments are another API's (str.replace(a, b))
    element: bool = False  # program-args: the argument is one element of the list (options.add_argument(switch))
    document: bool = False  # (TS) query: a query document whose values travel apart (GraphQL variables): only the caller's whole document counts


@dataclass(frozen=True)
class CallbackModel:
    """A library call that runs a function it is given (an executor, a thread): which argument is
    the function, and which arguments it is called with (the rest from ``args_from``, or the
    elements of the ``args_keyword`` tuple)."""

    function: ArgSpec
    args_from: Optional[int] = None
    args_keyword: Optional[str] = None


@dataclass(frozen=True)
class Example:
    """A model row's example: the code (with ``$CALL``/``$METHOD``/``$OBJECT`` placeholders),
    the names it is expanded for, and what the scan must report."""

    origin: str
    section: str
    code: str
    placeholder: str  # "$CALL" | "$METHOD" | "$OBJECT" | ""
    names: Tuple[str, ...]
    expect: str  # a family, a rule id, "none", or "tool:<name>"
