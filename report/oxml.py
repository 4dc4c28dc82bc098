"""The two WordprocessingML helpers the report's modules share: make an element, set a child."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _el(tag: str, **attrs: str) -> Any:
    """A new `tag` element with `w:`-namespaced attributes."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    """Replace (or add) the child `tag` of `parent` with these attributes."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = _el(tag, **attrs)
    parent.append(child)
    return child
