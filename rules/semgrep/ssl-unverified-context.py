import ssl
import urllib.request

import urllib3


def connect(url: str):
    # ruleid: ssl-unverified-context
    ctx = ssl._create_unverified_context()
    # ruleid: ssl-unverified-context
    ssl._create_default_https_context = ssl._create_unverified_context
    strict = ssl.create_default_context()
    # ruleid: ssl-unverified-context
    strict.check_hostname = False
    # ruleid: ssl-unverified-context
    strict.verify_mode = ssl.CERT_NONE
    # ruleid: ssl-unverified-context
    pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
    return urllib.request.urlopen(url, context=ctx), pool


def safe(url: str):
    ctx = ssl.create_default_context(cafile="/etc/ssl/ca.pem")
    # ok: ssl-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ok: ssl-unverified-context
    ctx.check_hostname = True
    # ok: ssl-unverified-context
    pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
    return urllib.request.urlopen(url, context=ctx), pool
