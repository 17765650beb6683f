import jinja2
from flask import render_template_string
from jinja2 import Environment, Template
from jinja2.sandbox import SandboxedEnvironment

env = Environment(autoescape=True)


def render(template: str, name: str, data: dict):
    # ruleid: jinja2-template-from-input
    a = Template(template).render(**data)
    # ruleid: jinja2-template-from-input
    b = jinja2.Template("Hello " + name).render()
    # ruleid: jinja2-template-from-input
    c = env.from_string(f"<h1>{name}</h1>").render()
    # ruleid: jinja2-template-from-input
    d = render_template_string(template, **data)
    # ruleid: jinja2-template-from-input
    e = Environment().from_string(template).render(data)
    return a, b, c, d, e


def safe(name: str, data: dict):
    # ok: jinja2-template-from-input
    a = Template("Hello {{ name }}").render(name=name)
    # ok: jinja2-template-from-input
    b = render_template_string("<p>{{ data }}</p>", data=data)
    sandbox = SandboxedEnvironment()
    # ok: jinja2-template-from-input
    c = sandbox.from_string(data["template"]).render()
    # ok: jinja2-template-from-input
    d = Template(open("templates/report.j2").read()).render(**data)
    return a, b, c, d
