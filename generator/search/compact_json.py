"""The JSON spelling of every search-index file and cached analysis."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    """Compact, sorted, UTF-8 JSON: byte-identical for equal values."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
