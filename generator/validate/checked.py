"""What validation keeps of each file that loaded, for the catalogue-wide rules and the build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.load.files import LoadedAssessment
from generator.load.sourcemap import Loc, SourceMap
from generator.model.packed import PackedAssessment


@dataclass(frozen=True)
class CheckedFile:
    """A file after its own checks: the model packed, only the positions in ``lines``
    that later rules point at, and the SHA-256 of the file's bytes."""

    path: Path
    assessment: PackedAssessment
    lines: SourceMap
    digest: str

    @classmethod
    def of(cls, loaded: LoadedAssessment, locs: tuple[Loc, ...]) -> CheckedFile:
        packed = PackedAssessment.pack(loaded.assessment)
        return cls(loaded.path, packed, loaded.lines.only(locs), loaded.digest)
