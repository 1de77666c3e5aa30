"""Where each value of a loaded YAML file was written, so later stages can point at it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class SourceMap:
    """Positions of every value (and of every mapping key) by its path in the data.

    A path is a tuple of keys and list indices: ``("files", 0, "overview")``. The root is
    ``()``.
    """

    values: Mapping[Loc, Position] = field(default_factory=lambda: MappingProxyType({}))
    keys: Mapping[Loc, Position] = field(default_factory=lambda: MappingProxyType({}))

    def value_at(self, loc: Loc) -> Position:
        """The position of the value at ``loc``, or of its closest written ancestor."""
        for end in range(len(loc), -1, -1):
            found = self.values.get(loc[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key_at(self, loc: Loc) -> Position:
        """The position of the key of ``loc``; the value's when it has no key (list item)."""
        return self.keys.get(loc) or self.value_at(loc)

    def only(self, locs: Iterable[Loc]) -> SourceMap:
        """A map that answers `value_at` and membership for `locs` exactly as this one
        does, and holds nothing else (a validated file keeps only what the catalogue-wide
        rules may point at; the full map costs more memory than the model itself)."""
        kept = {
            loc[:end]: self.values[loc[:end]]
            for loc in locs
            for end in range(len(loc) + 1)
            if loc[:end] in self.values
        }
        return SourceMap(MappingProxyType(kept), MappingProxyType({}))

    def parent_at(self, loc: Loc) -> Position:
        """Where to point for something missing at ``loc``: the line of its parent's key."""
        parent = loc[:-1]
        return self.keys.get(parent) or self.value_at(parent)
