"""Library models: what functions and methods of the libraries MCP servers use do to a value.

The knowledge lives in data files, ``rules/models/<language>/*.yaml`` (format: ``rules/models/README.md``);
this module reads and checks them and gives the analysis fast lookups. The analysis interprets the models
by *kind* (how a sink reads its arguments, what a sanitizer does to a value) and never lists library
names itself. Every row carries an example that ``tests/test_models.py`` turns into a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple
from ._yaml import ModelError, load_yaml
from .argvrows import ArgvRows
from .namerows import NameRows, key_id_read
from .objectrows import ObjectRows
from .tsrows import TsSections
from .sqlrows import SqlRows
from .listsections import LIST_SECTIONS as _LIST_SECTIONS
from .messages import MessageModel, MessageRows
from .tlsrows import TlsOffOption, TlsRows
from .summaryrows import summary_row
from .surfaces import Surface, TsSurface, surface_of as _surface, ts_surface_of as _ts_surface
from .sinkrows import (ArgSpec, CallbackModel, Example, KIND_FAMILIES, METHOD_FAMILY_ORDER, Receiver,  # re-exported
                       SINK_KINDS, SinkModel, TS_SINK_KINDS, _RECEIVER_KEYS, _ROW_KEYS)


@dataclass
class Models:
    """The rows every language has (sinks, receivers, sanitizers, resolvers, sources,
    summaries and the shared sections), indexed the way an interpreter asks."""

    sink_calls: Dict[str, SinkModel] = field(default_factory=dict)
    sink_calls_also: Dict[str, List[SinkModel]] = field(default_factory=dict)  # `also` rows of calls
    template_runners: Dict[str, SinkModel] = field(default_factory=dict)  # f(options)`cmd`: template-argv rows' runners
    sink_methods: List[Tuple[FrozenSet[str], SinkModel]] = field(default_factory=list)
    receivers: Dict[str, Receiver] = field(default_factory=dict)
    drops: FrozenSet[str] = frozenset()  # result carries nothing (casts)
    clears: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # result is clean for these
    #: buf.toString("base64"): method -> encoding named by its first argument -> families cleared
    encoded: Dict[str, Dict[str, FrozenSet[str]]] = field(default_factory=dict)
    undoes: FrozenSet[str] = frozenset()  # result loses every earlier sanitisation
    #: conn.escapeId(name): method -> ((receiver class, families cleared), ...) (TypeScript)
    receiver_clears: Dict[str, Tuple[Tuple[str, FrozenSet[str]], ...]] = field(default_factory=dict)
    #: pg-format's format(fmt, ...args): call -> (placeholders that quote their argument, that paste it)
    sql_formatters: Dict[str, Tuple[FrozenSet[str], FrozenSet[str]]] = field(default_factory=dict)
    resolver_calls: FrozenSet[str] = frozenset()
    memory_buffers: FrozenSet[str] = frozenset()  # io.BytesIO(): a sink given one opens no file (membuffers.py)
    resolver_methods: FrozenSet[str] = frozenset()
    path_derivations: FrozenSet[str] = frozenset()
    #: MongoDB operators whose operand is a value, never a query document ($near, $text's $search): nosql-operands
    nosql_operands: FrozenSet[str] = frozenset()
    path_tails: FrozenSet[str] = frozenset()  # calls whose result is the end of a path (may start with '-')
    windows_tests: FrozenSet[str] = frozenset()  # names showing a module runs on Windows (sepreplace.py)
    module_name_calls: FrozenSet[str] = frozenset()  # calls taking an absolute module name (modprefix.py)
    module_run_calls: FrozenSet[str] = frozenset()  # ... that run the module as a program (fixedruns.py)
    cwd_calls: FrozenSet[str] = frozenset()  # calls returning the process's working folder
    temp_dirs: FrozenSet[str] = frozenset()  # calls returning a temporary folder (os.tmpdir, mkdtemp)
    home_dirs: FrozenSet[str] = frozenset()  # calls returning the user's home folder (os.homedir): tildes.py
    encoding_containers: FrozenSet[str] = frozenset()  # URLSearchParams: what set() adds is percent-encoded
    keyed_containers: FrozenSet[str] = frozenset()  # Map: set(k, v) keeps v's taint, get(k) returns a value
    absolute_tests: FrozenSet[str] = frozenset()  # os.path.isabs, .is_absolute(): is the path absolute
    local_tests: FrozenSet[str] = frozenset()  # os.path.exists, .is_file(): does a local file have this name
    path_parents: FrozenSet[str] = frozenset()  # calls and attributes whose result is the folder above a path
    publishable_prefixes: FrozenSet[str] = frozenset()  # pk., pk_live_: a key so prefixed is public (publiconly checks)
    read_only_settings: Tuple[FrozenSet[str], FrozenSet[str]] = (frozenset(), frozenset())  # (text, constructor options) that make a session read-only: ts/modeparams.py
    code_documents: FrozenSet[str] = frozenset()  # loaders of documents whose cells run as code (nbformat.read)
    toplevel_commands: FrozenSet[Tuple[str, ...]] = frozenset()  # argv prefixes printing the top folder above cwd
    url_parsers: FrozenSet[str] = frozenset()
    real_resolvers: FrozenSet[str] = frozenset()  # resolvers that also follow symlinks
    absolute_resolvers: FrozenSet[str] = frozenset()  # resolvers whose result is absolute (never an option)
    dotted_resolvers: FrozenSet[str] = frozenset()  # resolvers that keep '..' segments (no containment proof)
    secret_env_calls: Dict[str, int] = field(default_factory=dict)  # call -> index of the key
    secret_env_labels: Dict[str, str] = field(default_factory=dict)  # call -> "...{key}..."
    secret_env_objects: FrozenSet[str] = frozenset()
    keeps_secrets: FrozenSet[str] = frozenset()
    secret_methods: FrozenSet[str] = frozenset()  # obj.get_secret_value()
    passes: FrozenSet[str] = frozenset()  # pure library functions: caller input flows through
    joins: FrozenSet[str] = frozenset()  # join(first, rest...): the rest is placed under the first
    concat_joins: FrozenSet[str] = frozenset()  # ... and never restarts at an absolute later part
    owned_folder: Optional["re.Pattern[str]"] = None  # .spec-workflow: a tool's own folder under a root
    join_methods: FrozenSet[str] = frozenset()
    passes_methods: FrozenSet[str] = frozenset()
    redaction_names: Optional["re.Pattern[str]"] = None
    mask_text: Optional["re.Pattern[str]"] = None  # text that stands in for a hidden secret ("****")
    # generateApiKey(), randomBytes(): makes a new credential; and the calls that print to stdout (not a log): ts/freshkeys.py
    fresh_secret_calls: Optional["re.Pattern[str]"] = None
    stdout_prints: FrozenSet[str] = frozenset()
    # createSecret(name, { secretValue }) writes a secrets manager's record; its id fields (secret.secretKey): ts/ownrecords.py
    own_record_calls: Optional["re.Pattern[str]"] = None
    own_record_ids: Optional["re.Pattern[str]"] = None
    keeps_everything_methods: FrozenSet[str] = frozenset()
    builder_methods: FrozenSet[str] = frozenset()
    keeps_everything_not_on: FrozenSet[str] = frozenset()  # receiver classes the methods skip
    statement_builders: FrozenSet[str] = frozenset()  # insert(T).values(v): analysis/sqlbuilders.py
    statement_raw_methods: FrozenSet[str] = frozenset()  # insert(T).prefix_with(s): s is raw SQL text
    untainted_result_methods: FrozenSet[str] = frozenset()
    callback_calls: Dict[str, CallbackModel] = field(default_factory=dict)
    callback_methods: Dict[str, CallbackModel] = field(default_factory=dict)
    container_mutators: FrozenSet[str] = frozenset()
    not_project_calls: FrozenSet[str] = frozenset()
    char_class_checks: FrozenSet[str] = frozenset()  # str.isidentifier() and the like: narrowing.py
    parse_checks: FrozenSet[str] = frozenset()  # calls that raise unless their argument parses (int, UUID)
    address_resolvers: FrozenSet[str] = frozenset()  # socket.getaddrinfo and the like: egressguard.py
    address_tests: FrozenSet[str] = frozenset()  # ipaddress's is_private/is_global/...: egressguard.py
    schema_checks: FrozenSet[str] = frozenset()  # JSON-schema validators: a shape check, no content (schemachecks.py)
    test_switches: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # env/calls/modules/...: harness.py
    safe_annotations: FrozenSet[str] = frozenset()
    enum_bases: FrozenSet[str] = frozenset()
    noreturn_annotations: FrozenSet[str] = frozenset()  # -> NoReturn: a call ends the branch (importedhelpers.py)
    container_commands: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # method -> receiver types: bandit_incontainer.py
    remote_paths: Dict[Tuple[str, str], str] = field(default_factory=dict)  # (callee, keyword) -> what: bandit_remotepaths.py
    record_classes: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # bases, decorators, ...: records.py
    regex_compilers: FrozenSet[str] = frozenset()
    regex_modules: FrozenSet[str] = frozenset()
    read_prefixes: FrozenSet[str] = frozenset()  # a query starting with one of these "reads"
    writing_prefixes: Dict[str, str] = field(default_factory=dict)  # ... yet can write alone -> an example
    write_keywords: FrozenSet[str] = frozenset()  # what deny-lists look for
    first_statement: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # parsers, type methods: firststmt.py
    write_keyword_order: Tuple[str, ...] = ()  # ... in the models' order (the examples a message names)
    read_only_enforced: List["re.Pattern[str]"] = field(default_factory=list)
    #: statements that make a transaction or session read-only (BEGIN READ ONLY): ts/readonlytx.py, and module text
    read_only_statements: List["re.Pattern[str]"] = field(default_factory=list)
    read_only_not_enough: FrozenSet[str] = frozenset()  # modules whose read-only mode still writes
    read_only_not_enough_unless: Tuple["re.Pattern[str]", ...] = ()  # ... unless the module turns this off
    read_only_not_enough_unless_path: Optional["re.Pattern[str]"] = None  # ... or the connection's path does
    read_only_not_enough_unless_options: FrozenSet[str] = frozenset()  # ... or its config= option set True
    read_only_not_enough_why: str = "its read-only mode still writes"
    per_query_settings: FrozenSet[str] = frozenset()  # keyword of a query call that carries settings
    per_query_readonly: Optional["re.Pattern[str]"] = None
    read_only_arguments: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # keyword -> read values
    read_only_roles: FrozenSet[str] = frozenset()  # names of a role table's read-only entry ("readonly")
    sql_dialect_modules: Dict[str, str] = field(default_factory=dict)  # driver module -> its SQL dialect
    sql_doubling_quotes: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # dialect -> quotes doubling escapes
    sql_naming_statements: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # dialect -> DESC ...
    sql_select_reads: Dict[str, str] = field(default_factory=dict)  # dialect -> why a SELECT there cannot write (one statement per call)
    one_segment_frameworks: FrozenSet[str] = frozenset()  # resource-template {name}: no separator
    template_relaxers: FrozenSet[str] = frozenset()  # imports that can turn that guarantee off
    request_credential_keywords: FrozenSet[str] = frozenset()  # auth=, cookies=: analysis/reqcreds.py
    request_header_keywords: FrozenSet[str] = frozenset()  # headers=: a credential when one is named
    request_query_keywords: FrozenSet[str] = frozenset()  # params=: a credential when a key is named
    caller_held: Optional["re.Pattern[str]"] = None  # a secret the MCP request itself holds: analysis/credowner.py
    credential_headers: Optional["re.Pattern[str]"] = None  # ...client.authHeaders: ts/authheaders.py
    shell_programs: FrozenSet[str] = frozenset()
    backslash_quote_shells: FrozenSet[str] = frozenset()  # fish: the POSIX quote escape keeps no word there
    script_programs: FrozenSet[str] = frozenset()  # interpreters that run the file they are given
    script_operand_programs: FrozenSet[str] = frozenset()  # options end at their script operand (scriptoperand.py)
    stdin_sql_programs: FrozenSet[str] = frozenset()  # SQL clients that run the statements on their stdin
    code_programs: Dict[str, Tuple[FrozenSet[str], str]] = field(default_factory=dict)  # osascript -> ({-e}, how)
    sql_programs: Dict[str, Tuple[FrozenSet[str], FrozenSet[str], int]] = field(default_factory=dict)  # psql -> ({-c}, {}, 0)
    command_programs: Dict[str, Tuple[FrozenSet[str], str]] = field(default_factory=dict)  # msfconsole -> ({-x}, how)
    setting_commands: Dict[str, Tuple[FrozenSet[str], str]] = field(default_factory=dict)  # git config -> ({--get}, how)
    runtime_programs: Dict[str, str] = field(default_factory=dict)  # process.execPath -> node
    applescript_text: Optional["re.Pattern[str]"] = None  # text that says a string is AppleScript (``tell application``)
    script_string_quotes: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # osascript -> {'"'}: stdinscript.py
    code_options: Dict[str, Tuple[FrozenSet[str], str]] = field(default_factory=dict)  # pylint -> ({--init-hook}, how)
    shell_flags: FrozenSet[str] = frozenset()
    shell_name: Optional["re.Pattern[str]"] = None  # a computed program (``${shell} -c``) whose name says it is a shell
    opener_operand_options: FrozenSet[str] = frozenset()  # open -a APP: the next element is no file operand
    shell_config: Optional["re.Pattern[str]"] = None  # objects that configure a shell (``shellConfig``)
    launcher_programs: FrozenSet[str] = frozenset()  # programs that run a program their arguments name
    opener_programs: FrozenSet[str] = frozenset()  # desktop openers: xdg-open FILE shows it in its viewer
    url_programs: FrozenSet[str] = frozenset()  # programs that request the URLs their operands name
    remote_commands: FrozenSet[str] = frozenset()  # "kubectl exec": runs the words after "--" elsewhere
    # TS: where each remote command starts: after "--", or after its first operand (docker exec CONTAINER CMD...)
    remote_command_starts: Dict[str, str] = field(default_factory=dict)
    remote_shells: FrozenSet[str] = frozenset()  # "ssh": runs the words after its host on that host
    folder_scripts: FrozenSet[str] = frozenset()  # "npm install": runs the scripts of the package.json in its cwd
    folder_scripts_declared_by: FrozenSet[str] = frozenset()  # install*: a tool saying so declares them
    client_server_maps: FrozenSet[str] = frozenset()  # "mcpServers": an MCP client runs each entry's command
    client_server_maps_declared_by: FrozenSet[str] = frozenset()  # install*: an installer tool declares it
    option_operands: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "git commit" -> {"-m", ...}
    file_programs: Dict[str, int] = field(default_factory=dict)  # "chmod" -> operands before its files (1)
    url_operands: Dict[str, int] = field(default_factory=dict)  # "git clone" -> the operand that is a URL (0)
    # "ansible-playbook" -> (the operand that names a file the program runs, options that only check it)
    run_operands: Dict[str, Tuple[int, FrozenSet[str]]] = field(default_factory=dict)
    # "ansible" -> (options whose value is a command line, options naming the module, modules that run it)
    module_commands: Dict[str, Tuple[FrozenSet[str], FrozenSet[str], FrozenSet[str]]] = field(default_factory=dict)
    flag_options: FrozenSet[str] = frozenset()  # long options that take no value in most tools (--json)
    key_file_options: FrozenSet[str] = frozenset()  # ssh -i, --private-key: the value names a key's file
    host_key_off: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "ssh" -> -o values turning key checks off
    mode_commands: Dict[str, Tuple[str, ...]] = field(default_factory=dict)  # "chmod" -> options carrying its mode
    # program -> its commands that read, render or add ("get", "repo add"): not destructive
    non_destructive: Dict[str, FrozenSet[str]] = field(default_factory=dict)
    writing_commands: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # program -> commands that change things
    writing_uses: Dict[str, str] = field(default_factory=dict)  # program -> how it writes otherwise ("uniq IN OUT")
    mutating_parameters: Dict[str, str] = field(default_factory=dict)  # option (no case, no _) -> what it changes
    option_programs: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "pandoc" -> {"--filter", ...}
    output_options: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "curl" -> {"-o", ...}: a file it writes
    script_options: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "msfconsole" -> {"-r"}: a script file it runs
    reference_options: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "docker build" -> {"--secret"}: names a secret's place
    input_options: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "ffuf" -> {"-w", ...}: a file it reads
    option_hazards: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "git push" -> {"--exec"}; empty: none
    dashless_names: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # collections/names: git refs
    argument_arity: Dict[str, Tuple[int, Optional[int]]] = field(default_factory=dict)  # "helm get all" -> (1, 1)
    arity_stand_ins: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "helm install" -> {"--generate-name"}
    arity_from_file: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # "sslscan" -> {"--targets"}
    query_programs: Dict[str, Tuple[str, bool]] = field(default_factory=dict)  # "whois" -> (why, last element only)
    # "sudo" -> (switches, options that take a value, operands before the program, NAME=VALUE words): argvwrap.py
    wrapper_programs: Dict[str, Tuple[FrozenSet[str], FrozenSet[str], int, bool]] = field(default_factory=dict)
    secret_name: Optional["re.Pattern[str]"] = None
    not_secret_name: Optional["re.Pattern[str]"] = None
    not_secret_parent: Optional["re.Pattern[str]"] = None  # x.<parent>.apiKey is metadata, not the key
    location_name: Optional["re.Pattern[str]"] = None  # secrets_path: where a secret is kept
    state_env: Optional["re.Pattern[str]"] = None  # PWD, HOME, a key file's path: environment names of no secret
    public_key_name: Optional["re.Pattern[str]"] = None  # AMPLITUDE_API_KEY: a key public by design
    attack_tool: Optional["re.Pattern[str]"] = None  # hydra, brute force: a tool guessing credentials
    public_half_name: Optional["re.Pattern[str]"] = None  # access_key beside a secret_key: the key pair's id
    asset_records: Optional[Tuple["re.Pattern[str]", "re.Pattern[str]"]] = None  # token names, a coin's fields
    record_rows: Optional[Tuple["re.Pattern[str]", "re.Pattern[str]", "re.Pattern[str]"]] = None  # a parsed row's token (recordrows.py)
    label_fields: Optional["re.Pattern[str]"] = None  # cookie.name: a local built from these is no secret (ts/plainlocals.py)
    field_key_calls: Optional["re.Pattern[str]"] = None  # getAttributeSlug(): a field's key (ts/fieldkeys.py)
    public_return_name: Optional["re.Pattern[str]"] = None  # resolvePublicToken(): returns no secret (ts31b)
    auth_words: Optional["re.Pattern[str]"] = None  # "API token used to authenticate": a bare token is a credential
    predicate_suffix: Optional["re.Pattern[str]"] = None  # apiKeyRequired, token_count: a flag or a number (namerows.predicate_suffix)
    examples: List[Example] = field(default_factory=list)
    files: List[str] = field(default_factory=list)

    def is_secret_name(self, name: str) -> bool:
        """A name that reads as a credential (``api_key``, ``token``), not a look-alike (``max_tokens``,
        ``next_token``, ``secret_name``) nor a key public by design (``AMPLITUDE_API_KEY``, an ingestion key)."""
        return bool(self.secret_name.search(name)) and not self.not_secret_name.search(name) and not (
            self.public_key_name is not None and self.public_key_name.search(name)) and not (
            self.predicate_suffix is not None and self.predicate_suffix.search(name))

    def declares_credential_attack(self, *texts: Optional[str]) -> bool:
        """Names or docs of a function that guesses credentials (``hydra_attack``, "brute force")."""
        return self.attack_tool is not None and any(t and self.attack_tool.search(t.replace("_", " ")) for t in texts)

    def is_secret_env(self, key: str) -> bool:
        """An environment variable named as a credential, unless the OS sets it to describe the
        process (``PWD``) or it holds a credential file's path (``path-env``)."""
        return self.is_secret_name(key) and not (self.state_env is not None and self.state_env.fullmatch(key))

    def is_secret_path(self, dotted: str) -> bool:
        """A dotted read (``config.apiKey``) that names a secret: its last name does, and no
        enclosing name says it holds metadata about secrets (``configSources.apiKey``) or AWS (namerows.key_id_read)."""
        parts = dotted.split(".")
        if not self.is_secret_name(parts[-1]):
            return False
        return not (self.not_secret_parent is not None and any(self.not_secret_parent.search(p) for p in parts[:-1])) and not key_id_read(self, parts)

    @property
    def sink_method_names(self) -> FrozenSet[str]:
        """Every method name a sink row names."""
        names = self.__dict__.get("_sink_method_names")
        if names is None:
            names = frozenset(n for ns, _ in self.sink_methods for n in ns)
            self.__dict__["_sink_method_names"] = names
        return names

    @property
    def receiver_constructors(self) -> FrozenSet[str]:
        """Every library class or factory a receiver row names (``docker.DockerClient``)."""
        names = self.__dict__.get("_receiver_constructors")
        if names is None:
            names = frozenset(c for r in self.receivers.values() for c in r.constructors)
            self.__dict__["_receiver_constructors"] = names
        return names

    def method_sinks(self, method: str) -> Iterable[SinkModel]:
        """Method rows for ``method`` (and ``*`` rows), in precedence order."""
        for names, model in self.sink_methods:
            if method in names or ("*" in names and method not in model.except_methods):
                yield model


