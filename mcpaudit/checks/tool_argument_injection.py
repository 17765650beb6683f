from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolArgumentInjection(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that becomes an element of a program's argument vector
    (``subprocess`` argv lists, ``asyncio.create_subprocess_exec``, GitPython's ``repo.git.<cmd>()``)
    when nothing stops it from starting with ``-`` and no ``--`` separator precedes it. A validator
    that refuses options by their exact names (``--to-command``, ``--upload-pack``) does not stop
    it: GNU programs take any unambiguous abbreviation (``--to-comm=sh``).

    ## Why is this bad
    No shell is involved, yet a value such as ``--output=/etc/cron.d/x`` or
    ``--upload-pack=touch /tmp/pwn`` is read by the program as an option. This is the bug class of
    the mcp-server-git advisories: ``git diff <target>`` with a caller-chosen ``target``.

    ## Remediation
    Put ``--`` before positional values, reject values that start with ``-``, or validate them
    against a strict pattern (``re.fullmatch(r"[A-Za-z0-9._/]+", ref)`` that cannot start with a dash).
    """

    ID = "tool-argument-injection"
    SUMMARY = "MCP tool input becomes a program argument that can be read as an option"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-88",)
    TAGS = ("injection", "command")
    FAMILY = "argument"
    FIX = "Insert '--' before caller values in argv, or reject values that start with '-'."
    VALID = [
        Valid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("git")

            @mcp.tool()
            def git_show(ref: str) -> str:
                return subprocess.run(["git", "show", "--", ref], capture_output=True, text=True).stdout
            '''
        ),
        Valid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("git")

            @mcp.tool()
            def git_log(ref: str) -> str:
                if ref.startswith("-"):
                    raise ValueError("refs cannot start with '-'")
                return subprocess.run(["git", "log", ref], capture_output=True, text=True).stdout
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("git")

            @mcp.tool()
            def git_diff(target: str) -> str:
                argv = ["git", "diff"]
                argv.append(target)
                return subprocess.run(argv, capture_output=True, text=True).stdout
            ''',
            10,
        ),
        Invalid(
            '''
            import git
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("git")

            @mcp.tool()
            def git_checkout(repo_path: str, branch: str) -> str:
                repo = git.Repo("/srv/repo")
                return repo.git.checkout(branch)
            ''',
            9,
        ),
    ]
