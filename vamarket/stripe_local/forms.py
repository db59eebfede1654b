"""Stripe's request encoding: form fields in bracket notation, decoded into nested dicts and lists.

`metadata[contract]=3` → `{"metadata": {"contract": "3"}}`; `line_items[0][quantity]=1` →
`{"line_items": [{"quantity": "1"}]}`; `expand[]=a&expand[]=b` → `{"expand": ["a", "b"]}`.
Values stay strings; the `as_*` helpers convert them and raise Stripe's errors.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from vamarket.stripe_local.errors import StripeError, invalid, missing

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")
_KEEP_AS_DICT = {"metadata"}


def parse_body(raw: bytes | str) -> list[tuple[str, str]]:
    """The (key, value) pairs of a form body or query string, blanks kept."""
    text = raw.decode() if isinstance(raw, bytes) else raw
    return parse_qsl(text, keep_blank_values=True)


def decode(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Nested params from bracket-notation pairs."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if not match:
            raise StripeError(400, f"Invalid parameter name: {key}", param=key)
        parts = [match.group(1), *_PART.findall(match.group(2))]
        node = root
        for i, part in enumerate(parts):
            if part == "":
                part = str(len(node))
            if i == len(parts) - 1:
                node[part] = value
                break
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise StripeError(400, f"Invalid parameter: {key}", param=key)
            node = child
    return _listify(root, "")


def _listify(node: Any, name: str) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {k: _listify(v, k) for k, v in node.items()}
    if name not in _KEEP_AS_DICT and converted and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def as_int(params: dict[str, Any], name: str, *, required: bool = False,
           minimum: int | None = None) -> int | None:
    """An integer parameter (Stripe amounts are integers of minor units)."""
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            raise missing(name)
        return None
    try:
        value = int(str(raw))
    except ValueError:
        raise invalid(name, f"Invalid integer: {raw}", "parameter_invalid_integer") from None
    if minimum is not None and value < minimum:
        raise invalid(name, f"This value must be greater than or equal to {minimum}.",
                      "parameter_invalid_integer")
    return value


def as_bool(params: dict[str, Any], name: str) -> bool:
    """A boolean parameter (`true`/`false`)."""
    raw = str(params.get(name, "false")).lower()
    if raw not in ("true", "false"):
        raise invalid(name, f"Invalid boolean: {raw}", "parameter_invalid_boolean")
    return raw == "true"


def as_str(params: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """A string parameter; empty counts as absent."""
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            raise missing(name)
        return None
    if not isinstance(raw, str):
        raise invalid(name, f"Invalid string: {name}", "parameter_invalid_string")
    return raw


def as_dict(params: dict[str, Any], name: str) -> dict[str, Any]:
    """A nested hash parameter (empty when absent)."""
    raw = params.get(name) or {}
    if not isinstance(raw, dict):
        raise invalid(name, f"Invalid hash: {name}", "parameter_invalid_hash")
    return raw


def metadata(params: dict[str, Any], current: dict[str, str] | None = None) -> dict[str, str]:
    """Metadata after applying `metadata[...]` (an empty value removes a key)."""
    result = dict(current or {})
    raw = params.get("metadata")
    if raw == "":
        return {}
    for key, value in as_dict(params, "metadata").items():
        if value == "":
            result.pop(key, None)
        else:
            result[key] = str(value)
    return result


def currency(params: dict[str, Any], name: str = "currency", *, required: bool = True) -> str | None:
    """A three-letter currency code, lower case as Stripe returns it."""
    raw = as_str(params, name, required=required)
    if raw is None:
        return None
    if len(raw) != 3 or not raw.isalpha():
        raise invalid(name, f"Invalid currency: {raw}.", "parameter_invalid_string")
    return raw.lower()
