from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolCodeInjection(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that reaches ``eval``, ``exec``, ``compile``, ``__import__``,
    ``importlib.import_module`` or ``runpy``.

    ## Why is this bad
    The caller runs arbitrary Python inside the server: ``__import__('os').system('id')`` in a
    "calculator" tool is a full compromise.

    ## Remediation
    Never evaluate caller text. Parse what you need (``ast.literal_eval`` for literals, a small
    expression parser for arithmetic) and choose modules from an allow-list.
    """

    ID = "tool-code-injection"
    SUMMARY = "MCP tool input reaches eval/exec/compile/dynamic import (code injection)"
    SEVERITY = Severity.CRITICAL
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-94", "CWE-95")
    TAGS = ("injection", "code")
    FAMILY = "code"
    FIX = "Do not evaluate caller input; use ast.literal_eval or a dedicated parser."
    VALID = [
        Valid(
            '''
            import ast
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("calc")

            @mcp.tool()
            def parse_list(text: str) -> list:
                return list(ast.literal_eval(text))
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("calc")

            @mcp.tool()
            def calculate(expression: str) -> str:
                result = eval("round(" + expression + ", 2)")
                return str(result)
            ''',
            7,
        ),
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("sheets")

            @mcp.tool()
            def cell_formula(formula: str) -> str:
                scope = {}
                exec(f"result = {formula}", scope)
                return str(scope["result"])
            ''',
            8,
        ),
    ]
