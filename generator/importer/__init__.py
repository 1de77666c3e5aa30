"""The importer: a converted 特定個人情報保護評価書 text → a catalogue assessment.

Python API::

    from generator.importer import import_text, import_bytes
    result = import_text(text)          # or import_bytes(data) for undecoded input
    result.assessment                   # generator.model Assessment (validated)
    result.agency_slug                  # catalogue directory, or None if unknown
    result.report.render()              # Japanese report: found / empty / absent / damaged

Both raise ``generator.importer.text.InputError`` (a Japanese message) for input that cannot
be imported.
"""

from __future__ import annotations

from generator.importer.core import Imported, import_bytes
from generator.importer.text import InputError


def import_text(text: str, source_name: str | None = None) -> Imported:
    """Import an already decoded text. ``source_name`` only labels messages."""
    try:
        return import_bytes(text.encode("utf-8"))
    except InputError as err:
        if source_name:
            raise InputError(f"{source_name}: {err}") from None
        raise


__all__ = ["Imported", "InputError", "import_bytes", "import_text"]
