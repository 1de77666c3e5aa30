"""The catalogue model: one assessment per YAML file (pydantic v2; the JSON Schema is generated)."""

from generator.model.assessment import (
    ASSESSMENT,
    Assessment,
    BasicAssessment,
    FocusedAssessment,
    FullAssessment,
    Provenance,
    Status,
)
from generator.model.choices import FormType
from generator.model.values import Choice, DateValue, MultiChoice

__all__ = [
    "ASSESSMENT",
    "Assessment",
    "BasicAssessment",
    "Choice",
    "DateValue",
    "FocusedAssessment",
    "FormType",
    "FullAssessment",
    "MultiChoice",
    "Provenance",
    "Status",
]
