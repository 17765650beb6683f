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


def mail_default_contexts(host: str, user: str, password: str):
    import ftplib
    import imaplib
    import poplib
    import smtplib
    from smtplib import SMTP_SSL

    # ruleid: ssl-unverified-context
    imap = imaplib.IMAP4_SSL(host)
    imap.login(user, password)
    # ruleid: ssl-unverified-context
    smtp = SMTP_SSL(host, 465)
    # ruleid: ssl-unverified-context
    pop = poplib.POP3_SSL(host, keyfile="client.key", certfile="client.pem")
    # ruleid: ssl-unverified-context
    ftp = ftplib.FTP_TLS(host)
    with smtplib.SMTP(host, 587) as server:
        # ruleid: ssl-unverified-context
        server.starttls()
        server.login(user, password)
    plain = imaplib.IMAP4(host)
    # ruleid: ssl-unverified-context
    plain.starttls()
    pop3 = poplib.POP3(host)
    # ruleid: ssl-unverified-context
    pop3.stls()
    return imap, smtp, pop, ftp


def mail_verified_contexts(host: str, client):
    import ftplib
    import imaplib
    import poplib
    import smtplib

    ctx = ssl.create_default_context()
    # ok: ssl-unverified-context
    imap = imaplib.IMAP4_SSL(host, ssl_context=ctx)
    # ok: ssl-unverified-context
    imap2 = imaplib.IMAP4_SSL(host, 993, None, None, ctx)
    # ok: ssl-unverified-context
    smtp = smtplib.SMTP_SSL(host, 465, context=ctx)
    # ok: ssl-unverified-context
    pop = poplib.POP3_SSL(host, context=ctx)
    # ok: ssl-unverified-context
    ftp = ftplib.FTP_TLS(host, context=ctx)
    with smtplib.SMTP(host, 587) as server:
        # ok: ssl-unverified-context
        server.starttls(context=ctx)
    plain = imaplib.IMAP4(host)
    # ok: ssl-unverified-context
    plain.starttls(ssl_context=ctx)
    # ok: ssl-unverified-context
    client.starttls()
    return imap, imap2, smtp, pop, ftp
