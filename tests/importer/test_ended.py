"""The end date of an ended assessment (`【令和N年N月N日 終了】` in the title)."""

from __future__ import annotations

import datetime as dt

from generator.importer import import_text
from tests.importer.conftest import seed_path


def test_the_end_date_in_the_title_is_the_assessments_end() -> None:
    text = seed_path("002").read_text()
    ended = text.replace("重点項目 評価書\n", "重点項目 評価書【令和8年3月31日 終了】\n", 1)
    assessment = import_text(ended).assessment
    assert assessment.status == "終了"
    assert assessment.cover.ended is not None
    assert (assessment.cover.ended.raw, assessment.cover.ended.start) == (
        "令和8年3月31日",
        dt.date(2026, 3, 31),
    )


def test_an_assessment_in_force_has_no_end_date() -> None:
    assert import_text(seed_path("002").read_text()).assessment.cover.ended is None
