"""What counts as a sink, a sanitizer, a secret and a logger. Names are fully qualified after
import resolution (``from os import system as s; s(x)`` is ``os.system``)."""

from __future__ import annotations

import re

# family -> rule id
FAMILY_RULE = {
    "shell": "tool-shell-injection",
    "argument": "tool-argument-injection",
    "sql": "tool-sql-injection",
    "nosql": "tool-nosql-injection",
    "path": "tool-path-traversal",
    "ssrf": "tool-ssrf",
    "code": "tool-code-injection",
    "deserialization": "tool-unsafe-deserialization",
    "template": "tool-template-injection",
    "log": "secret-in-log",
    "return": "secret-in-tool-result",
}

# --- OS command -------------------------------------------------------------------------------
SHELL_STRING_SINKS = {
    "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4",
    "subprocess.getoutput", "subprocess.getstatusoutput",
    "commands.getoutput", "commands.getstatusoutput",
    "asyncio.create_subprocess_shell", "asyncio.subprocess.create_subprocess_shell",
    "pty.spawn",
}
SUBPROCESS_FUNCS = {
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "subprocess.Popen",
}
EXEC_ARGV_FUNCS = {"asyncio.create_subprocess_exec", "asyncio.subprocess.create_subprocess_exec"}
OS_EXEC_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn")
SHELL_PROGRAMS = {"sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "cmd.exe", "powershell", "pwsh",
                  "/bin/sh", "/bin/bash", "/usr/bin/bash", "/usr/bin/sh", "/bin/zsh"}
SHELL_FLAGS = {"-c", "/c", "/C", "-Command", "-command", "-lc", "-ic"}

# --- code / deserialisation / templates -------------------------------------------------------
CODE_SINKS = {
    "eval", "exec", "compile", "__import__", "builtins.eval", "builtins.exec",
    "builtins.compile", "importlib.import_module", "importlib.__import__", "runpy.run_path",
    "runpy.run_module",
}
DESER_SINKS = {
    "pickle.loads", "pickle.load", "pickle.Unpickler", "_pickle.loads", "cPickle.loads",
    "cPickle.load", "dill.loads", "dill.load", "marshal.loads", "marshal.load",
    "jsonpickle.decode", "jsonpickle.loads", "shelve.open", "yaml.unsafe_load",
    "yaml.full_load", "yaml.load_all", "pandas.read_pickle", "joblib.load", "torch.load",
    "cloudpickle.loads", "cloudpickle.load",
}
YAML_LOAD = {"yaml.load", "ruamel.yaml.load"}
SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
TEMPLATE_SINKS = {
    "jinja2.Template", "jinja2.environment.Template", "flask.render_template_string",
    "mako.template.Template", "django.template.Template", "string.Template",
}
TEMPLATE_METHODS = {"from_string"}

# --- SQL / NoSQL ------------------------------------------------------------------------------
SQL_FUNCS = {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text",
             "pandas.read_sql", "pandas.read_sql_query", "pd.read_sql", "pandas.io.sql.read_sql"}
# build a query object; the sink is reported there, not again where the object is executed
SQL_CONSTRUCTORS = {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"}
SQL_METHODS = {"execute", "executemany", "executescript", "exec_driver_sql", "mogrify",
               "raw", "extra", "read_sql", "read_sql_query", "fetch", "fetchrow", "fetchval"}
# method names that run a query only on receivers that look like DB handles
SQL_MAYBE_METHODS = {"query", "run", "sql", "execute_query", "cypher"}
DB_RECEIVER = re.compile(r"(?i)(conn|cursor|cur|db|session|sess|tx|transaction|client|engine|pool|neo4j|driver|database|duckdb|snowflake|bq|bigquery|spark)")
NOSQL_METHODS = {"find", "find_one", "aggregate", "delete_many", "delete_one", "update_many",
                 "update_one", "count_documents", "find_one_and_update", "find_one_and_delete",
                 "find_one_and_replace", "distinct", "map_reduce", "watch"}
NOSQL_RECEIVER = re.compile(r"(?i)(coll|collection|mongo|db|table|client)")

# --- paths ------------------------------------------------------------------------------------
PATH_FUNCS = {
    "open", "io.open", "os.open", "codecs.open", "aiofiles.open", "builtins.open",
    "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.rename", "os.renames",
    "os.replace", "os.makedirs", "os.mkdir", "os.listdir", "os.scandir", "os.walk",
    "os.chmod", "os.chown", "os.truncate", "os.symlink", "os.link",
    "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree", "shutil.move",
    "shutil.rmtree", "shutil.make_archive", "shutil.unpack_archive", "shutil.copyfileobj",
    "tarfile.open", "zipfile.ZipFile", "flask.send_file", "flask.send_from_directory",
    "starlette.responses.FileResponse", "fastapi.responses.FileResponse",
    "pandas.read_csv", "pandas.read_excel", "pandas.read_json", "pandas.read_parquet",
    "aiofiles.os.remove", "aiofiles.os.rename", "glob.glob", "glob.iglob",
    "os.path.getsize",
}
PATH_METHODS = {
    "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "mkdir",
    "touch", "rename", "replace", "iterdir", "glob", "rglob", "symlink_to", "hardlink_to",
    "chmod", "extractall", "extract",
}
WRITE_HINT = {"write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "rename",
              "replace", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.rename",
              "os.replace", "os.makedirs", "os.mkdir", "shutil.rmtree", "shutil.move",
              "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree",
              "os.chmod", "os.truncate", "extractall", "extract"}
RESOLVERS = {"os.path.realpath", "os.path.abspath", "os.path.normpath", "os.path.expanduser"}
RESOLVE_METHODS = {"resolve", "absolute", "expanduser"}

# --- SSRF -------------------------------------------------------------------------------------
HTTP_MODULE_FUNCS = {
    f"{m}.{v}" for m in ("requests", "httpx", "requests.api") for v in
    ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")
} | {"urllib.request.urlopen", "urllib.request.Request", "urllib.request.urlretrieve",
     "urllib2.urlopen", "aiohttp.request", "http.client.HTTPConnection",
     "http.client.HTTPSConnection", "socket.create_connection", "httpx.Request",
     "requests.Request", "webbrowser.open", "pycurl.Curl"}
HTTP_CLIENT_CTORS = {"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient",
                     "aiohttp.ClientSession", "urllib3.PoolManager", "urllib3.HTTPConnectionPool"}
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
                "urlopen", "send", "ws_connect"}
