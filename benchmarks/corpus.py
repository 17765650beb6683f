"""Deterministic generator of a monorepo of realistic MCP server packages, for benchmarking.

    python benchmarks/corpus.py DEST [--lines 100000] [--seed 1] [--manifest FILE]

The tree looks like a real MCP monorepo (``src/<name>-mcp-server/<pkg>/...`` as in awslabs/mcp):
every package has a FastMCP ``server.py`` (tools, resources and prompts with docstrings, Context
parameters and pydantic ``Field`` descriptions) and the helpers such servers really have: an HTTP
client (httpx or requests, always with timeouts), data access (sqlite3 or SQLAlchemy with
parameterised queries and column allow-lists), file helpers with workspace containment, subprocess
wrappers with argv lists, pydantic models, constants, utils and pytest tests. Shared non-MCP
libraries (``libs/``) and pure data modules are mixed in; the cst engine's pre-filter may skip
the data modules.

About one module in thirty carries a real hazard (SQL built with an f-string, ``shell=True``, an
unchecked ``open(path)``) reached from a tool parameter, directly in ``server.py`` or through a
helper in another module. The returned manifest lists each planted hazard with its location and
the rule ids expected to report it, so a benchmark run can also check that the engines did the
work being timed.

The output depends only on ``lines`` and ``seed``: one ``random.Random(seed)`` drives every
choice, all iteration is over lists, and nothing reads the clock or the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

DEFAULT_LINES = 100_000
DEFAULT_SEED = 1

#: cst rule ids (and, for information, the semgrep/bandit ids) expected for each hazard kind.
HAZARD_RULES: Dict[str, Dict[str, List[str]]] = {
    "sql-fstring": {"cst": ["tool-sql-injection"], "semgrep": ["sql-string-built"], "bandit": ["B608"]},
    "shell-true": {"cst": ["tool-shell-injection"], "semgrep": ["subprocess-shell-true"], "bandit": ["B602"]},
    "open-unchecked": {"cst": ["tool-path-traversal"], "semgrep": ["tool-param-path-traversal"], "bandit": []},
}
HAZARD_KINDS = tuple(HAZARD_RULES)
HAZARD_RATE = 1 / 30  # planted hazards per Python module

# ---------------------------------------------------------------------------------------------
# vocabulary


@dataclass(frozen=True)
class Domain:
    name: str  # plural, snake_case: tickets
    entity: str  # CamelCase singular: Ticket
    binary: str  # a CLI the runner wraps
    fields: Tuple[Tuple[str, str], ...]  # (name, description)


DOMAINS: Tuple[Domain, ...] = (
    Domain("tickets", "Ticket", "ticketctl", (
        ("title", "Short human-readable summary of the ticket"),
        ("priority", "Priority label such as P1 or P3"),
        ("assignee", "Login of the person the ticket is assigned to"),
        ("queue", "Support queue that owns the ticket"),
        ("component", "Product component the ticket is filed against"),
    )),
    Domain("items", "Item", "invctl", (
        ("sku", "Stock keeping unit"),
        ("name", "Display name of the item"),
        ("warehouse", "Warehouse code where the item is stored"),
        ("category", "Catalogue category"),
        ("supplier", "Supplier identifier"),
    )),
    Domain("forecasts", "Forecast", "wxfetch", (
        ("station", "Weather station identifier"),
        ("region", "Forecast region name"),
        ("summary", "One-line forecast summary"),
        ("wind", "Wind direction and speed"),
        ("advisory", "Active advisory headline, if any"),
    )),
    Domain("invoices", "Invoice", "billctl", (
        ("customer", "Customer account number"),
        ("currency", "ISO 4217 currency code"),
        ("reference", "Purchase order or external reference"),
        ("due_date", "Due date in ISO 8601 format"),
        ("memo", "Free-text memo printed on the invoice"),
    )),
    Domain("events", "Event", "calsync", (
        ("title", "Event title"),
        ("location", "Where the event takes place"),
        ("organizer", "Email of the organizer"),
        ("calendar", "Calendar the event belongs to"),
        ("starts_at", "Start time in ISO 8601 format"),
    )),
    Domain("notes", "Note", "notetool", (
        ("title", "Note title"),
        ("body", "Markdown body of the note"),
        ("notebook", "Notebook the note is filed in"),
        ("author", "Author login"),
        ("tags", "Comma-separated tags"),
    )),
    Domain("contacts", "Contact", "crmcli", (
        ("full_name", "Full name of the contact"),
        ("company", "Company the contact works for"),
        ("email", "Primary email address"),
        ("phone", "Primary phone number"),
        ("owner", "Account owner login"),
    )),
    Domain("deployments", "Deployment", "deployctl", (
        ("service", "Service being deployed"),
        ("environment", "Target environment such as staging or prod"),
        ("revision", "Git revision that was deployed"),
        ("cluster", "Cluster name"),
        ("initiator", "Who started the deployment"),
    )),
    Domain("metrics", "Metric", "metricq", (
        ("namespace", "Metric namespace"),
        ("metric_name", "Metric name within the namespace"),
        ("unit", "Unit of measure"),
        ("dimension", "Primary dimension value"),
        ("statistic", "Statistic such as Average or p99"),
    )),
    Domain("documents", "Document", "docindex", (
        ("title", "Document title"),
        ("collection", "Collection the document belongs to"),
        ("language", "Language code of the document"),
        ("source_url", "Where the document was imported from"),
        ("checksum", "SHA-256 of the document content"),
    )),
    Domain("shipments", "Shipment", "shipctl", (
        ("carrier", "Carrier name"),
        ("tracking_number", "Carrier tracking number"),
        ("origin", "Origin facility code"),
        ("destination", "Destination facility code"),
        ("service_level", "Service level such as ground or express"),
    )),
    Domain("books", "Book", "libcat", (
        ("title", "Book title"),
        ("author", "Primary author"),
        ("isbn", "ISBN-13"),
        ("publisher", "Publisher name"),
        ("shelf", "Shelf location code"),
    )),
    Domain("cases", "Case", "casetool", (
        ("subject", "Case subject line"),
        ("account", "Customer account"),
        ("severity_label", "Severity label set by the customer"),
        ("channel", "Channel the case arrived through"),
        ("product", "Product the case is about"),
    )),
    Domain("employees", "Employee", "hrctl", (
        ("full_name", "Employee full name"),
        ("department", "Department name"),
        ("manager", "Login of the employee's manager"),
        ("office", "Office location"),
        ("title", "Job title"),
    )),
    Domain("assets", "Asset", "assetctl", (
        ("hostname", "Host name of the asset"),
        ("serial", "Hardware serial number"),
        ("model", "Hardware model"),
        ("rack", "Rack location"),
        ("owner_team", "Team that owns the asset"),
    )),
    Domain("alerts", "Alert", "alertctl", (
        ("rule_name", "Alerting rule that fired"),
        ("service", "Service the alert is about"),
        ("runbook", "Runbook identifier"),
        ("region", "Region where the alert fired"),
        ("summary", "One-line alert summary"),
    )),
    Domain("builds", "Build", "buildctl", (
        ("pipeline", "Pipeline name"),
        ("branch", "Branch that was built"),
        ("commit_sha", "Commit that was built"),
        ("trigger", "What triggered the build"),
        ("runner", "Runner that executed the build"),
    )),
    Domain("datasets", "Dataset", "dsctl", (
        ("name", "Dataset name"),
        ("owner", "Owning team"),
        ("storage_class", "Storage class of the dataset"),
        ("schema_version", "Schema version string"),
        ("license", "License identifier"),
    )),
    Domain("articles", "Article", "feedctl", (
        ("headline", "Article headline"),
        ("feed", "Feed the article came from"),
        ("byline", "Author byline"),
        ("section", "Section of the publication"),
        ("canonical_url", "Canonical URL of the article"),
    )),
    Domain("recipes", "Recipe", "cookbook", (
        ("title", "Recipe title"),
        ("cuisine", "Cuisine"),
        ("course", "Course such as starter or dessert"),
        ("source", "Where the recipe comes from"),
        ("diet", "Dietary label"),
    )),
)

FLAVOURS = ("", "analytics", "admin", "sync", "gateway", "insights", "ops", "lite", "archive",
            "reports", "search", "bridge")

LIB_NAMES = ("textkit", "pagination", "datefmt", "units", "tablefmt", "retrykit", "idgen",
             "geodata", "currency", "schemas", "markup", "checks")

STATUSES = ("open", "pending", "active", "closed", "archived")


@dataclass
class Ctx:
    domain: Domain
    slug: str  # tickets-analytics
    pkg: str  # tickets_analytics_mcp_server
    title: str  # Tickets Analytics
    camel: str  # TicketsAnalytics
    env: str  # TICKETS_ANALYTICS
    orm: str  # sqlite | sqlalchemy
    http: str  # httpx | requests

    def mapping(self) -> Dict[str, str]:
        d = self.domain
        return {
            "slug": self.slug, "pkg": self.pkg, "title": self.title, "Title": self.camel,
            "ENV": self.env, "Entity": d.entity, "entity": _snake(d.entity), "plural": d.name,
            "table": d.name, "binary": d.binary, "Client": self.camel + "Client",
            "host": f"api.{self.slug.replace('-', '.')}.example.com",
        }


def _snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


def _fieldmap(name: str, desc: str, prefix: str = "f") -> Dict[str, str]:
    return {prefix: name, prefix.upper(): name.replace("_", " "), prefix + "_desc": desc}


_PLACEHOLDER = re.compile(r"@([A-Za-z_0-9]+)@")


def fill(tpl: str, mapping: Dict[str, str], dedent: bool = True) -> str:
    """Replace ``@name@`` placeholders; every placeholder must have a value."""

    def sub(m: "re.Match[str]") -> str:
        key = m.group(1)
        if key not in mapping:
            raise KeyError(f"template placeholder @{key}@ has no value")
        return mapping[key]

    body = textwrap.dedent(tpl) if dedent else tpl
    return _PLACEHOLDER.sub(sub, body.strip("\n")) + "\n"


# ---------------------------------------------------------------------------------------------
# module assembly with line bookkeeping


@dataclass
class Hazard:
    path: str
    kind: str
    function: str
    start_line: int
    end_line: int
    sink_line: int
    via: Optional[str] = None  # the server tool that feeds a helper-module hazard

    def as_dict(self) -> Dict[str, object]:
        return {
            "path": self.path, "kind": self.kind, "function": self.function,
            "start_line": self.start_line, "end_line": self.end_line, "sink_line": self.sink_line,
            "via": self.via, "rules": HAZARD_RULES[self.kind],
        }


@dataclass
class Block:
    text: str
    hazard: Optional[str] = None  # kind
    function: str = ""
    via: Optional[str] = None


@dataclass
class Module:
    path: str
    header: str
    imports: List[str] = field(default_factory=list)
    preamble: str = ""
    blocks: List[Block] = field(default_factory=list)
    footer: str = ""

    def render(self) -> Tuple[str, List[Hazard]]:
        parts: List[str] = []
        if self.header:
            parts.append(self.header.rstrip("\n") + "\n")
        if self.imports:
            parts.append(_import_block(self.imports))
        if self.preamble:
            parts.append(self.preamble.rstrip("\n") + "\n")
        hazards: List[Hazard] = []
        text = "\n".join(parts)
        for b in self.blocks:
            sep = "\n\n" if text else ""
            start = text.count("\n") + 1 + sep.count("\n")
            body = b.text.rstrip("\n") + "\n"
            text += sep + body
            if b.hazard:
                lines = body.splitlines()
                sink = next((i for i, ln in enumerate(lines) if "# sink" in ln), None)
                if sink is None:
                    raise AssertionError(f"hazard block without a '# sink' marker in {self.path}")
                lines[sink] = lines[sink].replace("  # sink", "")
                body2 = "\n".join(lines) + "\n"
                text = text[: len(text) - len(body)] + body2
                hazards.append(Hazard(self.path, b.hazard, b.function, start, start + len(lines) - 1,
                                      start + sink, b.via))
        if self.footer:
            text += ("\n\n" if text else "") + self.footer.rstrip("\n") + "\n"
        return text, hazards


_STDLIB = {"__future__", "argparse", "asyncio", "base64", "collections", "contextlib", "csv",
           "dataclasses", "datetime", "enum", "functools", "hashlib", "io", "itertools", "json",
           "logging", "math", "os", "pathlib", "re", "shlex", "shutil", "sqlite3", "string",
           "subprocess", "tempfile", "textwrap", "threading", "time", "typing", "unicodedata",
           "urllib", "urllib.parse", "uuid", "decimal", "fnmatch", "statistics", "zoneinfo"}


def _import_block(imports: Sequence[str]) -> str:
    """isort-like: __future__, stdlib, third party, local; each group sorted, and the names
    imported from one module merged into one statement."""
    plain: List[str] = []
    names: Dict[str, List[str]] = {}
    for imp in imports:
        imp = imp.strip()
        if imp.startswith("from "):
            mod, _, what = imp[5:].partition(" import ")
            bucket = names.setdefault(mod, [])
            for n in what.split(","):
                if n.strip() and n.strip() not in bucket:
                    bucket.append(n.strip())
        elif imp not in plain:
            plain.append(imp)
    groups: Dict[int, List[Tuple[int, str, str]]] = {0: [], 1: [], 2: [], 3: []}

    def group(mod: str) -> int:
        if mod == "__future__":
            return 0
        if mod.startswith("."):
            return 3
        return 1 if mod.split(".")[0] in _STDLIB else 2

    for imp in plain:
        mod = imp.split()[1]
        groups[group(mod)].append((0, mod.lower(), imp))
    for mod, what in names.items():
        ordered = sorted(what, key=lambda n: (not n.isupper(), not n[:1].isupper(), n.lower()))
        line = f"from {mod} import {', '.join(ordered)}"
        if len(line) > 100:
            line = f"from {mod} import (\n" + "".join(f"    {n},\n" for n in ordered) + ")"
        groups[group(mod)].append((1, mod.lower(), line))
    out = ["\n".join(s for _, _, s in sorted(groups[k])) for k in (0, 1, 2, 3) if groups[k]]
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# server.py: tools, resources, prompts

SERVER_HEADER = '''
"""@title@ MCP server.

