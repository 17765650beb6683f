"""Names and input models of low-level ``Tool(...)`` declarations that are not literals.

``Tool(name=Tools.LOAD_CSV, inputSchema=LoadCsv.model_json_schema())``: the name is a member of a
``str`` Enum of the module (``LOAD_CSV = "load_csv"``) and the schema is made from a pydantic model
class whose fields are the tool's parameters. Both are read from the module's own classes, so the
engine knows what each tool takes (whether any parameter is a credential) without a literal
schema. A model or an Enum defined in another module stays unknown.
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from .cstnodes import string_value


def _classes(mod) -> Dict[str, cst.ClassDef]:
    out = mod.__dict__.get("_module_classes")
    if out is None:
        out = mod.__dict__["_module_classes"] = {
            s.name.value: s for s in mod.module.body if isinstance(s, cst.ClassDef)}
    return out


def enum_member_value(mod, node: cst.BaseExpression) -> Optional[str]:
    """The string value of ``EnumClass.MEMBER`` for an Enum class of the module, else None."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in mod.enums):
        return None
    cls = _classes(mod).get(node.value.value)
    member = node.attr.value
    for line in (cls.body.body if cls is not None and isinstance(cls.body, cst.IndentedBlock) else ()):
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for stmt in line.body:
            if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and \
                    isinstance(stmt.targets[0].target, cst.Name) and stmt.targets[0].target.value == member:
                return string_value(stmt.value)
    return None


def model_fields(mod, dotted: Optional[str]) -> Optional[Dict[str, Optional[str]]]:
    """The annotated fields (``name: type [= default]``) of a model class of the module, with the
    ``Field(description=...)`` text when given: a pydantic model's JSON schema properties. None
    when the class is not defined in this module (its fields are unknown)."""
    cls = _classes(mod).get(dotted or "")
    if cls is None or not isinstance(cls.body, cst.IndentedBlock):
        return None
    out: Dict[str, Optional[str]] = {}
    for line in cls.body.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for stmt in line.body:
            if isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name) and \
                    not stmt.target.value.startswith("_") and not _class_var(stmt.annotation.annotation):
                out[stmt.target.value] = _description(stmt.value)
    return out


def _class_var(ann: cst.BaseExpression) -> bool:
    node = ann.value if isinstance(ann, cst.Subscript) else ann
    name = node.attr.value if isinstance(node, cst.Attribute) else getattr(node, "value", None)
    return name == "ClassVar"


def _description(value: Optional[cst.BaseExpression]) -> Optional[str]:
    if isinstance(value, cst.Call):
        for a in value.args:
            if a.keyword is not None and a.keyword.value == "description":
                return string_value(a.value)
    return None
