"""Facts as plain JSON data, and back, for the on-disk cache.

Not pickle: a cache folder can sit in a repository under audit (`.harness-audit-cache/`), and
unpickling someone else's bytes runs their code. Decoding here builds only dataclasses defined in
this package (`analyzer.*`), plus lists, tuples, sets, dicts and scalars; anything else is an
error, and the cache treats the entry as corrupt.
"""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

_PACKAGE = "analyzer."


class DecodeError(ValueError):
    """The data is not something `encode` wrote."""


def encode(value: Any) -> Any:
    """`value` as JSON-ready data: dataclasses as {"@": "module:Class", field: ...}."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        data = {"@": f"{kind.__module__}:{kind.__qualname__}"}
        for item in dataclasses.fields(value):
            if item.init:  # what the constructor takes is what decoding gives back
                data[item.name] = encode(getattr(value, item.name))
        return data
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"@": "tuple", "items": [encode(item) for item in value]}
    if isinstance(value, (set, frozenset)):
        return {"@": "set", "items": sorted((encode(item) for item in value), key=repr)}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"@": "dict", "items": {key: encode(item) for key, item in value.items()}}
    raise TypeError(f"cannot cache a {type(value).__name__}")


_SCALARS = (str, int, float, bool, type(None))


def decode(data: Any) -> Any:
    if type(data) in _SCALARS:
        return data
    if type(data) is list:
        return [item if type(item) in _SCALARS else decode(item) for item in data]
    if not isinstance(data, dict) or not isinstance(data.get("@"), str):
        raise DecodeError("not encoded data")
    tag = data["@"]
    if tag == "tuple":
        return tuple(item if type(item) in _SCALARS else decode(item) for item in _items(data, list))
    if tag == "set":
        return {item if type(item) in _SCALARS else decode(item) for item in _items(data, list)}
    if tag == "dict":
        return {key: decode(item) for key, item in _items(data, dict).items()}
    kind, names = _dataclass(tag)
    if len(data) != len(names) + 1:
        raise DecodeError(f"{tag}: fields differ")
    try:
        values = {name: data[name] if type(data[name]) in _SCALARS else decode(data[name]) for name in names}
    except KeyError:
        raise DecodeError(f"{tag}: fields differ") from None
    return kind(**values)


def _items(data: dict, kind: type) -> Any:
    items = data.get("items")
    if not isinstance(items, kind):
        raise DecodeError(f"{data['@']}: no items")
    return items


_KNOWN: dict[str, tuple[type, tuple[str, ...]]] = {}


def _dataclass(tag: str) -> tuple[type, tuple[str, ...]]:
    """The data class a tag names, with the fields its constructor takes (memoised per tag)."""
    known = _KNOWN.get(tag)
    if known is not None:
        return known
    module_name, _, qualname = tag.partition(":")
    if not module_name.startswith(_PACKAGE) or not qualname.isidentifier():
        raise DecodeError(f"{tag}: not a harness-audit type")
    try:
        kind = getattr(importlib.import_module(module_name), qualname)
    except (ImportError, AttributeError) as error:
        raise DecodeError(f"{tag}: {error}") from None
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise DecodeError(f"{tag}: not a data class")
    known = _KNOWN[tag] = (kind, tuple(item.name for item in dataclasses.fields(kind) if item.init))
    return known