Exposes @plural@ from the @title@ service to MCP clients: list, search and fetch
@plural@, update their fields, export them to the workspace and run the `@binary@`
maintenance commands. Configuration comes from environment variables prefixed
with ``@ENV@_``.
"""
'''

SERVER_PREAMBLE = '''
logger = logging.getLogger(__name__)

DB_PATH = os.environ.get("@ENV@_DB", os.path.expanduser("~/.@slug@/@plural@.db"))
API_URL = os.environ.get("@ENV@_API_URL", "https://@host@/v2")
ATTACHMENT_DIR = os.environ.get("@ENV@_ATTACHMENTS", "/var/lib/@slug@/attachments")

mcp = FastMCP(
    "@slug@",
    instructions=SERVER_INSTRUCTIONS,
    dependencies=["pydantic", "@http@"],
)
_store = @Entity@Store(DB_PATH)
_client = @Client@(API_URL, token=os.environ.get("@ENV@_API_TOKEN"))
'''

SERVER_FOOTER = '''
def main() -> None:
    """Run the @title@ MCP server on stdio."""
    logging.basicConfig(
        level=os.environ.get("@ENV@_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logger.info("starting @slug@ (database %s)", DB_PATH)
    mcp.run()


if __name__ == "__main__":
    main()
'''

SERVER_IMPORTS = [
    "from __future__ import annotations",
    "import logging",
    "import os",
    "from typing import Annotated, Any, Optional",
    "from mcp.server.fastmcp import Context, FastMCP",
    "from pydantic import Field",
    "from .clients import @Client@, @Title@ApiError",
    "from .consts import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SERVER_INSTRUCTIONS",
    "from .models import @Entity@, @Entity@Create, @Entity@Status",
    "from .store import @Entity@Store, StoreError",
]

# Each tool template: (name, imports, text). Names with @f@ are instantiated once per field.
TOOL_TEMPLATES: List[Tuple[str, List[str], str]] = [
    ("list_@plural@", [], '''
@mcp.tool()
async def list_@plural@(
    ctx: Context,
    status: Annotated[Optional[@Entity@Status], Field(description="Only return @plural@ in this status.")] = None,
    page: Annotated[int, Field(ge=1, description="Page number, starting at 1.")] = 1,
    page_size: Annotated[
        int, Field(ge=1, le=MAX_PAGE_SIZE, description="Number of @plural@ per page.")
    ] = DEFAULT_PAGE_SIZE,
) -> dict[str, Any]:
    """List @plural@ from the local catalogue, newest first.

    Use `get_@entity@` to fetch the full record of one @entity@. The result carries
    `has_more` so the caller knows whether to ask for the next page.
    """
    await ctx.info(f"listing @plural@ page={page} size={page_size}")
    try:
        rows = _store.list(status=status.value if status else None, limit=page_size, offset=(page - 1) * page_size)
    except StoreError as exc:
        logger.warning("list_@plural@ failed: %s", exc)
        return {"error": "the @entity@ catalogue is unavailable", "items": []}
    return {
        "items": [row.model_dump(mode="json") for row in rows],
        "page": page,
        "page_size": page_size,
        "has_more": len(rows) == page_size,
    }
'''),
    ("get_@entity@", [], '''
@mcp.tool()
async def get_@entity@(
    @entity@_id: Annotated[int, Field(gt=0, description="Numeric identifier of the @entity@.")],
    ctx: Context,
) -> dict[str, Any]:
    """Return one @entity@ with all of its fields.

    The local catalogue is consulted first; when the @entity@ is not there the
    upstream @title@ API is asked and the answer is cached locally.
    """
    row = _store.get(@entity@_id)
    if row is not None:
        return row.model_dump(mode="json")
    await ctx.debug(f"@entity@ {@entity@_id} not cached, asking upstream")
    try:
        payload = await _client.get_@entity@(@entity@_id)
    except @Title@ApiError as exc:
        if exc.status == 404:
            return {"error": f"no @entity@ with id {@entity@_id}"}
        logger.error("upstream lookup of @entity@ %s failed: %s", @entity@_id, exc)
        raise
    record = @Entity@.model_validate(payload)
    _store.upsert(record)
    return record.model_dump(mode="json")
'''),
    ("search_@plural@_by_@f@", [], '''
@mcp.tool()
async def search_@plural@_by_@f@(
    ctx: Context,
    query: Annotated[str, Field(min_length=1, max_length=200, description="Text to look for in the @F@.")],
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description="Maximum number of results.")] = 20,
) -> list[dict[str, Any]]:
    """Search @plural@ whose @F@ contains the given text (case-insensitive).

    @f_desc@. Matching is a substring match; wildcards are not supported.
    """
    await ctx.report_progress(0, 1)
    rows = _store.search_by("@f@", query, limit=limit)
    await ctx.report_progress(1, 1)
    logger.debug("search_@plural@_by_@f@ returned %d rows", len(rows))
    return [row.model_dump(mode="json") for row in rows]
'''),
    ("update_@entity@_@f@", [], '''
@mcp.tool()
def update_@entity@_@f@(
    @entity@_id: Annotated[int, Field(gt=0, description="Identifier of the @entity@ to change.")],
    value: Annotated[str, Field(max_length=500, description="New @F@. @f_desc@.")],
) -> dict[str, Any]:
    """Change the @F@ of one @entity@ and return the updated record."""
    try:
        updated = _store.update_field(@entity@_id, "@f@", value)
    except KeyError:
        return {"error": f"no @entity@ with id {@entity@_id}"}
    except StoreError as exc:
        logger.exception("update of @entity@ %s failed", @entity@_id)
        return {"error": f"update failed: {exc}"}
    return updated.model_dump(mode="json")
'''),
    ("create_@entity@", [], '''
@mcp.tool()
async def create_@entity@(request: @Entity@Create, ctx: Context) -> dict[str, Any]:
    """Create a new @entity@ in the local catalogue and push it upstream.

    The @entity@ is stored locally first so it is never lost; a failure to reach the
    upstream API is reported in `sync_error` and retried by `sync_@plural@`.
    """
    record = _store.create(request)
    await ctx.info(f"created @entity@ {record.id}")
    try:
        await _client.push_@entity@(record.model_dump(mode="json"))
        sync_error = None
    except @Title@ApiError as exc:
        sync_error = str(exc)
        logger.warning("push of @entity@ %s failed: %s", record.id, exc)
    return {"@entity@": record.model_dump(mode="json"), "sync_error": sync_error}
'''),
    ("fetch_upstream_@plural@", [], '''
@mcp.tool()
async def fetch_upstream_@plural@(
    ctx: Context,
    updated_since: Annotated[
        Optional[str], Field(description="ISO 8601 timestamp; only @plural@ changed after it.")
    ] = None,
    max_pages: Annotated[int, Field(ge=1, le=20, description="Stop after this many API pages.")] = 5,
) -> dict[str, Any]:
    """Pull recently changed @plural@ from the upstream @title@ API into the catalogue."""
    fetched = 0
    cursor: Optional[str] = None
    for page in range(max_pages):
        await ctx.report_progress(page, max_pages)
        try:
            batch, cursor = await _client.list_@plural@(updated_since=updated_since, cursor=cursor)
        except @Title@ApiError as exc:
            logger.error("upstream listing failed on page %d: %s", page, exc)
            return {"fetched": fetched, "error": str(exc)}
        for item in batch:
            _store.upsert(@Entity@.model_validate(item))
        fetched += len(batch)
        if not cursor:
            break
    return {"fetched": fetched, "complete": cursor is None}
'''),
    ("read_workspace_document", ["from .files import PathOutsideWorkspace, read_workspace_file"], '''
@mcp.tool()
def read_workspace_document(
    path: Annotated[str, Field(description="Path of the document, relative to the workspace root.")],
    max_bytes: Annotated[int, Field(ge=1, le=1_000_000, description="Read at most this many bytes.")] = 65536,
) -> str:
    """Read a text document from the @title@ workspace.

    Only files inside the configured workspace can be read; absolute paths and
    `..` components that leave the workspace are rejected.
    """
    try:
        return read_workspace_file(path, max_bytes=max_bytes)
    except PathOutsideWorkspace:
        return "error: the path is outside the workspace"
    except FileNotFoundError:
        return f"error: {path} does not exist"
'''),
    ("list_workspace_files", ["from .files import PathOutsideWorkspace, list_workspace"], '''
@mcp.tool()
def list_workspace_files(
    subdir: Annotated[str, Field(description="Directory inside the workspace to list.")] = ".",
    pattern: Annotated[str, Field(description="Glob pattern, for example '*.csv'.")] = "*",
) -> list[str]:
    """List files in the @title@ workspace, relative to its root."""
    try:
        return list_workspace(subdir, pattern)
    except PathOutsideWorkspace:
        return []
'''),
    ("export_@plural@_csv", ["from .files import write_export"], '''
@mcp.tool()
async def export_@plural@_csv(
    ctx: Context,
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="File name without extension.")],
    status: Annotated[Optional[@Entity@Status], Field(description="Only export @plural@ in this status.")] = None,
) -> dict[str, Any]:
    """Export @plural@ to a CSV file in the workspace `exports/` folder."""
    rows = _store.list(status=status.value if status else None, limit=10_000, offset=0)
    target = write_export(name, [row.model_dump(mode="json") for row in rows])
    await ctx.info(f"exported {len(rows)} @plural@ to {target}")
    return {"path": str(target), "rows": len(rows)}
'''),
    ("run_@binary@_command", ["from .runner import ALLOWED_SUBCOMMANDS, run_tool_command"], '''
@mcp.tool()
async def run_@binary@_command(
    subcommand: Annotated[str, Field(description="One of the read-only @binary@ subcommands.")],
    ctx: Context,
    args: Annotated[list[str], Field(description="Extra positional arguments.")] = [],
) -> dict[str, Any]:
    """Run a read-only `@binary@` subcommand and return its JSON output.

    Allowed subcommands: status, version, list, describe. Arguments are passed as
    positional arguments after `--`, never through a shell.
    """
    if subcommand not in ALLOWED_SUBCOMMANDS:
        return {"error": f"unsupported subcommand {subcommand!r}", "allowed": sorted(ALLOWED_SUBCOMMANDS)}
    await ctx.info(f"running @binary@ {subcommand}")
    result = run_tool_command(subcommand, args)
    return {"returncode": result.returncode, "output": result.stdout[-20_000:], "stderr": result.stderr[-2_000:]}
'''),
    ("@plural@_statistics", [], '''
@mcp.tool()
def @plural@_statistics() -> dict[str, int]:
    """Count @plural@ per status in the local catalogue."""
    try:
        counts = _store.count_by_status()
    except StoreError as exc:
        logger.warning("statistics unavailable: %s", exc)
        return {}
    total = sum(counts.values())
    return {"total": total, **counts}
'''),
    ("delete_@entity@", [], '''
@mcp.tool(annotations={"destructiveHint": True, "idempotentHint": True})
def delete_@entity@(
    @entity@_id: Annotated[int, Field(gt=0, description="Identifier of the @entity@ to delete.")],
    confirm: Annotated[bool, Field(description="Must be true; protects against accidental deletes.")] = False,
) -> str:
    """Delete one @entity@ from the local catalogue (upstream is not touched)."""
    if not confirm:
        return "refused: pass confirm=true to delete"
    deleted = _store.delete(@entity@_id)
    logger.info("delete_@entity@ %s -> %s", @entity@_id, deleted)
    return "deleted" if deleted else f"no @entity@ with id {@entity@_id}"
'''),
    ("service_health", [], '''
@mcp.tool()
async def service_health(ctx: Context) -> dict[str, Any]:
    """Report whether the catalogue and the upstream API are reachable."""
    report: dict[str, Any] = {"catalogue": "ok", "upstream": "ok"}
    try:
        _store.count_by_status()
    except StoreError as exc:
        report["catalogue"] = f"error: {exc}"
    try:
        await _client.ping()
    except @Title@ApiError as exc:
        report["upstream"] = f"error: {exc.status}"
    await ctx.debug(f"health: {report}")
    return report
'''),
]

RESOURCE_TEMPLATES: List[Tuple[str, List[str], str]] = [
    ("@entity@_resource", [], '''
@mcp.resource("@plural@://{@entity@_id}", mime_type="application/json")
def @entity@_resource(@entity@_id: str) -> str:
    """The JSON record of one @entity@, addressable as @plural@://<id>."""
    if not @entity@_id.isdigit():
        raise ValueError("@entity@ ids are numeric")
    row = _store.get(int(@entity@_id))
    if row is None:
        raise ValueError(f"no @entity@ {@entity@_id}")
    return row.model_dump_json(indent=2)
