from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolTemplateInjection(Rule):
    """
    ## What it does
    Reports an MCP tool parameter used as template *source*: ``jinja2.Template(x)``,
    ``Environment().from_string(x)``, ``flask.render_template_string(x)``, mako templates.
    Passing caller values as template *variables* is fine and not reported.

    ## Why is this bad
    Template syntax is code: ``{{ cycler.__init__.__globals__.os.popen('id').read() }}`` runs
    commands in an unsandboxed jinja2 environment.

    ## Remediation
    Keep templates constant (files or literals) and pass caller values as render variables; use
    ``jinja2.sandbox.SandboxedEnvironment`` if users must supply templates.
    """

    ID = "tool-template-injection"
    SUMMARY = "MCP tool input is used as template source (server-side template injection)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-1336",)
    TAGS = ("injection", "template")
    FAMILY = "template"
    FIX = "Use constant templates and pass caller values as variables (or a SandboxedEnvironment)."
    VALID = [
        Valid(
            '''
            from jinja2 import Template
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("mail")
            GREETING = Template("Hello {{ name }}!")

            @mcp.prompt()
            def greet(name: str) -> str:
                return GREETING.render(name=name)
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import jinja2
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("mail")

            @mcp.tool()
            def render(template: str, name: str) -> str:
                return jinja2.Template(template).render(name=name)
            ''',
            8,
        ),
        Invalid(
            '''
            from jinja2 import Environment
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("mail")
            env = Environment()

            @mcp.tool()
            def render(body: str) -> str:
                return env.from_string("Dear user,\\n" + body).render()
            ''',
            9,
        ),
    ]
