"""Stage 1: catalogue YAML files → model values, with the position of every value.

Public API: `load_catalogue`, `load_assessment_file`, `load_file`, `LoadedAssessment`,
`dump_assessment`, `catalogue_files`, and `SourceMap`/`Position`. The names are imported on
first use, so the validator's modules can use `generator.load.sourcemap` without a cycle.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LoadedAssessment": "generator.load.files",
    "catalogue_files": "generator.load.files",
    "dump_assessment": "generator.load.files",
    "load_assessment_file": "generator.load.files",
    "load_catalogue": "generator.load.files",
    "load_file": "generator.load.files",
    "Position": "generator.load.sourcemap",
    "SourceMap": "generator.load.sourcemap",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'generator.load' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
