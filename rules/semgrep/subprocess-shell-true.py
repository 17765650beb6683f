import subprocess
import subprocess as sp
from subprocess import run as run_it


def handler(path: str, ref: str, cmd: str):
    # ruleid: subprocess-shell-true
    subprocess.run(f"ls -l {path}", shell=True)
    # ruleid: subprocess-shell-true
    sp.check_output("git log " + ref, shell=True, text=True)
    # ruleid: subprocess-shell-true
    subprocess.Popen(cmd, shell=True)
    # ruleid: subprocess-shell-true
    run_it("grep %s /var/log/app.log" % path, shell=True)
    # ruleid: subprocess-shell-true
    subprocess.call(args="echo {}".format(ref), shell=True)
    command = "cat " + path
    # ruleid: subprocess-shell-true
    subprocess.check_call(command, cwd="/tmp", shell=True)


def safe(path: str, ref: str):
    # ok: subprocess-shell-true
    subprocess.run(["ls", "-l", path])
    # ok: subprocess-shell-true
    subprocess.run("ls -l /tmp", shell=True)
    fixed = "uptime"
    # ok: subprocess-shell-true
    subprocess.run(fixed, shell=True)
    # ok: subprocess-shell-true
    subprocess.run(f"ls -l {path}", shell=False)
    # ok: subprocess-shell-true
    sp.check_output(["git", "log", ref], text=True)
