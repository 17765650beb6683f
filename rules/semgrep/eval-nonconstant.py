import ast
import builtins

import sympy
from sympy import sympify


def calculate(expression: str, values: dict):
    # ruleid: eval-nonconstant
    result = eval(expression)
    # ruleid: eval-nonconstant
    scaled = eval(f"{expression} * 2", {"__builtins__": {}}, values)
    # ruleid: eval-nonconstant
    other = builtins.eval(values["code"])
    # ruleid: eval-nonconstant
    symbolic = sympify(expression)
    # ruleid: eval-nonconstant
    parsed = sympy.parsing.sympy_parser.parse_expr(expression)
    return result, scaled, other, symbolic, parsed


def safe(expression: str, model):
    # ok: eval-nonconstant
    literal = ast.literal_eval(expression)
    # ok: eval-nonconstant
    two = eval("1 + 1")
    # ok: eval-nonconstant
    model.eval()
    # ok: eval-nonconstant
    x = sympy.Symbol("x")
    return literal, two, x