'''),
    ("catalogue_overview", [], '''
@mcp.resource("@plural@://overview")
def catalogue_overview() -> str:
    """A Markdown overview of the catalogue: counts per status and the latest @plural@."""
    counts = _store.count_by_status()
    lines = ["# @title@ catalogue", ""]
    for status, count in sorted(counts.items()):
        lines.append(f"- **{status}**: {count}")
    lines.append("")
    lines.append("## Latest")
    for row in _store.list(status=None, limit=10, offset=0):
        lines.append(f"- #{row.id} {row.@f@}")
    return "\\n".join(lines)
'''),
    ("server_configuration", [], '''
@mcp.resource("config://@slug@")
def server_configuration() -> dict[str, Any]:
    """Non-secret configuration of this server."""
    return {
        "api_url": API_URL,
        "database": os.path.basename(DB_PATH),
        "page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
    }
'''),
]

PROMPT_TEMPLATES: List[Tuple[str, List[str], str]] = [
    ("triage_@entity@", [], '''
@mcp.prompt()
def triage_@entity@(@entity@_id: str, audience: str = "engineering") -> str:
    """Ask the model to triage one @entity@ for a given audience."""
    return (
        f"Triage @entity@ {@entity@_id} for the {audience} team. Fetch it with get_@entity@, "
        "summarise it in three bullet points, propose the next action and say which "
        "fields look inconsistent."
    )
'''),
    ("weekly_@plural@_report", [], '''
@mcp.prompt(name="weekly-@plural@-report", description="Draft the weekly @plural@ report.")
def weekly_@plural@_report(week: str) -> list[dict[str, str]]:
    """Messages that ask for the weekly report of @plural@."""
    return [
        {"role": "user", "content": f"Write the @title@ report for week {week}."},
        {"role": "user", "content": "Use @plural@_statistics and list_@plural@; group by status; keep it short."},
    ]
'''),
]

# Hazards planted directly in server.py (the sink is marked "# sink" and unmarked on render).
SERVER_HAZARDS: Dict[str, Tuple[str, List[str], str]] = {
    "sql-fstring": ("count_@plural@_mentioning", ["import sqlite3"], '''
@mcp.tool()
def count_@plural@_mentioning(
    term: Annotated[str, Field(description="Text to look for in the @F@.")],
) -> int:
    """Count @plural@ whose @F@ mentions the given text."""
    with sqlite3.connect(DB_PATH) as conn:
        cur = conn.execute(f"SELECT COUNT(*) FROM @table@ WHERE @f@ LIKE '%{term}%'")  # sink
        (count,) = cur.fetchone()
    logger.debug("count_@plural@_mentioning(%r) = %d", term, count)
    return int(count)
'''),
    "shell-true": ("grep_@entity@_archive", ["import subprocess"], '''
