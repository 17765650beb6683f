"""TypeScript-only sections of the library models (``rules/models/typescript/*.yaml``), a mixin
of the TypeScript loader in ``models.py``: single-statement drivers, programs driven through
stdin, secret-printing commands, connection URLs that carry a password, HTTP-client errors that carry the request, callback methods,
vendor SDK clients with a generic request method, generated API client classes."""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Any, Dict, FrozenSet, List, Tuple

from ._yaml import ModelError


def _mapping(row, where: str) -> Dict[str, Any]:
    """``row`` when it is a mapping; a ModelError naming the row otherwise (a list item that is a
    string or a list would fail later with an AttributeError that names no row)."""
    if not isinstance(row, dict):
        raise ModelError(f"{where}: a mapping, not {type(row).__name__} {row!r:.60}")
    return row


def _names(row, key, where):
    from .models import _names as names  # the one reader of name lists (models.py imports this module)
    return names(row, key, where)


@dataclass(frozen=True)
class EnvFiles:
    """Files of environment variables (``secret-files`` in secrets.yaml, ts/envfiles.py): a file
    whose name matches ``names`` and not ``templates`` holds the operator's variables; ``readers``
    return a file's text (path: argument 0); ``loaders`` read such a file themselves, and the
    named field of their result holds its variables (``dotenv.config().parsed``)."""

    names: "re.Pattern[str]"
    templates: "re.Pattern[str]"
    readers: FrozenSet[str]
    loaders: Dict[str, str]


@dataclass(frozen=True)
class SdkClient:
    """A vendor SDK's client (a receiver class of the models) whose generic request method sends
    to the vendor's API ``host`` with the key the client was given: by one of its
    ``credential_methods`` (``client.setApiKey(key)``), an option of its constructor named in
    ``credential_options`` (``new Octokit({ auth })``), or a positional argument of it
    (``new Stripe(key)``) - see analysis/ts/sdkclients.py."""

    host: str
    credential_methods: FrozenSet[str] = frozenset()
    credential_options: FrozenSet[str] = frozenset()
    absolute_urls: bool = False  # its methods send the stored credential to any absolute URL they are given
    stored_as: str = ""  # the client's field that holds the login it sends (tsdav's authHeaders)
    replaced_by: FrozenSet[str] = frozenset()  # options of a call that replace that login (a shallow merge)


@dataclass(frozen=True)
class SqlEndpoint:
    """A database's query endpoint reached over HTTP (``sql-endpoints``): a request whose URL's
    constant text ends with one of ``paths`` carries a statement the database runs under one of
    ``keys`` of its body or query parameters (or, with ``whole_body``, as its body);
    ``reads_only``: the endpoint runs queries only - see analysis/ts/sqlhttp.py."""

    paths: Tuple[str, ...]
    keys: FrozenSet[str] = frozenset()
    whole_body: bool = False
    reads_only: bool = False
    #: the verbs for which ``reads_only`` holds (empty: every verb)
    read_verbs: FrozenSet[str] = frozenset()
    #: parameters the request must also name for the path to be the database's
    with_params: FrozenSet[str] = frozenset()


