"""Stage 2: problems in catalogue files, reported all at once (`pia validate`).

Public API: `validate_paths` (generator.validate.validator), `Problem` and the formatters
(generator.validate.problems), `catalogue_problems` (generator.validate.rules). This
package imports nothing eagerly, so the loader can use its problem types.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Problem": "generator.validate.problems",
    "validate_paths": "generator.validate.validator",
    "catalogue_problems": "generator.validate.rules",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'generator.validate' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
