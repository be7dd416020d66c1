"""The report as JSON text: exactly what ``json.dumps(data, indent=2,
ensure_ascii=False)`` writes, made several times faster.

The standard library encodes in C only without ``indent``; with it, every
value goes through a chain of Python generators, which for a year of a busy
journal (hundreds of thousands of values) costs more than building the
report. Here the same text is made by one recursive function appending to a
list, with the C string escaper of :mod:`json`.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


def dumps(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``; TypeError for a
    value JSON has no form for, as there."""
    parts: list[str] = []
    _encode(data, parts, "\n")
    return "".join(parts)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


#: The text of a scalar by its exact type (subclasses take the slow way).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


def _scalar(value: Any) -> str | None:
    """The text of a string, number, boolean or None (checked in the order
    :mod:`json` checks them), else None."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _key(key: Any) -> str:
    """A dictionary key as JSON writes it: always a string."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, (int, float)) or key is None:
        text = _scalar(key)
        assert text is not None
        return encode_basestring(text)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode(value: Any, parts: list[str], newline: str) -> None:
    """Append the text of ``value`` to ``parts``; ``newline`` is a line
    break with the indentation of the line ``value`` starts on."""
    scalars = _SCALARS
    simple = scalars.get(type(value))
    if simple is not None:
        parts.append(simple(value))
        return
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + INDENT
        separator = "{" + inner
        for key, item in value.items():
            head = separator + (encode_basestring(key) if type(key) is str else _key(key)) + ": "
            simple = scalars.get(type(item))
            if simple is not None:
                parts.append(head + simple(item))
            else:
                parts.append(head)
                _encode(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
        return
    if isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + INDENT
        try:  # a list of scalars (most are) in one go
            texts = [scalars[type(item)](item) for item in value]
        except KeyError:
            separator = "[" + inner
            for item in value:
                parts.append(separator)
                _encode(item, parts, inner)
                separator = "," + inner
        else:
            parts.append("[" + inner + ("," + inner).join(texts))
        parts.append(newline + "]")
        return
    text = _scalar(value)
    if text is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    parts.append(text)
