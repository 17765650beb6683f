import aiohttp
import boto3
import httpx
import requests


async def fetch(url: str, token: str):
    # ruleid: tls-verify-disabled
    r = requests.get(url, headers={"Authorization": token}, verify=False)
    # ruleid: tls-verify-disabled
    requests.request("POST", url, json={}, verify=False)
    # ruleid: tls-verify-disabled
    async with httpx.AsyncClient(verify=False, timeout=10) as client:
        await client.get(url)
    # ruleid: tls-verify-disabled
    client = httpx.Client(base_url=url, verify=False)
    session = requests.Session()
    # ruleid: tls-verify-disabled
    session.verify = False
    # ruleid: tls-verify-disabled
    session.post(url, data="x", verify=False)
    async with aiohttp.ClientSession() as s:
        # ruleid: tls-verify-disabled
        async with s.get(url, ssl=False) as resp:
            await resp.text()
    # ruleid: tls-verify-disabled
    conn = aiohttp.TCPConnector(ssl=False)
    # ruleid: tls-verify-disabled
    s3 = boto3.client("s3", verify=False)
    return r, client, conn, s3


def safe(url: str, jwt, token: str):
    # ok: tls-verify-disabled
    requests.get(url, timeout=5)
    # ok: tls-verify-disabled
    httpx.Client(verify="/etc/ssl/private-ca.pem")
    # ok: tls-verify-disabled
    requests.get(url, verify=True)
    # ok: tls-verify-disabled
    report = build_report(verify=False)
    return report
