"""The normalizers the validator asks, imported once; a missing one is reported, not raised.

Each checker in `references.py` asks `normalizer(name)`; when the module cannot be imported
the check yields one error saying which rule could not run and why, so a broken
normalizer never passes silently and never ends in a traceback.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

MODULES = {
    "agencies": "generator.normalize.agencies",
    "citations": "generator.normalize.citations",
    "contractors": "generator.normalize.contractors",
    "systems": "generator.normalize.systems",
}


class NormalizerUnavailable(Exception):
    """A normalizer module could not be imported; the message says which and why."""


@cache
def normalizer(name: str) -> ModuleType:
    module_name = MODULES[name]
    try:
        return importlib.import_module(module_name)
    except Exception as err:
        raise NormalizerUnavailable(
            f"{module_name} を読み込めないため、この規則を確認できません({type(err).__name__}: {err})"
        ) from err