@dataclass
class PythonModels(Models):
    """Every Python model row (``rules/models/python``) and the Python MCP surface."""
    page_records: Optional[Tuple["re.Pattern[str]", "re.Pattern[str]"]] = None  # a paged search's token: pagetokens.py
    page_calls: Optional[Tuple["re.Pattern[str]", "re.Pattern[str]", "re.Pattern[str]"]] = None  # r = search_x(); r.token
    surface: "Surface" = None  # type: ignore[assignment]
    messages: List[MessageModel] = field(default_factory=list)
    tls_off_options: List["TlsOffOption"] = field(default_factory=list)  # yt-dlp nocheckcertificate: tlsrows.py
    bind_calls: FrozenSet[str] = frozenset()  # functools.partial(f, a): f with a bound before the call's own


@dataclass
class TsModels(Models):
    """Every TypeScript/JavaScript model row (``rules/models/typescript``) and the TS surface."""

    globals: FrozenSet[str] = frozenset()  # global roots (console, process, JSON ...)
    vm_host_objects: FrozenSet[str] = frozenset()  # host globals that lead out of a node:vm context (ts/vmcontext.py)
    callbacks: Dict[str, str] = field(default_factory=dict)  # method -> what its callback returns to
    rejection_callbacks: Dict[str, int] = field(default_factory=dict)  # p.catch(cb): method -> the callback given the rejection
    same_function_calls: FrozenSet[str] = frozenset()  # promisify(f) is f
    receiver_only_methods: FrozenSet[str] = frozenset()  # map.get(key): what the receiver holds
    #: page.$eval(selector, el => el.href): methods whose result is what a receiver of one of the
    #: classes holds, when the server's own function (at that argument) computes it there:
    #: method -> (receiver classes, the function's argument index; -1: any call of the method)
    untainted_result_on: Dict[str, Tuple[FrozenSet[str], int]] = field(default_factory=dict)
    #: Object.keys(m), map.keys(): the keys of a mapping (never its secrets)
    key_calls: FrozenSet[str] = frozenset()
    key_methods: FrozenSet[str] = frozenset()
    #: Object.entries(m), map.entries(): [key, value] pairs (the key is never a secret)
    entry_calls: FrozenSet[str] = frozenset()
    entry_methods: FrozenSet[str] = frozenset()
    surface: "TsSurface" = None  # type: ignore[assignment]
    surface_methods: FrozenSet[str] = frozenset()  # method names a registration or HTTP site uses
    model_calls: FrozenSet[str] = frozenset()
    model_methods: FrozenSet[str] = frozenset()
    #: ``.addTool(x`` / ``.tool(x``: a registration call and its first argument's leading name
    #: (finds the helpers that register what their caller passes, see TsModule)
    registration_call: Any = None
    #: drivers that run one statement per call: (handle types, methods or all, the option that
    #: allows several, why, the SQL dialect when the engine is known: "sqlite", whose SELECT
    #: cannot write) - a stacked "; DROP TABLE t" is refused there
    single_statement: List[Tuple[FrozenSet[str], FrozenSet[str], Optional[str], str, Optional[str]]] = field(default_factory=list)
    #: programs that read command lines on their stdin when started with a word (a REPL):
    #: (program, that word, {command: {"read"|"write": options whose value is a file}})
    stdin_programs: List[Tuple[str, str, Dict[str, Dict[str, Tuple[str, ...]]]]] = field(default_factory=list)
    object_sinks: List[Any] = field(default_factory=list)  # objectrows.ObjectSink: nodemailer's { filename, path }
    secret_method_given: Set[str] = field(default_factory=set)  # ... only when given a secret of the server's (logins)
    secret_method_receivers: Dict[str, str] = field(default_factory=dict)  # stack.outputs(): methods whose result is a secret, on receivers of a class ("any": every one)
    sdk_clients: Dict[str, Any] = field(default_factory=dict)  # receiver class -> tsrows.SdkClient: a vendor client's host and key
    sql_endpoints: List[Any] = field(default_factory=list)  # tsrows.SqlEndpoint: SQL sent over HTTP (ts/sqlhttp.py)
    #: command lines (their first words) whose output is a credential: `gh auth token`
    secret_commands: List[Tuple[str, ...]] = field(default_factory=list)
    #: createClient({url}): client constructors whose connection URL (an option, or "0": the
    #: first argument) carries the password: option -> constructors (ts/connurls.py)
    connection_urls: Dict[str, FrozenSet[str]] = field(default_factory=dict)
    export_aliases: Dict[str, str] = field(default_factory=dict)  # ethers.ethers -> ethers (tsrows.py)
    #: files of environment variables (``.env``): their names, the names that are templates of one,
    #: the calls that read a file's text (path: argument 0) and the loaders that read one themselves
    #: -> the field of their result holding its variables (tsrows.EnvFiles, ts/envfiles.py)
    env_files: Any = None
    #: HTTP clients whose errors carry the request (axios's error.config), an error's fields that do
    #: not, the checks that tell such an error (isAxiosError, HTTPError), and the methods of such a
    #: client that send a request (a called function's own requests: ts/errorcallees.py), and the
    #: calls on a client whose second argument is called with the error of each of its requests
    #: (``interceptors.response.use``: ts/hookerrors.py), and the parts of the request such an error
    #: carries (``error.config.url``: ts/errorconfigs.py request_field)
    request_errors: Tuple[FrozenSet[str], ...] = (frozenset(),) * 6
    _secret_cache: Dict[str, bool] = field(default_factory=dict)

    def is_secret_name(self, name: str) -> bool:
        hit = self._secret_cache.get(name)
        if hit is None:
            hit = self._secret_cache[name] = Models.is_secret_name(self, name)
        return hit


