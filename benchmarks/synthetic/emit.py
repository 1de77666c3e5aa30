"""A small block-style YAML writer for generated data (dicts, lists, str, int, bool, None).

Strings are written as JSON strings (valid YAML double-quoted scalars), so no value is
ever read back as another type; None values are left out. Much faster than yaml.dump.
"""

from __future__ import annotations

import json
import re
from typing import Any

PLAIN_KEY = re.compile(r"^[a-z_]+$")
RESERVED_KEYS = frozenset({"no", "yes", "on", "off", "y", "n", "true", "false", "null"})


def _key(key: str) -> str:
    plain = PLAIN_KEY.match(key) and key not in RESERVED_KEYS
    return key if plain else json.dumps(key, ensure_ascii=False)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _lines(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            if isinstance(item, dict | list) and item:
                out.append(f"{indent}{_key(key)}:")
                _lines(item, indent + "  ", out)
            else:
                out.append(f"{indent}{_key(key)}: {_flow(item)}")
        return
    for item in value:
        if isinstance(item, dict) and item:
            inner: list[str] = []
            _lines(item, indent + "  ", inner)
            out.append(f"{indent}- {inner[0].lstrip()}")
            out.extend(inner[1:])
        else:
            out.append(f"{indent}- {_flow(item)}")


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def to_yaml(data: dict[str, Any], comment: str = "") -> str:
    out = [f"# {comment}"] if comment else []
    _lines(data, "", out)
    return "\n".join(out) + "\n"
