import os

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


def github_sdk(token: str):
    from github import Github

    # ruleid: tls-verify-disabled
    gh = Github(token, verify=False)
    # ok: tls-verify-disabled
    pinned = Github(token, verify="/etc/ssl/github-ca.pem")
    return gh, pinned


def from_environment(url: str, config: dict):
    # ruleid: tls-verify-disabled
    verify = os.getenv("HTTP_VERIFY", "false").lower() in ("1", "true", "yes")
    client = httpx.Client(base_url=url, verify=verify)
    # ruleid: tls-verify-disabled
    verify_certs = parse_bool(config.get("verify_certs"), default=os.environ.get("VERIFY_CERTS", "false").lower() == "true")
    # ruleid: tls-verify-disabled
    verify_ssl = config.get("verify_ssl", False)
    es_kwargs = {"hosts": [url], "verify_certs": verify_certs}
    return client, es_kwargs, requests.get(url, verify=verify_ssl)


def from_environment_safe(url: str, config: dict):
    # ok: tls-verify-disabled
    verify = os.getenv("HTTP_VERIFY", "true").lower() == "true"
    # ok: tls-verify-disabled
    verify_ssl = config.get("verify_ssl", True)
    # ok: tls-verify-disabled
    debug = os.getenv("DEBUG", "false").lower() == "true"
    return httpx.Client(base_url=url, verify=verify), requests.get(url, verify=verify_ssl), debug


def parse_bool(value, default: bool = False) -> bool:
    return default if value is None else str(value).lower() == "true"


def direct(url: str, verify: bool = False):
    # ruleid: tls-verify-disabled
    return httpx.get(url, verify=verify)


class VaultClient:
    """Verification is off unless the caller of the constructor turns it on."""

    def __init__(self, api_key: str, host: str = "127.0.0.1", verify_ssl: bool = False):
        self.api_key = api_key
        self.host = host
        # ruleid: tls-verify-disabled
        self.verify_ssl = verify_ssl

    def note(self, path: str):
        return requests.get(f"https://{self.host}/vault/{path}", verify=self.verify_ssl)


class VerifiedVaultClient:
    def __init__(self, api_key: str, host: str = "127.0.0.1", verify_ssl: bool = True, debug: bool = False):
        self.host = host
        # ok: tls-verify-disabled
        self.verify_ssl = verify_ssl
        # ok: tls-verify-disabled
        self.debug = debug

    def note(self, path: str):
        return requests.get(f"https://{self.host}/vault/{path}", verify=self.verify_ssl, stream=self.debug)


def oauth_callback(redirect_uri: str):
    # ruleid: tls-verify-disabled
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    if "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ:
        # ruleid: tls-verify-disabled
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"


def oauth_local(redirect_uri: str):
    if "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ and "localhost" in redirect_uri:
        # ok: tls-verify-disabled
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    if redirect_uri.startswith("http://127.0.0.1"):
        # ok: tls-verify-disabled
        os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")
    if "localhost" in redirect_uri:
        pass
    else:
        # ruleid: tls-verify-disabled
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"


def cloud_session(protocol: str, ca_file: str):
    from openstack import connection

    verify = True
    if protocol == "https":
        if ca_file:
            verify = ca_file
        else:
            verify = False
    # ruleid: tls-verify-disabled
    return connection.Connection(auth_url=f"{protocol}://cloud.example", verify=verify)


def cloud_session_safe(protocol: str, ca_file: str):
    from openstack import connection

    verify = ca_file if ca_file else True
    # ok: tls-verify-disabled
    return connection.Connection(auth_url=f"{protocol}://cloud.example", verify=verify)


def fetch_with_fallback(session, url: str, **kwargs):
    import requests

    try:
        return session.get(url, **kwargs)
    except requests.exceptions.SSLError:
        kwargs["verify"] = False
        # ruleid: tls-verify-disabled
        return session.get(url, **kwargs)


def fetch_with_timeout(session, url: str, **kwargs):
    kwargs["timeout"] = 30
    # ok: tls-verify-disabled
    return session.get(url, **kwargs)


def git_callbacks(creds):
    import pygit2

    def _cert_check(certificate, valid, host):
        if host and ("github.com" in host or "gitlab.com" in host):
            # ruleid: tls-verify-disabled
            return True
        return bool(valid)

    return pygit2.RemoteCallbacks(credentials=creds, certificate_check=_cert_check)


def git_callbacks_safe(creds):
    import pygit2

    def _cert_check(certificate, valid, host):
        if valid:
            # ok: tls-verify-disabled
            return True
        return False

    return pygit2.RemoteCallbacks(credentials=creds, certificate_check=_cert_check)


class TrustingCallbacks(pygit2.RemoteCallbacks):
    def certificate_check(self, certificate, valid, host):
        # ruleid: tls-verify-disabled
        return True


def git_callbacks_refusing_first(creds):
    import pygit2

    def _cert_check(certificate, valid, host):
        if not valid:
            return False
        # ok: tls-verify-disabled
        return True

    return pygit2.RemoteCallbacks(credentials=creds, certificate_check=_cert_check)


async def aiohttp_download(url, verify_ssl=True):
    import aiohttp

    ssl_context = None
    if not verify_ssl:
        ssl_context = False
    async with aiohttp.ClientSession() as session:
        # ruleid: tls-verify-disabled
        async with session.get(url, ssl=ssl_context) as response:
            return await response.read()


def requests_ssl_keyword_is_not_a_switch(url, strict):
    import requests

    ctx = None
    if not strict:
        ctx = False
    # ok: tls-verify-disabled
    return requests.get(url, ssl=ctx)


class AsyncMirror:
    def __init__(self, base, verify_ssl=False):
        self.base = base
        self.verify_ssl = verify_ssl

    async def pull(self, name):
        import aiohttp

        async with aiohttp.ClientSession() as session:
            # ruleid: tls-verify-disabled
            async with session.get(f"{self.base}/{name}", ssl=self.verify_ssl) as response:
                return await response.read()


class AsyncMirrorVerifying:
    def __init__(self, base, verify_ssl=True):
        self.base = base
        self.verify_ssl = verify_ssl

    async def pull(self, name):
        import aiohttp

        async with aiohttp.ClientSession() as session:
            # ok: tls-verify-disabled
            async with session.get(f"{self.base}/{name}", ssl=self.verify_ssl) as response:
                return await response.read()
