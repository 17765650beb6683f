import sys

import uvicorn
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes", host="0.0.0.0", port=8000)


@mcp.tool()
def add(a: int, b: int) -> int:
    return a + b


def main():
    if sys.argv[1:] == ["sse"]:
        # ruleid: http-transport-without-auth
        mcp.run(transport="sse")
    elif sys.argv[1:] == ["http"]:
        # ruleid: http-transport-without-auth
        mcp.run(transport="streamable-http")
    elif sys.argv[1:] == ["asgi"]:
        # ruleid: http-transport-without-auth
        uvicorn.run(mcp.streamable_http_app(), host="0.0.0.0")
    else:
        # ok: http-transport-without-auth
        mcp.run(transport="stdio")
        # ok: http-transport-without-auth
        mcp.run()
