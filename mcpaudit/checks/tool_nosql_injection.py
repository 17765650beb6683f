from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolNosqlInjection(Rule):
    """
    ## What it does
    Reports MongoDB-style queries (``find``, ``find_one``, ``aggregate``, ``update_many``,
    ``delete_many`` ...) whose whole filter or pipeline comes from an MCP tool parameter, whose
    keys are chosen by the caller, or whose ``$where``/``$function``/``$expr`` value is tainted.

    ## Why is this bad
    A caller-supplied document can carry operators: ``{"$ne": null}`` matches every record,
    ``$where`` runs JavaScript on the server, and ``$out``/``$merge`` stages write collections.

    ## Remediation
    Build the query document in code from typed, validated field values; never pass a
    caller-supplied document or pipeline through. Reject keys that start with ``$``.
    """

    ID = "tool-nosql-injection"
    SUMMARY = "MCP tool input chooses a NoSQL query document or operator"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-943",)
    TAGS = ("injection", "nosql")
    FAMILY = "nosql"
    FIX = "Build query documents from validated field values; never pass caller documents or pipelines through."
    VALID = [
        Valid(
            '''
            from pymongo import MongoClient
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("mongo")
            collection = MongoClient()["app"]["users"]

            @mcp.tool()
            def by_name(name: str) -> list:
                return list(collection.find({"name": name}))
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from pymongo import MongoClient
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("mongo")
            collection = MongoClient()["app"]["users"]

            @mcp.tool()
            def search(field: str, value: str) -> list:
                return list(collection.find({field: value}))
            ''',
            9,
        ),
        Invalid(
            '''
            from pymongo import MongoClient
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("mongo")
            db = MongoClient()["app"]

            @mcp.tool()
            def where(expr: str) -> list:
                return list(db.users_collection.find({"$where": expr}))
            ''',
            9,
        ),
    ]
