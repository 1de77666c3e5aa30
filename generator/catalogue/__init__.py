"""The normalized catalogue: agencies, systems, contractors, laws and assessments, cross-linked.

`build_catalogue` turns the loaded assessments into frozen values; the renderer and the
open-data writers only read them.
"""

from generator.catalogue.gather import build_catalogue
from generator.catalogue.values import (
    AgencyEntry,
    AssessmentEntry,
    Catalogue,
    CitationUse,
    ContractorEntry,
    ContractorEvent,
    Holding,
    LawEntry,
    ProvisionEntry,
    Ref,
    SourceFile,
    SystemEntry,
    SystemUse,
)

__all__ = [
    "AgencyEntry",
    "AssessmentEntry",
    "Catalogue",
    "CitationUse",
    "ContractorEntry",
    "ContractorEvent",
    "Holding",
    "LawEntry",
    "ProvisionEntry",
    "Ref",
    "SourceFile",
    "SystemEntry",
    "SystemUse",
    "build_catalogue",
]