# -- loading -------------------------------------------------------------------------------

def _names(row: Dict[str, Any], key: str, where: str) -> Tuple[str, ...]:
    value = row.get(key) or ()
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ModelError(f"{where}: {key} must be a list of names")
    return tuple(value)


def _placeholder(code: str) -> str:
    for ph in ("$CALL", "$METHOD", "$OBJECT"):
        if ph in code:
            return ph
    return ""


class _Loader(SqlRows, ArgvRows, NameRows):
    """Reads the rows and sections every language shares; a subclass per language adds its own
    sections (``section_<name>``) and its surface vocabulary."""

    models_cls: type = Models
    #: sink kinds this language's interpreter has a handler for
    kinds: FrozenSet[str] = SINK_KINDS

    LIST_SECTIONS = _LIST_SECTIONS

    def __init__(self, families: FrozenSet[str]):
        self.families = families
        self.m = self.models_cls()
        self.sets: Dict[str, set] = {}
        self.method_rows: List[Tuple[FrozenSet[str], SinkModel]] = []
        self.surface_doc: Dict[str, Any] = {}

    def add(self, key: str, values: Iterable[str]) -> None:
        self.sets.setdefault(key, set()).update(values)

    def example(self, row: Dict[str, Any], where: str, section: str, names: Tuple[str, ...],
                default_expect: str) -> None:
        code = row.get("example")
        if not isinstance(code, str) or not code.strip():
            raise ModelError(f"{where}: every row needs an example (it is the row's test)")
        ph = _placeholder(code)
        if names and not ph:
            raise ModelError(f"{where}: the example must use $CALL, $METHOD or $OBJECT")
        self.m.examples.append(Example(where, section, code, ph, names, str(row.get("expect") or default_expect)))

    def file(self, path: Path) -> None:
        doc = load_yaml(path) or {}
        name = path.name
        self.m.files.append(name)
        for section, rows in doc.items():
            if section in _ROW_KEYS:
                if not isinstance(rows, list):
                    raise ModelError(f"{name}: {section} must be a list of rows")
                for i, row in enumerate(rows):
                    where = f"{name} {section}[{i}]"
                    unknown = set(row) - _ROW_KEYS[section]
                    if unknown:
                        raise ModelError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
                    getattr(self, "row_" + section.replace("-", "_"))(row, where)
            elif section.replace("-", "_") in self.LIST_SECTIONS:
                self.add(section.replace("-", "_"), rows)  # a plain list of names
            else:
                handler = self.section_surface if section in self._SURFACE_SECTIONS else getattr(
                    self, "section_" + section.replace("-", "_"), self.unknown_section)
                handler(doc[section], name, section)

    def unknown_section(self, value: Any, name: str, section: str) -> None:
        raise ModelError(f"{name}: unknown section {section!r}")

    # -- rows -------------------------------------------------------------------------
    def row_sinks(self, row: Dict[str, Any], where: str) -> None:
        family = row.get("family")
        if family not in self.families:
            raise ModelError(f"{where}: unknown family {family!r} (families: {', '.join(sorted(self.families))})")
        kind = row.get("kind", "value")
        if kind not in self.kinds:
            raise ModelError(f"{where}: unknown kind {kind!r}")
        calls, methods = _names(row, "calls", where), _names(row, "methods", where)
        if bool(calls) == bool(methods):
            raise ModelError(f"{where}: a sink row has either calls or methods")
        if methods and not row.get("receiver"):
            raise ModelError(f"{where}: a method row names its receiver class")
        opt = {k: ArgSpec.parse(row[k], where) for k in ("write-if-mode", "dst", "loader-arg") if k in row}
        model = SinkModel(
            family=family, kind=kind, origin=where,
            arg=ArgSpec.parse(row["arg"], where) if "arg" in row else ArgSpec(0),
            label=row.get("label") or ("{fq}()" if calls else ".{method}()"),
            detail=row.get("detail", ""), write=bool(row.get("write", False)), creates=bool(row.get("creates", False)),
            write_if_mode=opt.get("write-if-mode"), dst=opt.get("dst"), loader_arg=opt.get("loader-arg"),
            receiver=row.get("receiver"), except_methods=frozenset(_names(row, "except-methods", where)),
            except_receivers=_names(row, "except-receivers", where), typed_receiver=row.get("typed-receiver"),
            safe_loaders=frozenset(_names(row, "safe-loaders", where)), unsafe_loaders=frozenset(_names(row, "unsafe-loaders", where)),
            code_operators=frozenset(_names(row, "code-operators", where)),
            expression_operators=frozenset(_names(row, "expression-operators", where)),
            also=bool(row.get("also", False)), program=str(row.get("program", "")),
            enabled_by=str(row.get("enabled-by", "")),
            safe_options=frozenset(_names(row, "safe-options", where)), reads_only=bool(row.get("reads-only")),
            when=tuple((str(k), frozenset(_names(row["when"], k, where))) for k in row.get("when") or {}),
            url_paths=_names(row, "url-paths", where), body_keys=frozenset(_names(row, "body-keys", where)),
            whole_body=bool(row.get("whole-body")), boundary_claims=_names(row, "boundary-claims", where), max_args=row.get("max-args"),
            element=bool(row.get("element")), document=bool(row.get("document")),
        )
        if kind == "sql-endpoint" and not (model.url_paths and (model.body_keys or model.whole_body)):
            raise ModelError(f"{where}: a sql-endpoint row names its url-paths and body-keys (or whole-body)")
        if kind == "keyed-query" and not model.body_keys:
            raise ModelError(f"{where}: a keyed-query row names its body-keys")
        if kind == "program-args" and not model.program:
            raise ModelError(f"{where}: a program-args row names its program")
        if kind == "debug-setting" and not (methods and model.detail):
            raise ModelError(f"{where}: a debug-setting row names its attributes (methods) and what they print (detail)")
        if kind == "debug-log" and not (model.enabled_by and methods):
            raise ModelError(f"{where}: a debug-log row is a method row naming its enabled-by method")
        for fq in _names(row, "runners", where):  # execa({ shell: true })`...`: the runner a call makes
            self.m.template_runners[fq] = model
        for fq in calls:
            if model.also:
                self.m.sink_calls_also.setdefault(fq, []).append(model)
                continue
            if fq in self.m.sink_calls:
                raise ModelError(f"{where}: {fq} is already a sink in {self.m.sink_calls[fq].origin}")
            self.m.sink_calls[fq] = model
        if methods:
            self.method_rows.append((frozenset(methods), model))
        self.example(row, where, "sinks", calls or tuple(m for m in methods if m != "*"), family)

    def row_sanitizers(self, row: Dict[str, Any], where: str) -> None:
        calls = _names(row, "calls", where)
        clears, undoes = row.get("clears"), row.get("undoes")
        if (clears is None) == (undoes is None):
            raise ModelError(f"{where}: a sanitizer row either clears or undoes")
        if undoes is not None:
            if undoes != "all":
                raise ModelError(f"{where}: undoes: all is the only form")
            if not row.get("expect"):
                raise ModelError(f"{where}: an undoing row says which finding its example expects")
            self.add("undoes", calls)
        elif clears == "all":
            self.add("drops", calls)
        else:
            fams = frozenset(_names(row, "clears", where))
            bad = fams - self.families
            if bad:
                raise ModelError(f"{where}: unknown families {sorted(bad)}")
            for fq in calls:
                self.m.clears[fq] = self.m.clears.get(fq, frozenset()) | fams
            if row.get("buffers"):  # an in-memory buffer's constructor
                self.add("memory_buffers", calls)
            methods, encodings = _names(row, "methods", where), _names(row, "encodings", where)
            if row.get("receiver") and methods and not encodings and not calls:  # conn.escapeId(name)
                for name in methods:
                    self.m.receiver_clears[name] = self.m.receiver_clears.get(name, ()) + ((row["receiver"], fams),)
                methods = ()
            elif bool(methods) != bool(encodings) or (methods and calls):
                raise ModelError(f"{where}: a method sanitizer row names its methods and the encodings their argument picks")
            for name in methods:
                self.m.encoded.setdefault(name, {}).update({e: fams for e in encodings})
        self.example(row, where, "sanitizers", calls or _names(row, "methods", where), "none")

    def row_resolvers(self, row: Dict[str, Any], where: str) -> None:
        calls, methods = _names(row, "calls", where), _names(row, "methods", where)
        self.add("resolver_calls", calls)
        self.add("resolver_methods", methods)
        if row.get("real"):  # follows symlinks too (realpath), not only '..' (resolve)
            self.add("real_resolvers", calls + methods)
        if row.get("absolute"):  # the result starts at the root: it can never be read as an option
            self.add("absolute_resolvers", calls + methods)
        if row.get("keeps-dots"):  # Path.absolute(), expanduser(): '..' stays, a prefix check proves nothing
            self.add("dotted_resolvers", calls + methods)
        self.example(row, where, "resolvers", calls or methods, "none")

    def row_url_parsers(self, row: Dict[str, Any], where: str) -> None:
        calls = _names(row, "calls", where)
        self.add("url_parsers", calls)
        self.example(row, where, "url-parsers", calls, "none")

    def row_sources(self, row: Dict[str, Any], where: str) -> None:
        kind = row.get("kind")
        if kind == "secret-env":
            for fq in _names(row, "calls", where):
                self.m.secret_env_calls[fq] = int(row.get("key", 0))
                self.m.secret_env_labels[fq] = str(row.get("label") or fq + "({key!r})")
            self.example(row, where, "sources", _names(row, "calls", where), "log")
        elif kind == "secret-call":
            self.add("secret_methods", _names(row, "methods", where))
            if isinstance(self.m, TsModels):
                for name in _names(row, "methods", where):
                    self.m.secret_method_receivers[name] = row.get("receiver") or "any"
                    if row.get("given-secret"):
                        self.m.secret_method_given.add(name)
            elif row.get("receiver"):
                raise ModelError(f"{where}: a receiver class on a secret-call row is read for TypeScript only")
            self.example(row, where, "sources", _names(row, "methods", where), "log")
        elif kind == "secret-env-mapping":
            self.add("secret_env_objects", _names(row, "objects", where))
            self.example(row, where, "sources", _names(row, "objects", where), "log")
        else:
            raise ModelError(f"{where}: unknown source kind {kind!r}")

    def row_summaries(self, row: Dict[str, Any], where: str) -> None:
        summary_row(self, row, where, isinstance(self.m, TsModels))  # summaryrows.py

    def row_callbacks(self, row: Dict[str, Any], where: str) -> None:
        model = CallbackModel(ArgSpec.parse(row["function"], where), row.get("args-from"), row.get("args-keyword"))
        calls, methods = _names(row, "calls", where), _names(row, "methods", where)
        for fq in calls:
            self.m.callback_calls[fq] = model
        for name in methods:
            self.m.callback_methods[name] = model
        self.example(row, where, "callbacks", calls or methods, "")

    # -- sections ---------------------------------------------------------------------
    def section_receivers(self, value: Dict[str, Any], name: str, section: str) -> None:
        for rid, spec in (value or {}).items():
            where = f"{name} receivers.{rid}"
            unknown = set(spec) - _RECEIVER_KEYS
            if unknown:
                raise ModelError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
            if rid in self.m.receivers:
                raise ModelError(f"{where}: receiver class defined twice")
            self.m.receivers[rid] = Receiver(
                id=rid, dotted_suffix=spec.get("dotted-suffix"),
                name_pattern=re.compile(spec["name-pattern"]) if "name-pattern" in spec else None,
                part=spec.get("part", "whole"), names=frozenset(spec.get("names", ())),
                factories=tuple(spec.get("factories", ())), constructors=frozenset(spec.get("constructors", ())),
                modules=frozenset(spec.get("modules", ())),
                attribute_pattern=re.compile(spec["attribute-pattern"]) if "attribute-pattern" in spec else None,
                file_mentions=spec.get("file-mentions"), tainted=bool(spec.get("tainted")),
                pathlike=bool(spec.get("pathlike")), type_modules=tuple(spec.get("type-modules", ())),
                type_pattern=re.compile(spec["type-pattern"]) if "type-pattern" in spec else None,
                made_by=(spec["made-by"]["receiver"], frozenset(spec["made-by"]["methods"])) if "made-by" in spec else None)

    # the surface vocabulary (mcp.yaml), one section per concern, each with an example
    _SURFACE_SECTIONS: Dict[str, str] = {}

    def section_surface(self, value: Dict[str, Any], name: str, section: str) -> None:
        self.surface_doc[self._SURFACE_SECTIONS[section]] = value
        self.example(value, f"{name} {section}", "surface", (), "")

    def finish(self) -> Models:
        m = self.m
        for key, values in self.sets.items():
            setattr(m, key, frozenset(values))
        order = {f: i for i, f in enumerate(METHOD_FAMILY_ORDER)}
        m.sink_methods = sorted(self.method_rows, key=lambda r: order.get(r[1].family, len(order)))
        for _, model in m.sink_methods:
            if model.receiver not in m.receivers and model.receiver != "any":
                raise ModelError(f"{model.origin}: unknown receiver class {model.receiver!r}")
            typed = m.receivers.get(model.typed_receiver or "")
            if model.typed_receiver and not (typed and (typed.type_modules or typed.type_pattern)):
                raise ModelError(f"{model.origin}: typed-receiver {model.typed_receiver!r} is not a receiver "
                                 "class with type-modules or type-pattern")
        for method, rows in m.receiver_clears.items():
            if any(rid not in m.receivers for rid, _ in rows):
                raise ModelError(f"sanitizers: unknown receiver class for the method {method!r}")
        for rid in getattr(m, "secret_method_receivers", {}).values():
            if rid not in m.receivers and rid != "any":
                raise ModelError(f"sources: unknown receiver class {rid!r} of a secret-call row")
        for rid in {r for on, _ in getattr(m, "untainted_result_on", {}).values() for r in on} | set(m.keeps_everything_not_on):
            if rid not in m.receivers:
                raise ModelError(f"summaries: unknown receiver class {rid!r} in not-on or on-receiver")
        if m.secret_name is None:
            raise ModelError("no secret-names section in the models")
        return m


