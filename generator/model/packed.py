"""A validated assessment kept compressed, so a national catalogue fits in bounded memory.

A validated model is about 48 KB of Python objects; its JSON, zlib-compressed, about
4.3 KB, and `ASSESSMENT.validate_json` turns it back into an equal model in about 0.6 ms
(the 1,000-file synthetic corpus of benchmarks/synthetic). At 60,000 assessments that
is 0.26 GB held instead of 2.9 GB, for one decoding per assessment in each stage that
reads the whole form (tests/test_packed.py checks that decoding gives back an equal
model). The values read across the whole catalogue — id, status, cover, provenance and
which form — stay decoded, so the catalogue-wide rules, lists and downloads never decode.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from generator.model.assessment import ASSESSMENT, Assessment, Provenance, Status
from generator.model.parts import Cover

COMPRESSION_LEVEL = 6  # level 9 saves 2% more for twice the time


@dataclass(frozen=True, slots=True)
class PackedAssessment:
    id: str
    status: Status
    cover: Cover
    provenance: Provenance | None
    form: type[Assessment]  # the model class, for field titles in messages
    data: bytes  # zlib-compressed JSON of the whole model

    @classmethod
    def pack(cls, assessment: Assessment) -> PackedAssessment:
        data = zlib.compress(ASSESSMENT.dump_json(assessment), COMPRESSION_LEVEL)
        a = assessment
        return cls(a.id, a.status, a.cover, a.provenance, type(a), data)

    def unpack(self) -> Assessment:
        """The whole model, decoded again (about 0.6 ms): decode once per stage and pass it on."""
        model: Assessment = ASSESSMENT.validate_json(zlib.decompress(self.data))
        return model
