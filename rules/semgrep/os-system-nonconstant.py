import asyncio
import os
import subprocess
from os import system, popen as p


async def handler(host: str, name: str):
    # ruleid: os-system-nonconstant
    os.system("ping -c 1 " + host)
    # ruleid: os-system-nonconstant
    system(f"nslookup {host}")
    # ruleid: os-system-nonconstant
    out = p("whois %s" % host).read()
    # ruleid: os-system-nonconstant
    status, text = subprocess.getstatusoutput("dig {}".format(host))
    # ruleid: os-system-nonconstant
    proc = await asyncio.create_subprocess_shell(f"tar czf /tmp/{name}.tgz .", stdout=None)
    cmd = "rm -rf " + name
    # ruleid: os-system-nonconstant
    os.system(cmd)
    return out, status, text, proc


async def safe(host: str):
    # ok: os-system-nonconstant
    os.system("clear")
    # ok: os-system-nonconstant
    p("uptime").read()
    constant = "date"
    # ok: os-system-nonconstant
    subprocess.getoutput(constant)
    # ok: os-system-nonconstant
    await asyncio.create_subprocess_exec("ping", "-c", "1", host)