class _PythonLoader(MessageRows, TlsRows, _Loader):
    models_cls = PythonModels
    _SURFACE_SECTIONS = {"servers": "servers", "decorators": "decorators", "registrations": "registrations",
                         "context-annotations": "context", "http": "http", "reach": "reach"}

    def finish(self) -> PythonModels:
        m = super().finish()
        m.surface = _surface(self.surface_doc)
        return m


class _TsLoader(TsSections, ObjectRows, _Loader):
    models_cls = TsModels
    kinds = SINK_KINDS | TS_SINK_KINDS
    _SURFACE_SECTIONS = {"servers": "servers", "registrations": "registrations", "context": "context",
                         "schemas": "schemas", "http": "http"}
    # service_clients: ts/sdkanswers.py; tls_opt_out_words: engines/semgrep/optin_tls_ts.py
    LIST_SECTIONS = _LIST_SECTIONS | {"globals", "service_clients", "tls_opt_out_words", "vm_host_objects"}

    def finish(self) -> TsModels:
        m = super().finish()
        m.surface = S = _ts_surface(self.surface_doc)
        # calls and methods whose result a model decides (a cheap gate before asking how)
        m.model_calls = frozenset(m.drops | m.undoes | set(m.clears) | m.resolver_calls | m.same_function_calls | m.url_parsers
                                  | set(m.sql_formatters))
        m.model_methods = frozenset(m.resolver_methods | S.schema_parse | m.container_mutators | set(m.receiver_clears)
                                    | m.untainted_result_methods | set(m.untainted_result_on) | m.receiver_only_methods
                                    | {"slice", "substring", "substr"})
        m.surface_methods = frozenset({S.request_method, *S.http_start_methods, *S.http_listen_methods, *S.route_methods, "on",
                                       *(meth for methods in S.registrations.values() for meth in methods)})
        names = sorted({meth for methods in S.registrations.values() for meth in methods})
        m.registration_call = re.compile(
            rb"\.(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\s*\(\s*([A-Za-z_$][\w$]*)")
        return m


def load_models(loader: _Loader, directory: Path) -> Models:
    """Read every ``*.yaml`` under ``directory`` with ``loader``."""
    for path in sorted(directory.glob("*.yaml")):
        loader.file(path)
    return loader.finish()


def load_python_models(directory: Path, families: FrozenSet[str]) -> PythonModels:
    """Read every ``*.yaml`` under ``directory`` (``rules/models/python``)."""
    return load_models(_PythonLoader(families), directory)  # type: ignore[return-value]


def load_ts_models(directory: Path, families: FrozenSet[str]) -> TsModels:
    """Read every ``*.yaml`` under ``directory`` (``rules/models/typescript``)."""
    return load_models(_TsLoader(families), directory)  # type: ignore[return-value]
