"""The JSON Schema of a catalogue file, generated from the model (never edited by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.model.assessment import ASSESSMENT
from generator.model.values import ShortFormSchema

SCHEMA_ID = "https://pia-catalogue.example/schema/assessment.schema.json"
SCHEMA_PATH = Path("schema") / "assessment.schema.json"


def assessment_schema() -> dict:
    schema = ASSESSMENT.json_schema(schema_generator=ShortFormSchema, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "特定個人情報保護評価書(評価書カタログの1ファイル)",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(assessment_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
