from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolUnsafeDeserialization(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that reaches a deserialiser that can build arbitrary objects:
    ``pickle``/``dill``/``cloudpickle``, ``yaml.load`` without a safe loader, ``yaml.unsafe_load``,
    ``marshal``, ``jsonpickle``, ``shelve``, ``joblib``/``torch.load``/``pandas.read_pickle``.

    ## Why is this bad
    A pickle or an unsafe YAML document runs code while it is loaded; the caller gets remote code
    execution from a "load data" tool.

    ## Remediation
    Use data-only formats (``json``, ``yaml.safe_load``); never unpickle caller bytes.
    """

    ID = "tool-unsafe-deserialization"
    SUMMARY = "MCP tool input reaches an unsafe deserialiser (pickle, yaml.load, marshal ...)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-502",)
    TAGS = ("deserialization",)
    FAMILY = "deserialization"
    FIX = "Use json or yaml.safe_load; never unpickle data from a tool call."
    VALID = [
        Valid(
            '''
            import yaml
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("cfg")

            @mcp.tool()
            def parse(doc: str) -> dict:
                return yaml.safe_load(doc)
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import base64, pickle
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("cache")

            @mcp.tool()
            def restore(blob: str) -> str:
                data = base64.b64decode(blob)
                return repr(pickle.loads(data))
            ''',
            9,
        ),
        Invalid(
            '''
            import yaml
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("cfg")

            @mcp.tool()
            def parse(doc: str) -> dict:
                return yaml.load(doc, Loader=yaml.Loader)
            ''',
            8,
        ),
    ]