@mcp.tool()
async def grep_@entity@_archive(pattern: str, ctx: Context) -> str:
    """Search the archived @plural@ for a pattern and return the matching lines."""
    archive = os.environ.get("@ENV@_ARCHIVE", "/var/lib/@slug@/archive")
    await ctx.info(f"searching archive for {pattern!r}")
    proc = subprocess.run(  # sink
        f"grep -rn '{pattern}' {archive} | head -n 200",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if proc.returncode not in (0, 1):
        return f"error: {proc.stderr.strip()}"
    return proc.stdout
'''),
    "open-unchecked": ("read_@entity@_attachment", [], '''
@mcp.tool()
def read_@entity@_attachment(
    filename: Annotated[str, Field(description="Attachment file name as shown by get_@entity@.")],
) -> str:
    """Return the text of one @entity@ attachment."""
    full_path = os.path.join(ATTACHMENT_DIR, filename)
    with open(full_path, encoding="utf-8", errors="replace") as fh:  # sink
        return fh.read()
'''),
}

# Tools in server.py that feed a hazard planted in a helper module.
SERVER_HAZARD_CALLERS: Dict[str, Tuple[str, List[str], str]] = {
    "sql-fstring": ("count_@plural@_with_@f@", ["from .store import count_matching"], '''
@mcp.tool()
def count_@plural@_with_@f@(
    value: Annotated[str, Field(description="Text to look for in the @F@.")],
) -> dict[str, Any]:
    """Count @plural@ whose @F@ mentions a value (dashboard helper)."""
    return {"@f@": value, "count": count_matching(DB_PATH, value)}
'''),
    "shell-true": ("@binary@_pipeline", ["from .runner import run_pipeline"], '''
@mcp.tool()
async def @binary@_pipeline(expression: str, ctx: Context) -> str:
    """Run a `@binary@` export piped through a filter expression."""
    await ctx.info("running @binary@ pipeline")
    return run_pipeline(expression)
'''),
    "open-unchecked": ("read_@entity@_report", ["from .files import read_report"], '''
@mcp.tool()
def read_@entity@_report(report_path: str) -> str:
    """Return a generated @entity@ report."""
    return read_report(report_path)
'''),
}


# ---------------------------------------------------------------------------------------------
# helper modules

MODELS = '''
"""Pydantic models shared by the @title@ tools."""
'''

MODELS_BODY = [
'''
class @Entity@Status(str, Enum):
    """Lifecycle states of a @entity@."""

    OPEN = "open"
    PENDING = "pending"
    ACTIVE = "active"
    CLOSED = "closed"
    ARCHIVED = "archived"
''',
'''
class @Entity@Base(BaseModel):
    """Fields a client may set on a @entity@."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

@FIELDS@
''',
'''
class @Entity@Create(@Entity@Base):
    """Payload of `create_@entity@`."""

    status: @Entity@Status = Field(default=@Entity@Status.OPEN, description="Initial status.")
''',
'''
class @Entity@(@Entity@Base):
    """A @entity@ as stored in the catalogue."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Catalogue identifier.")
    status: @Entity@Status = Field(description="Current lifecycle state.")
    created_at: datetime = Field(description="When the @entity@ was first seen.")
    updated_at: datetime = Field(description="When the @entity@ last changed.")

    @field_validator("updated_at")
    @classmethod
    def _not_before_creation(cls, value: datetime, info: ValidationInfo) -> datetime:
        created = info.data.get("created_at")
        if created is not None and value < created:
            raise ValueError("updated_at precedes created_at")
        return value

    def short(self) -> str:
        """One-line rendering used in prompts and logs."""
        return f"#{self.id} [{self.status.value}] {self.@f@}"
''',
'''
class @Entity@Page(BaseModel):
    """One page of @plural@ returned by the upstream API."""

    items: list[dict[str, Any]] = Field(default_factory=list)
    next_cursor: Optional[str] = Field(default=None, alias="nextCursor")
    total: Optional[int] = None

    @property
    def is_last(self) -> bool:
        return not self.next_cursor
''',
'''
class @Entity@Event(BaseModel):
    """A change notification received from the upstream webhook."""

    event_id: str
    @entity@_id: int
    kind: Literal["created", "updated", "deleted"]
    occurred_at: datetime
    changes: dict[str, Any] = Field(default_factory=dict)

    def touches(self, field_name: str) -> bool:
        return field_name in self.changes
''',
]

CONSTS = '''
"""Constants of the @title@ server."""

SERVER_NAME = "@slug@"
USER_AGENT = "@slug@-mcp/1.4 (+https://github.com/example/@slug@)"

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
DEFAULT_TIMEOUT = 30.0
CONNECT_TIMEOUT = 5.0
MAX_RETRIES = 3
RETRY_BACKOFF_SECONDS = 0.5
MAX_READ_BYTES = 1_048_576
EXPORT_DIR_NAME = "exports"

SERVER_INSTRUCTIONS = """\\
This server gives access to the @title@ catalogue of @plural@.

Use list_@plural@ or the search tools to find @plural@, then get_@entity@ for details.
Updates are applied to the local catalogue immediately and pushed upstream in the
background. Never guess identifiers: search first.
"""

STATUS_LABELS = {
    "open": "Open",
    "pending": "Pending review",
    "active": "In progress",
    "closed": "Closed",
    "archived": "Archived",
}
'''

CLIENT_HTTPX = '''
"""Async client for the upstream @title@ REST API (httpx)."""
'''

CLIENT_HTTPX_BODY = [
'''
class @Title@ApiError(RuntimeError):
    """The upstream API answered with an error or could not be reached."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
''',
'''
class @Client@:
    """Thin wrapper around the @title@ API with retries and timeouts."""

    def __init__(self, base_url: str, token: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.AsyncClient(
            base_url=base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT),
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        last_error: Optional[Exception] = None
        for attempt in range(MAX_RETRIES):
            try:
                response = await self._client.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                last_error = exc
                logger.debug("%s %s failed (attempt %d): %s", method, path, attempt + 1, exc)
                await asyncio.sleep(RETRY_BACKOFF_SECONDS * (2**attempt))
                continue
            if response.status_code == 429:
                await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            if response.status_code >= 400:
                raise @Title@ApiError(response.status_code, response.text[:200])
            return response.json() if response.content else None
        raise @Title@ApiError(503, f"gave up after {MAX_RETRIES} attempts: {last_error}")

    async def ping(self) -> None:
        await self._request("GET", "/health")

    async def get_@entity@(self, @entity@_id: int) -> dict[str, Any]:
        return await self._request("GET", f"/@plural@/{int(@entity@_id)}")

    async def push_@entity@(self, payload: dict[str, Any]) -> None:
        await self._request("PUT", f"/@plural@/{int(payload['id'])}", json=payload)

    async def list_@plural@(
        self, updated_since: Optional[str] = None, cursor: Optional[str] = None
    ) -> tuple[list[dict[str, Any]], Optional[str]]:
        params: dict[str, str] = {}
        if updated_since:
            params["updatedSince"] = updated_since
        if cursor:
            params["cursor"] = cursor
        data = await self._request("GET", "/@plural@", params=params)
        return data.get("items", []), data.get("nextCursor")
@METHODS@
''',
]

CLIENT_HTTPX_METHOD = '''
    async def find_by_@f@(self, value: str, limit: int = 50) -> list[dict[str, Any]]:
        """Upstream search on the @F@ field."""
        data = await self._request("GET", "/@plural@", params={"@f@": value, "limit": str(limit)})
        return list(data.get("items", []))
'''

CLIENT_REQUESTS = '''
"""Client for the upstream @title@ REST API (requests, run in a worker thread)."""
'''

CLIENT_REQUESTS_BODY = [
'''
class @Title@ApiError(RuntimeError):
    """The upstream API answered with an error or could not be reached."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
