"""The one way auditor text reaches the report: what XML cannot hold is removed."""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text from the auditor with what XML cannot hold removed."""
    return _ILLEGAL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")