URL_PARSERS = {"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse",
               "httpx.URL", "yarl.URL"}
_FIXED_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/{?#]+[/?#]")

# --- logging / printing -----------------------------------------------------------------------
LOG_FUNCS = {
    "print", "logging.debug", "logging.info", "logging.warning", "logging.warn",
    "logging.error", "logging.exception", "logging.critical", "logging.fatal", "logging.log",
    "warnings.warn", "sys.stderr.write", "sys.stdout.write", "pprint.pprint",
}
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal",
               "log", "msg", "report_progress"}
LOGGER_RECEIVER = re.compile(r"(?i)(^|[._])(log|logger|logging|_log|_logger|ctx|context|audit|structlog)$")

# --- secrets ----------------------------------------------------------------------------------
SECRET_NAME = re.compile(
    r"(?i)(passw(or)?d|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
    r"auth[_-]?token|access[_-]?token|refresh[_-]?token|bearer|credential|client[_-]?secret|"
    r"session[_-]?token|^token$|_token$|^token_|authorization|cookie|signing[_-]?key|jwt)"
)
NOT_SECRET_NAME = re.compile(
    r"(?i)(tokens?_?(count|limit|len|usage|estimat|budget|s$|type|file_?name)|max_?tokens|num_?tokens|"
    r"(next|page|continuation|pagination|sync|start|resume|cursor|marker|progress)_?token|csrf|xsrf|"
    r"token_?ize|tokenizer|_tokens$|password_?(hash|policy|length|reset|field|prompt)|"
    r"secret_?(name|arn|id|path|manager)|key_?(name|id|arn)|credential_?(type|provider|name|id|path|file)|"
    r"has_|is_|_required|_url$|_env$|_var$|_header_name|_enabled$|_set$|use_|_configured$)"
)


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not NOT_SECRET_NAME.search(name)


def fixed_host_prefix(prefix: str) -> bool:
    """True when a URL's constant prefix already fixes scheme and host (``https://api.x.com/``)."""
    return bool(_FIXED_HOST.match(prefix))


# --- sanitizers -------------------------------------------------------------------------------
CAST_SANITIZERS = {"int", "float", "bool", "uuid.UUID", "decimal.Decimal", "len", "hash",
                   "datetime.date.fromisoformat", "datetime.datetime.fromisoformat",
                   "ipaddress.ip_address", "ipaddress.ip_network", "abs", "round", "ord"}
QUOTE_SANITIZERS = {"shlex.quote": ("shell", "argument"), "pipes.quote": ("shell", "argument"),
                    "html.escape": ("template",), "markupsafe.escape": ("template",),
                    "os.path.basename": ("path",), "werkzeug.utils.secure_filename": ("path",),
                    "psycopg2.sql.Identifier": ("sql",), "psycopg.sql.Identifier": ("sql",)}
# decoding after a check can bring back what the check ruled out ('%2e%2e%2f' -> '../'):
# the result is no longer sanitised for anything
DECODERS = {"urllib.parse.unquote", "urllib.parse.unquote_plus", "urllib.parse.unquote_to_bytes",
            "html.unescape", "base64.b64decode", "base64.urlsafe_b64decode", "base64.b32decode",
            "binascii.unhexlify", "binascii.a2b_base64", "bytes.fromhex", "codecs.decode"}
SAFE_ANNOTATIONS = {"int", "float", "bool", "UUID", "uuid.UUID", "datetime", "date",
                    "datetime.datetime", "datetime.date", "Decimal", "PositiveInt",
                    "NonNegativeInt", "conint", "StrictInt", "StrictBool", "StrictFloat",
                    "IPv4Address", "IPv6Address", "timedelta", "time"}
CONTEXT_ANNOTATIONS = {"Context", "fastmcp.Context", "mcp.server.fastmcp.Context",
                       "RequestContext", "ServerSession", "Request"}
