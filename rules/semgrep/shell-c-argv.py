import asyncio
import os
import subprocess


async def handler(query: str, script: str, container: str):
    # ruleid: shell-c-argv
    subprocess.run(["bash", "-c", f"grep -r {query} /srv"], check=True)
    # ruleid: shell-c-argv
    subprocess.check_output(["/bin/sh", "-c", script])
    # ruleid: shell-c-argv
    argv = ["docker", "exec", container] + ["sh", "-lc", "cat " + query]
    # ruleid: shell-c-argv
    proc = await asyncio.create_subprocess_exec("bash", "-c", script)
    # ruleid: shell-c-argv
    os.execvp("sh", ["sh", "-c", script])
    # ruleid: shell-c-argv
    subprocess.Popen(["cmd.exe", "/c", "dir " + query])
    # ruleid: shell-c-argv
    subprocess.run(("powershell", "-Command", script))
    return argv, proc


async def safe(query: str):
    # ok: shell-c-argv
    subprocess.run(["bash", "-c", "echo hello && uptime"])
    # ok: shell-c-argv
    subprocess.run(["grep", "-r", query, "/srv"])
    # ok: shell-c-argv
    subprocess.run(["bash", "./build.sh", query])
    # ok: shell-c-argv
    await asyncio.create_subprocess_exec("git", "-C", query, "status")
