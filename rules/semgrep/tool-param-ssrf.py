import urllib.request

import aiohttp
import httpx
import requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("web")
BASE_URL = "https://api.example.com"


@mcp.tool()
def fetch(url: str) -> str:
    # ruleid: tool-param-ssrf
    return requests.get(url, timeout=10).text


@mcp.tool()
async def fetch_async(url: str, host: str) -> str:
    async with httpx.AsyncClient() as client:
        # ruleid: tool-param-ssrf
        r = await client.get(url)
    # ruleid: tool-param-ssrf
    r2 = httpx.post(f"http://{host}:8080/hook", json={})
    return r.text + r2.text


@mcp.tool
async def download(target: str) -> bytes:
    async with aiohttp.ClientSession() as session:
        # ruleid: tool-param-ssrf
        async with session.get(target) as resp:
            return await resp.read()


@mcp.tool()
def legacy(link: str) -> bytes:
    # ruleid: tool-param-ssrf
    return urllib.request.urlopen(link).read()


# --- safe ---------------------------------------------------------------------------------


@mcp.tool()
def get_user(user_id: str) -> dict:
    # ok: tool-param-ssrf
    return requests.get(f"https://api.example.com/users/{user_id}").json()


@mcp.tool()
def get_item(item_id: str) -> dict:
    # ok: tool-param-ssrf
    return httpx.get(f"{BASE_URL}/items/{item_id}").json()


@mcp.tool()
def search(query: str) -> dict:
    # ok: tool-param-ssrf
    return requests.get(BASE_URL + "/search", params={"q": query}).json()


@mcp.tool()
def concat(item: str, page: str) -> dict:
    # ok: tool-param-ssrf
    a = requests.get("https://api.example.com/items/" + item).json()
    # ok: tool-param-ssrf
    b = requests.get("https://api.example.com/pages/{}".format(page)).json()
    # ruleid: tool-param-ssrf
    c = requests.get("https://" + item + "/status").json()
    return a, b, c


@mcp.tool()
def checked(url: str) -> str:
    validate_url(url)
    # ok: tool-param-ssrf
    return requests.get(url).text


def not_a_tool(url: str) -> str:
    # ok: tool-param-ssrf
    return requests.get(url).text
