import os
import shutil
import tarfile
from pathlib import Path

import aiofiles
from mcp.server.fastmcp import Context, FastMCP
from mcp.server.lowlevel import Server

mcp = FastMCP("files")
server = Server("files")
ROOT = Path("/srv/data")


@mcp.tool()
def read_file(path: str) -> str:
    # ruleid: tool-param-path-traversal
    with open(path) as fh:
        return fh.read()


@mcp.tool()
async def read_under_root(name: str, ctx: Context) -> str:
    full = os.path.join(ROOT, name)
    # ruleid: tool-param-path-traversal
    async with aiofiles.open(full) as fh:
        return await fh.read()


@mcp.tool
def write_note(title: str, body: str) -> str:
    target = ROOT / f"{title}.md"
    # ruleid: tool-param-path-traversal
    target.write_text(body)
    return str(target)


@mcp.tool(name="delete")
def delete_tree(directory: str) -> None:
    # ruleid: tool-param-path-traversal
    shutil.rmtree(directory)


@mcp.resource("file://{path}")
def resource(path: str) -> bytes:
    # ruleid: tool-param-path-traversal
    return Path(path).read_bytes()


@server.call_tool()
async def call_tool(name: str, arguments: dict):
    if name == "unpack":
        # ruleid: tool-param-path-traversal
        with tarfile.open(arguments["archive"]) as tf:
            tf.extractall("/tmp/out")
    if name == "restore":
        with tarfile.open("/srv/backup.tgz") as tf:
            # ruleid: tool-param-path-traversal
            tf.extractall(arguments["destination"])
    # ruleid: tool-param-path-traversal
    os.remove(arguments["path"])


def log_calls(fn):
    return fn


@mcp.tool(description="Tail a log file")
@log_calls
def tail(path: str, *, lines: int = 10) -> str:
    # ruleid: tool-param-path-traversal
    with open(path) as fh:
        return "".join(fh.readlines()[-lines:])


# --- safe ---------------------------------------------------------------------------------


@mcp.tool()
def read_checked(path: str) -> str:
    full = (ROOT / path).resolve()
    if not full.is_relative_to(ROOT):
        raise ValueError("outside the data directory")
    # ok: tool-param-path-traversal
    return full.read_text()


@mcp.tool()
def read_basename(name: str) -> str:
    # ok: tool-param-path-traversal
    with open(os.path.join(ROOT, os.path.basename(name))) as fh:
        return fh.read()


def _validate_path(p: str) -> Path:
    full = (ROOT / p).resolve()
    if not full.is_relative_to(ROOT):
        raise ValueError(p)
    return full


@mcp.tool()
def read_validated(path: str) -> str:
    safe = _validate_path(path)
    # ok: tool-param-path-traversal
    return safe.read_text()


@mcp.tool()
def read_prefix_checked(path: str) -> str:
    real = os.path.realpath(os.path.join(ROOT, path))
    if not real.startswith(str(ROOT) + os.sep):
        raise ValueError(path)
    # ok: tool-param-path-traversal
    return open(real).read()


@mcp.tool()
def fixed_file(verbose: bool) -> str:
    # ok: tool-param-path-traversal
    return open("/etc/hostname").read()


def not_a_handler(path: str) -> str:
    # ok: tool-param-path-traversal
    return open(path).read()


@mcp.tool()
def read_after_check(path: str) -> str:
    check_path_allowed(path)
    # ok: tool-param-path-traversal
    return open(path).read()