''',
'''
class @Client@:
    """Blocking requests session wrapped in async methods for the MCP handlers."""

    def __init__(self, base_url: str, token: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._base_url = base_url.rstrip("/")
        self._timeout = (CONNECT_TIMEOUT, timeout)
        self._session = requests.Session()
        retry = Retry(total=MAX_RETRIES, backoff_factor=RETRY_BACKOFF_SECONDS, status_forcelist=(502, 503, 504))
        self._session.mount("https://", HTTPAdapter(max_retries=retry))
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def _get(self, path: str, params: Optional[dict[str, str]] = None) -> Any:
        try:
            response = self._session.get(self._base_url + path, params=params, timeout=self._timeout)
        except requests.RequestException as exc:
            raise @Title@ApiError(503, str(exc)) from exc
        if not response.ok:
            raise @Title@ApiError(response.status_code, response.text[:200])
        return response.json()

    def _put(self, path: str, payload: dict[str, Any]) -> None:
        try:
            response = self._session.put(self._base_url + path, json=payload, timeout=self._timeout)
        except requests.RequestException as exc:
            raise @Title@ApiError(503, str(exc)) from exc
        if not response.ok:
            raise @Title@ApiError(response.status_code, response.text[:200])

    async def ping(self) -> None:
        await asyncio.to_thread(self._get, "/health")

    async def get_@entity@(self, @entity@_id: int) -> dict[str, Any]:
        return await asyncio.to_thread(self._get, f"/@plural@/{int(@entity@_id)}")

    async def push_@entity@(self, payload: dict[str, Any]) -> None:
        await asyncio.to_thread(self._put, f"/@plural@/{int(payload['id'])}", payload)

    async def list_@plural@(
        self, updated_since: Optional[str] = None, cursor: Optional[str] = None
    ) -> tuple[list[dict[str, Any]], Optional[str]]:
        params = {k: v for k, v in (("updatedSince", updated_since), ("cursor", cursor)) if v}
        data = await asyncio.to_thread(self._get, "/@plural@", params)
        return data.get("items", []), data.get("nextCursor")
@METHODS@
''',
'''
STATUS_PAGES = {
    "primary": "https://status.@host@/api/v2/status.json",
    "eu": "https://status-eu.@host@/api/v2/status.json",
}


def fetch_status(page: str = "primary") -> dict[str, Any]:
    """Read one of the vendor's public status pages (fixed URLs only)."""
    url = STATUS_PAGES.get(page)
    if url is None:
        raise ValueError(f"unknown status page {page!r}")
    response = requests.get(url, timeout=(CONNECT_TIMEOUT, 10))
    response.raise_for_status()
    return response.json()
''',
]

CLIENT_REQUESTS_METHOD = '''
    async def find_by_@f@(self, value: str, limit: int = 50) -> list[dict[str, Any]]:
        """Upstream search on the @F@ field."""
        data = await asyncio.to_thread(self._get, "/@plural@", {"@f@": value, "limit": str(limit)})
        return list(data.get("items", []))
'''

STORE_SQLITE = '''
"""SQLite persistence for @plural@. Every query is parameterised; column names come from
an allow-list."""
'''

STORE_SQLITE_BODY = [
'''
_COLUMNS = (@COLUMNS@)
_SEARCHABLE = frozenset({@SEARCHABLE@})


class StoreError(RuntimeError):
    """The catalogue database failed."""
''',
'''
class @Entity@Store:
    """Catalogue of @plural@ in one SQLite file."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._lock = threading.Lock()
        if path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._ensure_schema()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self._path, timeout=5.0)
        conn.row_factory = sqlite3.Row
        try:
            yield conn
            conn.commit()
        except sqlite3.Error as exc:
            conn.rollback()
            raise StoreError(str(exc)) from exc
        finally:
            conn.close()

    def _ensure_schema(self) -> None:
        with self._lock, self._connect() as conn:
            conn.execute(
                """
                CREATE TABLE IF NOT EXISTS @table@ (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
@DDL@
                    status TEXT NOT NULL DEFAULT 'open',
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                )
                """
            )
            conn.execute("CREATE INDEX IF NOT EXISTS idx_@table@_status ON @table@ (status)")

    @staticmethod
    def _row(row: sqlite3.Row) -> @Entity@:
        return @Entity@.model_validate(dict(row))

    def get(self, @entity@_id: int) -> Optional[@Entity@]:
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM @table@ WHERE id = ?", (@entity@_id,)
            ).fetchone()
        return self._row(row) if row else None

    def list(self, status: Optional[str], limit: int, offset: int) -> list[@Entity@]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM @table@"
        params: list[Any] = []
        if status is not None:
            sql += " WHERE status = ?"
            params.append(status)
        sql += " ORDER BY updated_at DESC LIMIT ? OFFSET ?"
        params += [limit, offset]
        with self._connect() as conn:
            return [self._row(r) for r in conn.execute(sql, params).fetchall()]

    def search_by(self, column: str, text: str, limit: int = 50) -> list[@Entity@]:
        if column not in _SEARCHABLE:
            raise ValueError(f"cannot search on {column!r}")
        escaped = text.replace("\\\\", "\\\\\\\\").replace("%", "\\\\%").replace("_", "\\\\_")
        sql = f"SELECT {', '.join(_COLUMNS)} FROM @table@ WHERE {column} LIKE ? ESCAPE '\\\\' LIMIT ?"
        with self._connect() as conn:
            rows = conn.execute(sql, (f"%{escaped}%", limit)).fetchall()
        return [self._row(r) for r in rows]

    def create(self, request: @Entity@Create) -> @Entity@:
        now = datetime.now(timezone.utc).isoformat()
        values = request.model_dump(mode="json")
        names = [k for k in values if k in _SEARCHABLE or k == "status"]
        placeholders = ", ".join("?" for _ in names)
        with self._lock, self._connect() as conn:
            cur = conn.execute(
                f"INSERT INTO @table@ ({', '.join(names)}, created_at, updated_at) VALUES ({placeholders}, ?, ?)",
                [values[n] for n in names] + [now, now],
            )
            new_id = cur.lastrowid
        created = self.get(int(new_id))
        assert created is not None
        return created

    def upsert(self, record: @Entity@) -> None:
        data = record.model_dump(mode="json")
        with self._lock, self._connect() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO @table@ ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})",
                [data.get(c) for c in _COLUMNS],
            )

    def update_field(self, @entity@_id: int, column: str, value: str) -> @Entity@:
        if column not in _SEARCHABLE:
            raise ValueError(f"cannot update {column!r}")
        now = datetime.now(timezone.utc).isoformat()
        with self._lock, self._connect() as conn:
            cur = conn.execute(f"UPDATE @table@ SET {column} = ?, updated_at = ? WHERE id = ?", (value, now, @entity@_id))
            if cur.rowcount == 0:
                raise KeyError(@entity@_id)
        updated = self.get(@entity@_id)
        assert updated is not None
        return updated

    def delete(self, @entity@_id: int) -> bool:
        with self._lock, self._connect() as conn:
            return conn.execute("DELETE FROM @table@ WHERE id = ?", (@entity@_id,)).rowcount > 0

    def count_by_status(self) -> dict[str, int]:
        with self._connect() as conn:
            rows = conn.execute("SELECT status, COUNT(*) AS n FROM @table@ GROUP BY status").fetchall()
        return {r["status"]: int(r["n"]) for r in rows}
''',
]

STORE_SQLITE_HAZARD = '''
def count_matching(db_path: str, value: str) -> int:
    """Count @plural@ whose @F@ mentions ``value`` (used by the dashboard)."""
    conn = sqlite3.connect(db_path, timeout=5.0)
    try:
        row = conn.execute(f"SELECT COUNT(*) FROM @table@ WHERE @f@ LIKE '%{value}%'").fetchone()  # sink
    finally:
        conn.close()
    return int(row[0]) if row else 0
'''

STORE_SQLA = '''
"""SQLAlchemy persistence for @plural@ (SQLite by default, any SQLAlchemy URL works)."""
'''

STORE_SQLA_BODY = [
'''
class StoreError(RuntimeError):
    """The catalogue database failed."""


class Base(DeclarativeBase):
    pass


class @Entity@Row(Base):
    __tablename__ = "@table@"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
@ORMCOLS@
    status: Mapped[str] = mapped_column(String(32), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(timezone.utc))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(timezone.utc))


_SEARCHABLE = frozenset({@SEARCHABLE@})
''',
'''
class @Entity@Store:
    """Catalogue of @plural@ behind a SQLAlchemy engine."""

    def __init__(self, url: str) -> None:
        if "://" not in url:
            url = f"sqlite:///{url}"
        self._engine = create_engine(url, pool_pre_ping=True, future=True)
        Base.metadata.create_all(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(str(exc)) from exc
        finally:
            session.close()

    def get(self, @entity@_id: int) -> Optional[@Entity@]:
        with self._session() as session:
            row = session.get(@Entity@Row, @entity@_id)
            return @Entity@.model_validate(row) if row else None

    def list(self, status: Optional[str], limit: int, offset: int) -> list[@Entity@]:
        stmt = select(@Entity@Row).order_by(@Entity@Row.updated_at.desc()).limit(limit).offset(offset)
        if status is not None:
            stmt = stmt.where(@Entity@Row.status == status)
        with self._session() as session:
            return [@Entity@.model_validate(r) for r in session.scalars(stmt)]

    def search_by(self, column: str, text_value: str, limit: int = 50) -> list[@Entity@]:
        if column not in _SEARCHABLE:
            raise ValueError(f"cannot search on {column!r}")
        stmt = select(@Entity@Row).where(getattr(@Entity@Row, column).ilike(f"%{text_value}%")).limit(limit)
        with self._session() as session:
            return [@Entity@.model_validate(r) for r in session.scalars(stmt)]

    def create(self, request: @Entity@Create) -> @Entity@:
        row = @Entity@Row(**request.model_dump(mode="json"))
        with self._session() as session:
            session.add(row)
            session.flush()
            return @Entity@.model_validate(row)

    def upsert(self, record: @Entity@) -> None:
        with self._session() as session:
            session.merge(@Entity@Row(**record.model_dump()))

    def update_field(self, @entity@_id: int, column: str, value: str) -> @Entity@:
        if column not in _SEARCHABLE:
            raise ValueError(f"cannot update {column!r}")
        with self._session() as session:
            row = session.get(@Entity@Row, @entity@_id)
            if row is None:
                raise KeyError(@entity@_id)
            setattr(row, column, value)
            row.updated_at = datetime.now(timezone.utc)
            session.flush()
            return @Entity@.model_validate(row)

    def delete(self, @entity@_id: int) -> bool:
        with self._session() as session:
            result = session.execute(delete(@Entity@Row).where(@Entity@Row.id == @entity@_id))
            return result.rowcount > 0

    def count_by_status(self) -> dict[str, int]:
        with self._session() as session:
            rows = session.execute(text("SELECT status, COUNT(*) AS n FROM @table@ GROUP BY status"))
            return {status: int(n) for status, n in rows}

    def changed_since(self, since: datetime) -> list[int]:
        with self._session() as session:
            rows = session.execute(
                text("SELECT id FROM @table@ WHERE updated_at >= :since ORDER BY updated_at DESC"),
                {"since": since},
            )
            return [int(r[0]) for r in rows]
''',
]

STORE_SQLA_HAZARD = '''
def count_matching(db_url: str, value: str) -> int:
    """Count @plural@ whose @F@ mentions ``value`` (used by the dashboard)."""
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.connect() as conn:
        result = conn.execute(text(f"SELECT COUNT(*) FROM @table@ WHERE @f@ LIKE '%{value}%'"))  # sink
        return int(result.scalar() or 0)
'''

FILES = '''
"""Workspace file helpers. Every path a tool receives is resolved and must stay inside the
workspace root."""
'''

FILES_BODY = [
'''
WORKSPACE = Path(os.environ.get("@ENV@_WORKSPACE", "~/.@slug@/workspace")).expanduser().resolve()


class PathOutsideWorkspace(ValueError):
    """A requested path resolves outside the workspace."""
''',
'''
def resolve_in_workspace(relative: str) -> Path:
    """Resolve ``relative`` against the workspace; refuse anything that leaves it."""
    candidate = (WORKSPACE / relative).resolve()
    if not candidate.is_relative_to(WORKSPACE):
        logger.warning("refused path outside the workspace: %r", relative)
        raise PathOutsideWorkspace(relative)
    return candidate
''',
'''
def read_workspace_file(relative: str, max_bytes: int = MAX_READ_BYTES) -> str:
    """Read at most ``max_bytes`` of a text file inside the workspace."""
    path = resolve_in_workspace(relative)
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        return fh.read(max_bytes)
''',
'''
def list_workspace(subdir: str = ".", pattern: str = "*") -> list[str]:
    """Files under ``subdir`` matching ``pattern``, relative to the workspace root."""
    base = resolve_in_workspace(subdir)
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.glob(pattern)):
        if path.is_file() and not path.is_symlink():
            out.append(path.relative_to(WORKSPACE).as_posix())
    return out[:1000]
''',
'''
def write_export(name: str, rows: list[dict[str, Any]]) -> Path:
    """Write ``rows`` as CSV to ``exports/<name>.csv`` inside the workspace."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name):
        raise ValueError(f"invalid export name {name!r}")
    target = resolve_in_workspace(f"{EXPORT_DIR_NAME}/{name}.csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    fieldnames = sorted({key for row in rows for key in row})
    with tempfile.NamedTemporaryFile("w", delete=False, dir=target.parent, suffix=".tmp", newline="") as tmp:
        writer = csv.DictWriter(tmp, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp.name, target)
    return target
''',
'''
def file_digest(relative: str, algorithm: str = "sha256") -> str:
    """Hex digest of a workspace file, read in chunks."""
    if algorithm not in ("sha256", "sha1", "md5"):
        raise ValueError("unsupported digest")
    digest = hashlib.new(algorithm)
    with resolve_in_workspace(relative).open("rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()
''',
]

FILES_HAZARD = '''
def read_report(report_path: str) -> str:
    """Return a generated report (reports are written by the nightly job)."""
    logger.debug("reading report %s", report_path)
    with open(report_path, encoding="utf-8") as fh:  # sink
        return fh.read()
'''

RUNNER = '''
"""Wrappers around the `@binary@` command line tool. Commands are argv lists, never shell
strings, and always have a timeout."""
'''

RUNNER_BODY = [
'''
BINARY = os.environ.get("@ENV@_BINARY", "@binary@")
ALLOWED_SUBCOMMANDS = frozenset({"status", "version", "list", "describe"})


@dataclass
class CommandResult:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0
''',
'''
def run_tool_command(subcommand: str, args: Sequence[str] = (), timeout: float = 60.0) -> CommandResult:
    """Run ``@binary@ <subcommand> --output json -- <args>``."""
    if subcommand not in ALLOWED_SUBCOMMANDS:
        raise ValueError(f"subcommand {subcommand!r} is not allowed")
    binary = shutil.which(BINARY)
    if binary is None:
        raise FileNotFoundError(f"{BINARY} is not installed")
    argv = [binary, subcommand, "--output", "json", "--", *args]
    logger.debug("running %s", argv)
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return CommandResult(argv, 124, "", f"timed out after {timeout}s")
    return CommandResult(argv, proc.returncode, proc.stdout, proc.stderr)
''',
'''
def git_log(repo_dir: str, limit: int = 20) -> list[dict[str, str]]:
    """Recent commits of a checked-out repository (fixed format, argv list)."""
    argv = ["git", "-C", repo_dir, "log", f"--max-count={int(limit)}", "--format=%H%x1f%an%x1f%s"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=True)
    commits = []
    for line in proc.stdout.splitlines():
        sha, author, subject = line.split("\\x1f", 2)
        commits.append({"sha": sha, "author": author, "subject": subject})
    return commits
''',
'''
async def stream_command(argv: Sequence[str], timeout: float = 120.0) -> AsyncIterator[str]:
    """Yield output lines of a long-running command as they arrive."""
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    assert proc.stdout is not None
    try:
        while True:
            line = await asyncio.wait_for(proc.stdout.readline(), timeout=timeout)
            if not line:
                break
            yield line.decode("utf-8", "replace").rstrip()
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
''',
]

RUNNER_HAZARD = '''
def run_pipeline(expression: str, timeout: float = 120.0) -> str:
    """Export with `@binary@` and filter the output with a jq expression."""
    command = f"{BINARY} export --output json | jq '{expression}'"
    proc = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=timeout)  # sink
    if proc.returncode != 0:
        logger.warning("pipeline failed: %s", proc.stderr.strip())
    return proc.stdout
'''

UTILS = '''
"""Small helpers used across the @title@ server."""
'''

UTILS_BODY = [
'''
T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Split ``items`` into lists of at most ``size`` elements."""
    if size < 1:
        raise ValueError("size must be positive")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
''',
'''
def truncate(text: str, limit: int = 2000, marker: str = " [truncated]") -> str:
    """Shorten ``text`` to ``limit`` characters, saying so."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))] + marker
''',
'''
def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp; naive values are taken as UTC."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed
''',
'''
def retry_async(attempts: int = 3, delay: float = 0.5) -> Callable[[Callable[..., Awaitable[T]]], Callable[..., Awaitable[T]]]:
    """Retry an async function on any exception, with exponential backoff."""

    def decorator(func: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> T:
            for attempt in range(attempts):
                try:
                    return await func(*args, **kwargs)
                except Exception as exc:  # noqa: BLE001 - retried, then re-raised
                    if attempt == attempts - 1:
                        raise
                    logger.debug("%s failed (%s), retrying", func.__name__, exc)
                    await asyncio.sleep(delay * (2**attempt))
            raise AssertionError("unreachable")

        return wrapper

    return decorator
''',
'''
def format_table(rows: list[dict[str, Any]], columns: Optional[list[str]] = None) -> str:
    """Render rows as a Markdown table for tool results."""
    if not rows:
        return "_no rows_"
    columns = columns or list(rows[0])
    head = "| " + " | ".join(columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = ["| " + " | ".join(str(row.get(c, "")).replace("|", "\\\\|") for c in columns) + " |" for row in rows]
    return "\\n".join([head, rule, *body])
''',
'''
_SECRET_KEYS = ("token", "password", "secret", "authorization", "api_key")


def redact(mapping: dict[str, Any]) -> dict[str, Any]:
    """Copy of ``mapping`` with credential-looking values replaced, for logs."""
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        if any(s in key.lower() for s in _SECRET_KEYS):
            out[key] = "***"
        elif isinstance(value, dict):
            out[key] = redact(value)
        else:
            out[key] = value
    return out
''',
'''
def slugify(text: str, max_length: int = 64) -> str:
    """Lower-case ASCII slug of ``text``."""
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")
    return slug[:max_length] or "item"
''',
'''
class TTLCache:
    """A tiny time-based cache for upstream lookups."""

    def __init__(self, ttl: float = 60.0, max_entries: int = 1024) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._data: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any) -> Optional[Any]:
        hit = self._data.get(key)
        if hit is None:
            return None
        stamp, value = hit
        if time.monotonic() - stamp > self._ttl:
            self._data.pop(key, None)
            return None
        return value

    def put(self, key: Any, value: Any) -> None:
        if len(self._data) >= self._max:
            oldest = min(self._data, key=lambda k: self._data[k][0])
            self._data.pop(oldest, None)
        self._data[key] = (time.monotonic(), value)
''',
]

TESTS = '''
"""Tests of the @title@ catalogue store."""
'''

TESTS_BODY = [
'''
@pytest.fixture()
def store(tmp_path):
    return @Entity@Store(str(tmp_path / "catalogue.db"))
''',
'''
def test_create_and_get(store):
    created = store.create(@Entity@Create(@ARGS@))
    fetched = store.get(created.id)
    assert fetched is not None
    assert fetched.@f@ == created.@f@
''',
'''
def test_search_is_parameterised(store):
    store.create(@Entity@Create(@ARGS@))
    assert store.search_by("@f@", "%' OR '1'='1") == []
''',
'''
def test_search_rejects_unknown_columns(store):
    with pytest.raises(ValueError):
        store.search_by("id; DROP TABLE @table@", "x")
''',
'''
def test_update_unknown_id(store):
    with pytest.raises(KeyError):
        store.update_field(999, "@f@", "value")
''',
'''
def test_count_by_status(store):
    for _ in range(3):
        store.create(@Entity@Create(@ARGS@))
    assert store.count_by_status() == {"open": 3}
''',
'''
@pytest.mark.parametrize("status", [@STATUSES@])
def test_list_filters_by_status(store, status):
    store.create(@Entity@Create(@ARGS@, status=status))
    rows = store.list(status=status, limit=10, offset=0)
    assert [r.status.value for r in rows] == [status]
''',
]

# ---------------------------------------------------------------------------------------------
# shared non-MCP libraries

LIB_FUNCS = [
'''
def wrap_paragraphs(text: str, width: int = 88) -> str:
    """Re-wrap each paragraph of ``text`` to ``width`` columns."""
    paragraphs = [p.strip() for p in text.split("\\n\\n")]
    return "\\n\\n".join(textwrap.fill(p, width=width) for p in paragraphs if p)
''',
'''
def paginate(items: Sequence[T], page: int, per_page: int) -> tuple[list[T], bool]:
    """Slice ``items`` for a 1-based page; the flag says whether more pages exist."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    start = (page - 1) * per_page
    chunk = list(items[start : start + per_page])
    return chunk, start + per_page < len(items)
''',
'''
def humanize_bytes(size: float) -> str:
    """1536 -> '1.5 KiB'."""
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    for unit in units:
        if abs(size) < 1024 or unit == units[-1]:
            return f"{size:.1f} {unit}" if unit != "B" else f"{int(size)} B"
        size /= 1024
    raise AssertionError("unreachable")
''',
'''
def humanize_duration(seconds: float) -> str:
    """3725 -> '1h 2m 5s'."""
    seconds = int(round(seconds))
    parts = []
    for label, length in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= length:
            parts.append(f"{seconds // length}{label}")
            seconds %= length
    if seconds or not parts:
        parts.append(f"{seconds}s")
    return " ".join(parts)
''',
'''
class Interval:
    """A closed numeric interval."""

    __slots__ = ("low", "high")

    def __init__(self, low: float, high: float) -> None:
        if low > high:
            raise ValueError("low > high")
        self.low = low
        self.high = high

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high

    def overlaps(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high

    def __repr__(self) -> str:
        return f"Interval({self.low!r}, {self.high!r})"
''',
'''
def median(values: Iterable[float]) -> float:
    """Median of a non-empty iterable."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
''',
'''
def group_by(items: Iterable[T], attribute: str) -> dict[Any, list[T]]:
    """Group objects by the value of one attribute, keeping input order."""
    groups: dict[Any, list[T]] = {}
    for item in items:
        groups.setdefault(getattr(item, attribute), []).append(item)
    return groups
''',
'''
def parse_duration(text: str) -> float:
    """'1h30m' -> 5400.0; accepts d, h, m and s units."""
    total = 0.0
    for amount, unit in re.findall(r"(\\d+(?:\\.\\d+)?)\\s*([dhms])", text.lower()):
        total += float(amount) * {"d": 86400, "h": 3600, "m": 60, "s": 1}[unit]
    if total == 0 and text.strip() not in ("0", "0s"):
        raise ValueError(f"cannot parse duration {text!r}")
    return total
''',
'''
@dataclass(frozen=True)
class Money:
    """An amount in minor units of a currency."""

    minor_units: int
    currency: str

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise ValueError("currency mismatch")
        return Money(self.minor_units + other.minor_units, self.currency)

    def format(self, digits: int = 2) -> str:
        sign = "-" if self.minor_units < 0 else ""
        whole, frac = divmod(abs(self.minor_units), 10**digits)
        return f"{sign}{whole}.{frac:0{digits}d} {self.currency}"
''',
]

LIB_HEADER = '''
"""@title@: shared helpers used by several servers of this repository."""
'''

# Pure data modules: no function definitions and none of the words the cst pre-filter looks
# for, so a fast engine may skip them entirely.
DATA_WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
              "juliett", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
              "sierra", "tango", "uniform", "victor", "whisky", "xray", "yankee", "zulu")


# ---------------------------------------------------------------------------------------------
# the generator


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.files: List[Tuple[str, str]] = []  # (relpath, text)
        self.hazards: List[Hazard] = []
        self.kinds: Dict[str, int] = {}
        self.lines = 0  # Python lines written so far
        self.py_modules = 0
        self._used_slugs: List[str] = []

    # -- bookkeeping

    def _emit(self, kind: str, path: str, text: str) -> None:
        self.files.append((path, text))
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if path.endswith(".py"):
            self.lines += text.count("\n")
            self.py_modules += 1

    def _emit_module(self, kind: str, mod: Module) -> None:
        text, hazards = mod.render()
        self.hazards.extend(hazards)
        self._emit(kind, mod.path, text)

    # -- packages

    def new_ctx(self) -> Ctx:
        rng = self.rng
        while True:
            domain = rng.choice(DOMAINS)
            flavour = rng.choice(FLAVOURS)
            slug = domain.name + (f"-{flavour}" if flavour else "")
            if slug not in self._used_slugs:
                break
            if len(self._used_slugs) >= len(DOMAINS) * len(FLAVOURS):
                slug = f"{slug}-{len(self._used_slugs)}"
                break
        self._used_slugs.append(slug)
        pkg = slug.replace("-", "_") + "_mcp_server"
        words = slug.split("-")
        title = " ".join(w.capitalize() for w in words)
        camel = "".join(w.capitalize() for w in words)
        return Ctx(domain, slug, pkg, title, camel, slug.replace("-", "_").upper(),
                   orm=rng.choice(("sqlite", "sqlite", "sqlalchemy")),
                   http=rng.choice(("httpx", "httpx", "requests")))

    def mcp_package(self, force_hazards: bool = False) -> None:
        rng = self.rng
        ctx = self.new_ctx()
        base = f"src/{ctx.slug}-mcp-server"
        pdir = f"{base}/{ctx.pkg}"
        m = ctx.mapping()
        m["http"] = ctx.http
        fields = list(ctx.domain.fields)
        f0 = _fieldmap(*fields[0])

        # Decide hazards first: in server.py directly, or in a helper module fed by a tool. The
        # first package gets all six placements; after that a running quota keeps the rate at
        # HAZARD_RATE of the Python modules written so far (a package writes about 11).
        slots = [("server", k) for k in HAZARD_KINDS] + [("helper", k) for k in HAZARD_KINDS]
        if force_hazards:
            chosen = slots
        else:
            due = int((self.py_modules + 11) * HAZARD_RATE) - len(self.hazards)
            chosen = rng.sample(slots, max(0, min(due, len(slots))))
        server_hazards = [k for k in HAZARD_KINDS if ("server", k) in chosen]
        helper_hazards = [k for k in HAZARD_KINDS if ("helper", k) in chosen]

        # __init__.py
        self._emit("init", f"{pdir}/__init__.py", fill('''
            """@title@ MCP server package."""

            __version__ = "1.@minor@.@patch@"
            ''', {**m, "minor": str(rng.randint(0, 12)), "patch": str(rng.randint(0, 30))}))

        # server.py
        server = Module(f"{pdir}/server.py", fill(SERVER_HEADER, m),
                        [fill(i, m) for i in SERVER_IMPORTS], fill(SERVER_PREAMBLE, m),
                        footer=fill(SERVER_FOOTER, m))
        # (name, imports, template, mapping, hazard kind planted in this tool or None)
        tools: List[Tuple[str, List[str], str, Dict[str, str], Optional[str]]] = []
        generic = [t for t in TOOL_TEMPLATES if "@f@" not in t[0]]
        per_field = [t for t in TOOL_TEMPLATES if "@f@" in t[0]]
        for name, imps, tpl in rng.sample(generic, rng.randint(max(3, len(generic) - 7), len(generic))):
            tools.append((name, imps, tpl, m, None))
        for name, imps, tpl in per_field:
            for fname, fdesc in rng.sample(fields, rng.randint(1, len(fields))):
                tools.append((name, imps, tpl, {**m, **_fieldmap(fname, fdesc)}, None))
        rng.shuffle(tools)
        for kind in server_hazards:
            name, imps, tpl = SERVER_HAZARDS[kind]
            hm = {**m, **_fieldmap(*rng.choice(fields))}
            tools.insert(rng.randint(0, len(tools)), (name, imps, tpl, hm, kind))
        for kind in helper_hazards:  # the tool that feeds the helper's sink; the sink is elsewhere
            name, imps, tpl = SERVER_HAZARD_CALLERS[kind]
            tools.insert(rng.randint(0, len(tools)), (name, imps, tpl, {**m, **f0}, None))
        for name, imps, tpl, mm, hazard in tools:
            server.imports += [fill(i, mm).rstrip("\n") for i in imps]
            server.blocks.append(Block(fill(tpl, mm), hazard=hazard, function=fill(name, mm).strip()))
        for t in rng.sample(RESOURCE_TEMPLATES, rng.randint(1, len(RESOURCE_TEMPLATES))):
            server.blocks.append(Block(fill(t[2], {**m, **f0})))
        for t in rng.sample(PROMPT_TEMPLATES, rng.randint(1, len(PROMPT_TEMPLATES))):
            server.blocks.append(Block(fill(t[2], m)))
        self._emit_module("server", server)

        # consts.py
        self._emit("consts", f"{pdir}/consts.py", fill(CONSTS, m))

        # models.py
        field_lines = "\n".join(
            f'    {n}: str = Field(default="", max_length=500, description="{d}.")' for n, d in fields)
        models = Module(f"{pdir}/models.py", fill(MODELS, m), [
            "from __future__ import annotations", "from datetime import datetime", "from enum import Enum",
            "from typing import Any, Literal, Optional",
            "from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator"])
        for body in MODELS_BODY[:4] + rng.sample(MODELS_BODY[4:], rng.randint(0, 2)):
            models.blocks.append(Block(fill(body.replace("@FIELDS@", field_lines), {**m, **f0})))
        self._emit_module("models", models)

        # clients.py
        if ctx.http == "httpx":
            head, bodies, meth = CLIENT_HTTPX, CLIENT_HTTPX_BODY, CLIENT_HTTPX_METHOD
            imps = ["from __future__ import annotations", "import asyncio", "import logging",
                    "from typing import Any, Optional", "import httpx"]
        else:
            head, bodies, meth = CLIENT_REQUESTS, CLIENT_REQUESTS_BODY, CLIENT_REQUESTS_METHOD
            imps = ["from __future__ import annotations", "import asyncio", "import logging",
                    "from typing import Any, Optional", "import requests",
                    "from requests.adapters import HTTPAdapter", "from urllib3.util.retry import Retry"]
        imps.append("from .consts import CONNECT_TIMEOUT, DEFAULT_TIMEOUT, MAX_RETRIES, RETRY_BACKOFF_SECONDS, USER_AGENT")
        methods = "".join("\n" + fill(meth, {**m, **_fieldmap(n, d)}, dedent=False).rstrip("\n") + "\n"
                          for n, d in rng.sample(fields, rng.randint(1, len(fields))))
        client = Module(f"{pdir}/clients.py", fill(head, m), imps,
                        "logger = logging.getLogger(__name__)\n")
        for body in bodies:
            client.blocks.append(Block(fill(body.replace("@METHODS@", methods.rstrip("\n")), m)))
        self._emit_module("clients", client)

        # store.py
        searchable = ", ".join(f'"{n}"' for n, _ in fields)
        if ctx.orm == "sqlite":
            columns = ", ".join(f'"{c}"' for c in ["id", *[n for n, _ in fields], "status", "created_at", "updated_at"])
            ddl = "\n".join(f"                    {n} TEXT NOT NULL DEFAULT ''," for n, _ in fields)
            store = Module(f"{pdir}/store.py", fill(STORE_SQLITE, m), [
                "from __future__ import annotations", "import logging", "import os", "import sqlite3",
                "import threading", "from contextlib import contextmanager",
                "from datetime import datetime, timezone", "from typing import Any, Iterator, Optional",
                "from .models import @Entity@, @Entity@Create".replace("@Entity@", ctx.domain.entity)],
                "logger = logging.getLogger(__name__)\n")
            for body in STORE_SQLITE_BODY:
                store.blocks.append(Block(fill(body.replace("@COLUMNS@", columns).replace("@SEARCHABLE@", searchable)
                                               .replace("@DDL@", ddl), m)))
            hz = STORE_SQLITE_HAZARD
        else:
            ormcols = "\n".join(f'    {n}: Mapped[str] = mapped_column(String(500), default="")' for n, _ in fields)
            store = Module(f"{pdir}/store.py", fill(STORE_SQLA, m), [
                "from __future__ import annotations", "import logging", "from contextlib import contextmanager",
                "from datetime import datetime, timezone", "from typing import Iterator, Optional",
                "from sqlalchemy import DateTime, Integer, String, create_engine, delete, select, text",
                "from sqlalchemy.exc import SQLAlchemyError",
                "from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker",
                "from .models import @Entity@, @Entity@Create".replace("@Entity@", ctx.domain.entity)],
                "logger = logging.getLogger(__name__)\n")
            for body in STORE_SQLA_BODY:
                store.blocks.append(Block(fill(body.replace("@ORMCOLS@", ormcols).replace("@SEARCHABLE@", searchable), m)))
            hz = STORE_SQLA_HAZARD
        if "sql-fstring" in helper_hazards:
            store.blocks.append(Block(fill(hz, {**m, **f0}), hazard="sql-fstring", function="count_matching",
                                      via=fill("count_@plural@_with_@f@", {**m, **f0}).strip()))
        self._emit_module("store", store)

        # files.py
        files = Module(f"{pdir}/files.py", fill(FILES, m), [
            "from __future__ import annotations", "import csv", "import hashlib", "import logging", "import os",
            "import re", "import tempfile", "from pathlib import Path", "from typing import Any",
            "from .consts import EXPORT_DIR_NAME, MAX_READ_BYTES"], "logger = logging.getLogger(__name__)\n")
        for body in FILES_BODY[:5] + rng.sample(FILES_BODY[5:], rng.randint(0, 1)):
            files.blocks.append(Block(fill(body, m)))
        if "open-unchecked" in helper_hazards:
            files.blocks.append(Block(fill(FILES_HAZARD, m), hazard="open-unchecked", function="read_report",
                                      via=fill("read_@entity@_report", m).strip()))
        self._emit_module("files", files)

        # runner.py
        runner = Module(f"{pdir}/runner.py", fill(RUNNER, m), [
            "from __future__ import annotations", "import asyncio", "import logging", "import os", "import shutil",
            "import subprocess", "from dataclasses import dataclass",
            "from typing import AsyncIterator, Sequence"], "logger = logging.getLogger(__name__)\n")
        for body in RUNNER_BODY[:2] + rng.sample(RUNNER_BODY[2:], rng.randint(0, 2)):
            runner.blocks.append(Block(fill(body, m)))
        if "shell-true" in helper_hazards:
            runner.blocks.append(Block(fill(RUNNER_HAZARD, m), hazard="shell-true", function="run_pipeline",
                                       via=fill("@binary@_pipeline", m).strip()))
        self._emit_module("runner", runner)

        # utils.py (not every package has one)
        if rng.random() < 0.8:
            utils = Module(f"{pdir}/utils.py", fill(UTILS, m), [
                "from __future__ import annotations", "import asyncio", "import functools", "import logging",
                "import re", "import time", "import unicodedata", "from datetime import datetime, timezone",
                "from typing import Any, Awaitable, Callable, Iterable, Iterator, Optional, TypeVar"],
                "logger = logging.getLogger(__name__)\n")
            for body in rng.sample(UTILS_BODY, rng.randint(3, len(UTILS_BODY))):
                utils.blocks.append(Block(fill(body, m)))
            self._emit_module("utils", utils)

        # tests
        args = ", ".join(f'{n}="{rng.choice(DATA_WORDS)}-{rng.randint(1, 999)}"' for n, _ in fields[:3])
        tests = Module(f"{base}/tests/test_store.py", fill(TESTS, m), [
            "import pytest", f"from {ctx.pkg}.models import {ctx.domain.entity}Create",
            f"from {ctx.pkg}.store import {ctx.domain.entity}Store"])
        statuses = ", ".join(f'"{s}"' for s in STATUSES)
        for body in TESTS_BODY[:2] + rng.sample(TESTS_BODY[2:], rng.randint(2, len(TESTS_BODY) - 2)):
            tests.blocks.append(Block(fill(body.replace("@ARGS@", args).replace("@STATUSES@", statuses), {**m, **f0})))
        self._emit_module("tests", tests)
        self._emit("init", f"{base}/tests/__init__.py", "")

        # packaging files (not Python; the posture analysis reads them)
        self._emit("other", f"{base}/pyproject.toml", fill('''
            [project]
            name = "@slug@-mcp-server"
            version = "1.0.0"
            description = "MCP server for @title@"
            requires-python = ">=3.10"
            dependencies = ["mcp[cli]>=1.9", "pydantic>=2.7", "@http@>=0.27", "@orm@"]

            [project.scripts]
            @slug@-mcp-server = "@pkg@.server:main"
            ''', {**m, "orm": "sqlalchemy>=2.0" if ctx.orm == "sqlalchemy" else "typing-extensions>=4.8"}))
        self._emit("other", f"{base}/README.md", fill('''
            # @title@ MCP server

            Gives MCP clients access to the @title@ catalogue of @plural@.

            ```json
            {"mcpServers": {"@slug@": {"command": "uvx", "args": ["@slug@-mcp-server"]}}}
            ```
            ''', m))

    def lib_package(self) -> None:
        rng = self.rng
        name = rng.choice(LIB_NAMES) + f"{len(self._used_slugs)}"
        self._used_slugs.append(name)
        base = f"libs/{name}/{name}"
        m = {"title": name}
        self._emit("lib-init", f"{base}/__init__.py", fill('"""@title@ shared library."""\n', m))
        for i in range(rng.randint(2, 4)):
            mod = Module(f"{base}/{rng.choice(('core', 'helpers', 'formats', 'compat', 'types'))}_{i}.py",
                         fill(LIB_HEADER, m), [
                             "from __future__ import annotations", "import re", "import textwrap",
                             "from dataclasses import dataclass",
                             "from typing import Any, Iterable, Sequence, TypeVar"], 'T = TypeVar("T")\n')
            for body in rng.sample(LIB_FUNCS, rng.randint(3, len(LIB_FUNCS))):
                mod.blocks.append(Block(fill(body, m)))
            self._emit_module("lib", mod)
        # a pure data module
        rows = []
        for j in range(rng.randint(40, 160)):
            a, b = rng.choice(DATA_WORDS), rng.choice(DATA_WORDS)
            rows.append(f'    ("{a}-{b}-{j}", {rng.randint(0, 9999)}, {rng.random():.4f}, "{b.upper()}"),')
        self._emit("data", f"{base}/tables_{len(self.files)}.py",
                   f'"""Reference table for {name} (generated from the upstream spreadsheet)."""\n\n'
                   "ROWS = (\n" + "\n".join(rows) + "\n)\n\n"
                   "BY_NAME = {row[0]: row for row in ROWS}\n")

    def run(self, target_lines: int) -> None:
        first = True
        n = 0
        while self.lines < target_lines:
            if n % 8 == 7:
                self.lib_package()
            else:
                self.mcp_package(force_hazards=first)
                first = False
            n += 1


def _prefilter():
    try:
        from mcpaudit.engines.cst import PREFILTER  # type: ignore
        return PREFILTER
    except Exception:
        return None


def generate(dest: os.PathLike, lines: int = DEFAULT_LINES, seed: int = DEFAULT_SEED) -> Dict[str, object]:
    """Write the corpus under ``dest`` (which must be missing or empty); return its manifest."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; refusing to write a corpus into it")
    gen = Generator(seed)
    gen.run(lines)
    for rel, text in gen.files:
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    pre = _prefilter()
    py = [(p, t) for p, t in gen.files if p.endswith(".py")]
    kinds: Dict[str, int] = {}
    for k in sorted(gen.kinds):
        kinds[k] = gen.kinds[k]
    return {
        "generator": "benchmarks/corpus.py",
        "seed": seed,
        "target_lines": lines,
        "python_lines": sum(t.count("\n") for _, t in py),
        "python_files": len(py),
        "other_files": len(gen.files) - len(py),
        "mcp_packages": sum(1 for p, _ in py if p.endswith("/server.py")),
        "modules_by_kind": kinds,
        "prefilter_skippable_files": (sum(1 for _, t in py if not pre.search(t.encode("utf-8")))
                                      if pre is not None else None),
        "hazards": [h.as_dict() for h in gen.hazards],
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", type=Path, help="directory to create (must be missing or empty)")
    ap.add_argument("--lines", type=int, default=DEFAULT_LINES, help="Python lines to generate (default %(default)s)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="RNG seed (default %(default)s)")
    ap.add_argument("--manifest", type=Path, help="also write the manifest (planted hazards) to this JSON file")
    args = ap.parse_args(argv)
    manifest = generate(args.dest, args.lines, args.seed)
    if args.manifest:
        args.manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {manifest['python_files']} Python files, {manifest['python_lines']} lines, "
          f"{len(manifest['hazards'])} planted hazards to {args.dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