class TsSections:
    """``section_*`` readers for the TypeScript loader; ``self.m`` is the models being built."""

    def section_read_only_settings(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        """``text``: what makes a session read-only where a pool is opened; ``options``: a
        constructor's options that open it so (analysis/ts/modeparams.py)."""
        unknown = set(value or {}) - {"text", "options"}
        if unknown:
            raise ModelError(f"{name} {section}: unknown key(s) {', '.join(sorted(unknown))}")
        text, options = self.m.read_only_settings  # type: ignore[attr-defined]
        self.m.read_only_settings = (text | frozenset(value.get("text", ())), options | frozenset(value.get("options", ())))  # type: ignore[attr-defined]

    def section_single_statement(self, value: List[Dict[str, Any]], name: str, section: str) -> None:
        for i, row in enumerate(value or ()):
            where = f"{name} {section}[{i}]"
            row = _mapping(row, where)
            unknown = set(row) - {"types", "methods", "unless-option", "why", "dialect"}
            if unknown or not row.get("types") or not row.get("why"):
                raise ModelError(f"{where}: types and why, optionally methods, unless-option and dialect")
            self.m.single_statement.append((frozenset(_names(row, "types", where)), frozenset(_names(row, "methods", where)),
                                            row.get("unless-option"), row["why"], row.get("dialect")))

    def section_stdin_programs(self, value: List[Dict[str, Any]], name: str, section: str) -> None:
        for i, row in enumerate(value or ()):
            where = f"{name} {section}[{i}]"
            row = _mapping(row, where)
            files = row.get("file-options") or {}
            if set(row) - {"program", "started-with", "file-options"} or not row.get("program") or not all(
                    set(by) <= {"read", "write"} for by in files.values()):
                raise ModelError(f"{where}: program, started-with, file-options {{command: {{read|write: [options]}}}}")
            self.m.stdin_programs.append((row["program"], row.get("started-with", ""),
                                          {cmd: {k: tuple(v) for k, v in by.items()} for cmd, by in files.items()}))

    def section_secret_commands(self, value: List[str], name: str, section: str) -> None:
        self.m.secret_commands.extend(tuple(str(c).split()) for c in value or () if str(c).split())

    def section_secret_files(self, value: Dict[str, Any], name: str, section: str) -> None:
        where = f"{name} {section}"
        value = _mapping(value, where)
        loaders = _mapping(value.get("loaders") or {}, where + ".loaders")
        self.m.env_files = EnvFiles(re.compile(str(value["names"])), re.compile(str(value["except"])),
                                    frozenset(_names(value, "readers", where)),
                                    {str(k): str(v) for k, v in loaders.items()})

    def section_connection_urls(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        for key, calls in (value or {}).items():
            if not isinstance(calls, list) or not calls:
                raise ModelError(f"{name} {section}.{key}: a list of client constructors")
            self.m.connection_urls[str(key)] = self.m.connection_urls.get(str(key), frozenset()) | frozenset(calls)

    def section_export_aliases(self, value: Dict[str, str], name: str, section: str) -> None:
        """Named exports that are their package itself (``import { ethers } from "ethers"``):
        ``package.export`` -> the package's name (``m.export_aliases``, analysis/ts/module.py)."""
        for export, module in (value or {}).items():
            if not isinstance(module, str) or "." not in str(export) or not str(export).startswith(module + "."):
                raise ModelError(f"{name} {section}.{export}: a package's export, mapped to that package")
            self.m.export_aliases[str(export)] = module

    def section_request_errors(self, value: Dict[str, List[str]], name: str, section: str) -> None:
        self.m.request_errors = tuple(frozenset(_names(value, k, name)) for k in ("libraries", "safe-fields", "checks", "methods", "error-hooks", "request-fields"))

    def section_callback_methods(self, value: Dict[str, str], name: str, section: str) -> None:
        for method, how in (value or {}).items():
            if how not in ("callback", "receiver", "nothing", "both"):
                raise ModelError(f"{name} callbacks.{method}: one of callback, receiver, nothing, both")
            self.m.callbacks[method] = how

    def section_rejection_callbacks(self, value: Dict[str, int], name: str, section: str) -> None:
        for method, index in (value or {}).items():
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                raise ModelError(f"{name} {section}.{method}: the argument index of the callback")
            self.m.rejection_callbacks[str(method)] = index

    def section_sdk_clients(self, value: Dict[str, Dict[str, Any]], name: str, section: str) -> None:
        for rid, spec in (value or {}).items():
            where = f"{name} {section}.{rid}"
            if not isinstance(spec, dict) or set(spec) - {"host", "credential-methods", "credential-options",
                                                          "absolute-urls", "stored-as", "replaced-by"} or not spec.get("host"):
                raise ModelError(f"{where}: host, optionally credential-methods, credential-options, absolute-urls, "
                                 "stored-as, replaced-by")
            self.m.sdk_clients[str(rid)] = SdkClient(str(spec["host"]), frozenset(_names(spec, "credential-methods", where)),
                                                     frozenset(_names(spec, "credential-options", where)),
                                                     bool(spec.get("absolute-urls")), str(spec.get("stored-as") or ""),
                                                     frozenset(_names(spec, "replaced-by", where)))

    def section_api_clients(self, value: Dict[str, str], name: str, section: str) -> None:
        """Generated API client classes and the names their instances are held under (two
        patterns): ``m.api_clients`` (analysis/ts/sdkanswers.py)."""
        if not isinstance(value, dict) or set(value) != {"classes", "instances"}:
            raise ModelError(f"{name} {section}: classes and instances, two patterns")
        self.m.api_clients = (re.compile(value["classes"]), re.compile(value["instances"]))

    def section_key_lookups(self, value: Dict[str, str], name: str, section: str) -> None:
        """Getters that select a library's object by a key (three patterns: the getter names,
        the nouns of text they may build from the key, the names of key arguments):
        ``m.key_lookups`` (analysis/ts/keylookups.py)."""
        if not isinstance(value, dict) or set(value) != {"getters", "text-nouns", "keys"}:
            raise ModelError(f"{name} {section}: getters, text-nouns and keys, three patterns")
        self.m.key_lookups = (re.compile(value["getters"]), re.compile(value["text-nouns"]), re.compile(value["keys"]))

    def section_sql_endpoints(self, value: List[Dict[str, Any]], name: str, section: str) -> None:
        """Databases' SQL endpoints over HTTP: ``m.sql_endpoints`` (analysis/ts/sqlhttp.py)."""
        for i, row in enumerate(value or ()):
            where = f"{name} {section}[{i}]"
            row = _mapping(row, where)
            ro = row.get("reads-only", False)
            if set(row) - {"paths", "keys", "whole-body", "reads-only", "with", "why"} or not row.get("paths") \
                    or not (row.get("keys") or row.get("whole-body")) or not row.get("why") \
                    or not (isinstance(ro, bool) or (isinstance(ro, list) and ro)):
                raise ModelError(f"{where}: paths, keys (or whole-body) and why, optionally reads-only "
                                 "(true, or the verbs it holds for) and with (parameters the request also names)")
            verbs = frozenset(str(v).lower() for v in ro) if isinstance(ro, list) else frozenset()
            self.m.sql_endpoints.append(SqlEndpoint(tuple(_names(row, "paths", where)), frozenset(_names(row, "keys", where)),
                                                    bool(row.get("whole-body")), bool(ro), verbs,
                                                    frozenset(_names(row, "with", where))))

    def section_client_server_maps(self, value: Dict[str, Any], name: str, section: str) -> None:
        """MCP clients' server maps (``mcpServers``): ``m.client_server_maps`` (analysis/ts/cliententries.py)."""
        row = _mapping(value, f"{name} {section}")
        if set(row) - {"maps", "declared-by"} or not row.get("maps"):
            raise ModelError(f"{name} {section}: maps (the keys of the clients' server maps), optionally declared-by")
        self.add("client_server_maps", _names(row, "maps", f"{name} {section}"))
        self.add("client_server_maps_declared_by", row.get("declared-by") or ())
